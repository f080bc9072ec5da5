import {
  type ColumnFiltersState,
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  type Row,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { lazy, type ReactNode, Suspense, useMemo, useRef, useState } from 'react';
import { type ApiProfile, capitalise } from '../../../lib/twilio/api-profiles.ts';
import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import { Link } from '../../../ui/link.tsx';
import { useReturnFocus } from '../../../ui/use-return-focus.ts';
import { LevelBadge, StateBadge, StatusBadge, UnreadCell } from './channel-filters.tsx';
import { FIRST_STAGE_ROWS, LoadingBody, TableBody, type TableBodyProps } from './table-body.tsx';

const VirtualTableBody = lazy(() => import('./virtual-table-body.tsx'));

const features = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});

export type Features = typeof features;
export type ChannelsTableInstance = ReturnType<typeof useChannelsTable>;

const helper = createColumnHelper<Features, Membership>();

/** Rows below this count render plainly; above it only the rows in view are in the DOM. */
export const VIRTUALIZE_FROM = 150;

/** The selection model the table draws (a checkbox per row and "select all shown"): kept by the view. */
export interface TableSelection {
  has: (channelSid: string) => boolean;
  set: (rows: readonly Membership[], selected: boolean) => void;
}

/** What a bulk run says about a row (the Result column while results are shown). */
export interface RowResult {
  status: string;
  text: string;
}

interface Live {
  href: (channelSid: string) => string;
  /** A short diagnosis under the channel's name where something is off (the app's, loaded after the first view). */
  hint: ((row: Membership) => ReactNode) | null;
  /** After the notification level ("until Mon 09:00": a timed mute's end, the app's, loaded after the first view). */
  levelNote: ((row: Membership) => ReactNode) | null;
  selection: TableSelection | null;
  results: ReadonlyMap<string, RowResult> | null;
}

const equals = (row: Row<Features, Membership>, columnId: string, value: unknown) =>
  row.getValue(columnId) === value;

/** The one column set. Built once per API and layout; what changes per render (links, selection, results) is read
 * through `live`, and the memoised rows re-render when their own part of it changes. */
function buildColumns(
  profile: ApiProfile,
  live: { current: Live },
  withSelect: boolean,
  withResult: boolean,
) {
  const terms = profile.terms;
  return helper.columns([
    ...(withSelect
      ? [
          helper.display({
            id: 'select',
            header: () => null,
            cell: ({ row }) => (
              <input
                type="checkbox"
                className="row-select"
                aria-label={`Select ${membershipLabel(row.original)}`}
                checked={live.current.selection?.has(row.original.channelSid) ?? false}
                onChange={(event) => live.current.selection?.set([row.original], event.target.checked)}
              />
            ),
          }),
        ]
      : []),
    helper.accessor((row) => membershipLabel(row), {
      id: 'channel',
      header: capitalise(terms.channel),
      sortFn: 'alphanumeric',
      cell: ({ row }) => (
        <div className="channel-cell">
          <Link
            href={live.current.href(row.original.channelSid)}
            data-channel-sid={row.original.channelSid}
            className="channel-link"
          >
            {membershipLabel(row.original)}
          </Link>
          {/* Always there (empty until a name arrives; CSS keeps its line) so rows don't grow when names come in. */}
          <span className="sid">
            {membershipLabel(row.original) !== row.original.channelSid ? row.original.channelSid : null}
          </span>
          {live.current.hint?.(row.original)}
        </div>
      ),
    }),
    profile.hasConversationState
      ? helper.accessor((row) => row.conversation?.state ?? undefined, {
          id: 'state',
          header: 'State',
          sortUndefined: 'last',
          cell: ({ getValue }) => <StateBadge state={getValue()} />,
          filterFn: equals,
        })
      : helper.accessor('status', {
          header: 'Status',
          cell: ({ getValue }) => <StatusBadge status={getValue()} />,
          filterFn: equals,
        }),
    helper.accessor((row) => (row.unreadPending ? undefined : (row.unread ?? undefined)), {
      id: 'unread',
      header: 'Unread',
      sortUndefined: 'last',
      cell: ({ row }) => <UnreadCell row={row.original} />,
      // "has unread": a known count above zero.
      filterFn: (row, columnId, wanted: boolean) => {
        const unread = row.getValue<number | undefined>(columnId);
        return wanted ? unread !== undefined && unread > 0 : true;
      },
    }),
    helper.accessor((row) => row.lastReadIndex ?? undefined, {
      id: 'lastRead',
      header: 'Read position',
      sortUndefined: 'last',
      cell: ({ getValue }) => getValue() ?? <span className="muted-text">—</span>,
    }),
    helper.accessor((row) => row.notificationLevel ?? undefined, {
      id: 'notifications',
      header: 'Notifications',
      sortUndefined: 'last',
      cell: ({ getValue, row }) => (
        <>
          <LevelBadge level={getValue()} />
          {live.current.levelNote?.(row.original)}
        </>
      ),
      filterFn: equals,
    }),
    ...(withResult
      ? [
          helper.display({
            id: 'result',
            header: 'Result',
            cell: ({ row }) => {
              const result = live.current.results?.get(row.original.channelSid);
              return result ? (
                <span className={`bulk-result bulk-result-${result.status}`}>{result.text}</span>
              ) : null;
            },
          }),
        ]
      : []),
  ]);
}

interface UseChannelsTableOptions {
  profile: ApiProfile;
  rows: readonly Membership[];
  channelHref: (channelSid: string) => string;
  sorting: SortingState;
  onSortingChange: (updater: SortingState | ((old: SortingState) => SortingState)) => void;
  columnFilters: ColumnFiltersState;
  selection: TableSelection | null;
  results: ReadonlyMap<string, RowResult> | null;
  rowHint?: ((row: Membership) => ReactNode) | null;
  levelNote?: ((row: Membership) => ReactNode) | null;
}

/** The table's state: the view reads the rows it shows (export, counts, "select all shown") from it. */
export function useChannelsTable(options: UseChannelsTableOptions) {
  const { profile, rows, sorting, onSortingChange, columnFilters, selection, results } = options;
  const hint = options.rowHint ?? null;
  const levelNote = options.levelNote ?? null;
  const live = useRef<Live>({ href: options.channelHref, hint, levelNote, selection, results });
  live.current = { href: options.channelHref, hint, levelNote, selection, results };
  const withSelect = selection !== null;
  const withResult = results !== null;
  const columns = useMemo(
    () => buildColumns(profile, live, withSelect, withResult),
    [profile, withSelect, withResult],
  );
  const table = useTable({
    features,
    columns,
    data: rows as Membership[],
    getRowId: (row) => row.channelSid,
    state: { sorting, columnFilters },
    onSortingChange,
    onColumnFiltersChange: () => undefined,
  });
  const shownRows = table.getRowModel().rows;
  const shown = useMemo(() => shownRows.map((row) => row.original), [shownRows]);
  return { table, columns, shownRows, shown, selection, results };
}

interface ChannelsTableProps {
  caption: string;
  state: ChannelsTableInstance;
  /** Rows belong to the previous page while the next one loads. */
  stale: boolean;
  /** While the first rows load: a placeholder as tall as this many rows stands in for the body. */
  loadingRows?: number | undefined;
  /** The channel whose drawer is open: when it closes, focus goes back to that row's link. */
  openChannel: string | null;
  /** Shown as the only row when rows are loaded but the filters hide every one. */
  emptyNote: string;
  /** The channels whose rows are drawn (for the name loader): every shown row, or a virtualised table's window. */
  onDrawn: (channelSids: readonly string[]) => void;
}

export function ChannelsTable({
  caption,
  state,
  stale,
  loadingRows,
  openChannel,
  emptyNote,
  onDrawn,
}: ChannelsTableProps) {
  const { table, shownRows, selection, results } = state;
  // State, not a ref: the body's virtualizer needs the element, and a parent's ref is set after its children's
  // layout effects ran.
  const [scrollElement, setScrollElement] = useState<HTMLDivElement | null>(null);
  useReturnFocus(openChannel);
  const virtualize = shownRows.length >= VIRTUALIZE_FROM;
  const columnCount = table.getAllLeafColumns().length;
  const selectedShown = selection ? shownRows.filter((row) => selection.has(row.id)).length : 0;
  const allShownSelected = shownRows.length > 0 && selectedShown === shownRows.length;
  const body: TableBodyProps = {
    rows: shownRows,
    columnCount,
    openChannel,
    selection,
    results,
    columns: state.columns,
    onDrawn,
    emptyNote: shownRows.length === 0 && table.getCoreRowModel().rows.length > 0 ? emptyNote : null,
  };

  return (
    <div className={`table-scroll${virtualize ? ' is-virtual' : ''}`} ref={setScrollElement}>
      <table
        className={`channels-table${stale ? ' is-stale' : ''}`}
        aria-rowcount={virtualize ? shownRows.length + 1 : undefined}
        aria-busy={stale || loadingRows !== undefined || undefined}
      >
        <caption>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={virtualize ? 1 : undefined}>
              {group.headers.map((header) => {
                const id = header.column.id;
                if (id === 'select') {
                  return (
                    <th key={header.id} scope="col" className="col-select">
                      <input
                        type="checkbox"
                        aria-label="Select all shown"
                        checked={allShownSelected}
                        ref={(box) => {
                          if (box) box.indeterminate = selectedShown > 0 && !allShownSelected;
                        }}
                        disabled={shownRows.length === 0}
                        onChange={(event) =>
                          selection?.set(
                            shownRows.map((row) => row.original),
                            event.target.checked,
                          )
                        }
                      />
                    </th>
                  );
                }
                if (id === 'result') {
                  return (
                    <th key={header.id} scope="col" className="col-result">
                      <span className="th-text">Result</span>
                    </th>
                  );
                }
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={`col-${id}`}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      onClick={header.column.getToggleSortingHandler()}
                    >
                      <table.FlexRender header={header} />
                      <span className="sort-indicator" aria-hidden="true">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        {loadingRows !== undefined ? (
          <LoadingBody rows={loadingRows} columnCount={columnCount} />
        ) : virtualize ? (
          // The virtualizer (~10 KB gzip) loads only for a table this long; until then the first rows show, each
          // already numbered in the whole table (aria-rowindex).
          <Suspense
            fallback={<TableBody {...body} rows={shownRows.slice(0, FIRST_STAGE_ROWS * 4)} indexRows />}
          >
            <VirtualTableBody {...body} scrollElement={scrollElement} />
          </Suspense>
        ) : (
          <TableBody {...body} />
        )}
      </table>
    </div>
  );
}
