import {
  type Cell,
  type ColumnFiltersState,
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  FlexRender,
  type Row,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  type ReactNode,
  startTransition,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { type ApiProfile, capitalise } from '../../../lib/twilio/api-profiles.ts';
import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import { Link } from '../../../ui/link.tsx';
import { useReturnFocus } from '../../../ui/use-return-focus.ts';
import { LevelBadge, StateBadge, StatusBadge, UnreadCell } from './channel-filters.tsx';

const features = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});

type Features = typeof features;
export type ChannelsTableInstance = ReturnType<typeof useChannelsTable>;

const helper = createColumnHelper<Features, Membership>();

/** Rows below this count render plainly; above it only the rows in view are in the DOM. */
export const VIRTUALIZE_FROM = 150;
/** Fixed row height of a virtualised table (channels.css): measuring each row would cost a layout per row. */
const ROW_HEIGHT = 56;

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
      header: 'Last read',
      sortUndefined: 'last',
      cell: ({ getValue }) => getValue() ?? <span className="muted-text">—</span>,
    }),
    helper.accessor((row) => row.notificationLevel ?? undefined, {
      id: 'notifications',
      header: 'Notifications',
      sortUndefined: 'last',
      cell: ({ getValue }) => <LevelBadge level={getValue()} />,
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
}

/** The table's state: the view reads the rows it shows (export, counts, "select all shown") from it. */
export function useChannelsTable(options: UseChannelsTableOptions) {
  const { profile, rows, sorting, onSortingChange, columnFilters, selection, results } = options;
  const hint = options.rowHint ?? null;
  const live = useRef<Live>({ href: options.channelHref, hint, selection, results });
  live.current = { href: options.channelHref, hint, selection, results };
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

  return (
    <div className={`table-scroll${virtualize ? ' is-virtual' : ''}`} ref={setScrollElement}>
      <table
        className={`channels-table${stale ? ' is-stale' : ''}`}
        aria-rowcount={virtualize ? shownRows.length + 1 : undefined}
        aria-busy={stale || undefined}
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
        <TableBody
          rows={shownRows}
          virtualize={virtualize}
          scrollElement={scrollElement}
          columnCount={columnCount}
          openChannel={openChannel}
          selection={selection}
          results={results}
          columns={state.columns}
          onDrawn={onDrawn}
          emptyNote={shownRows.length === 0 && table.getCoreRowModel().rows.length > 0 ? emptyNote : null}
        />
      </table>
    </div>
  );
}

interface TableBodyProps {
  rows: Row<Features, Membership>[];
  virtualize: boolean;
  scrollElement: HTMLDivElement | null;
  columnCount: number;
  openChannel: string | null;
  selection: TableSelection | null;
  results: ReadonlyMap<string, RowResult> | null;
  /** Not read here: a new set of columns must re-render the memoised rows. */
  columns: unknown;
  onDrawn: (channelSids: readonly string[]) => void;
  emptyNote: string | null;
}

/**
 * The virtualizer lives here, not in the view: a scroll re-renders this body and the rows coming into view, never the
 * toolbar or the tools.
 */
function TableBody({
  rows,
  virtualize,
  scrollElement,
  columnCount,
  openChannel,
  selection,
  results,
  columns,
  onDrawn,
  emptyNote,
}: TableBodyProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const staged = useRowsInStages(rows, bodyRef, !virtualize);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    enabled: virtualize,
  });
  const items = virtualize
    ? virtualizer.getVirtualItems()
    : staged.map((_, index) => ({ index, start: 0, end: 0 }));
  const paddingTop = virtualize ? (items[0]?.start ?? 0) : 0;
  const paddingBottom = virtualize ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const scrolling = virtualize && virtualizer.isScrolling;

  // Rows passing through while the table scrolls don't ask for their names until it settles.
  const drawnKey = scrolling
    ? null
    : (virtualize ? items.map((item) => rows[item.index]?.id) : rows.map((row) => row.id)).join('\u0000');
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  useEffect(() => {
    if (drawnKey !== null) onDrawnRef.current(drawnKey ? drawnKey.split('\u0000') : []);
  }, [drawnKey]);

  return (
    <tbody ref={bodyRef}>
      {paddingTop > 0 && <Spacer height={paddingTop} columnCount={columnCount} />}
      {items.map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <ChannelRow
            key={row.id}
            row={row}
            original={row.original}
            index={virtualize ? item.index : null}
            selected={selection?.has(row.id) ?? null}
            result={results?.get(row.id)?.text ?? null}
            isOpen={openChannel === row.id}
            columns={columns}
          />
        );
      })}
      {paddingBottom > 0 && <Spacer height={paddingBottom} columnCount={columnCount} />}
      {emptyNote && (
        <tr>
          <td colSpan={columnCount} className="table-note">
            {emptyNote}
          </td>
        </tr>
      )}
    </tbody>
  );
}

function Spacer({ height, columnCount }: { height: number; columnCount: number }) {
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row, nothing in it can take focus.
    <tr aria-hidden="true" className="spacer">
      <td colSpan={columnCount} style={{ height }} />
    </tr>
  );
}

/** Rows the first commit renders before it measures (a layout effect adds as many as the window has room for). */
export const FIRST_STAGE_ROWS = 8;

/**
 * The first commit after mounting renders only the rows in view; the rest follow right after that frame is painted
 * (rAF, then a task, in a transition). Later renders (names, sorting, another page) show every row.
 *
 * "In view" is measured, not guessed: after the first commit, before the browser paints, a layout effect looks at
 * where the last rendered row ends; while it ends above the bottom of the window, it renders as many more rows as
 * fit, still before that paint. So the first frame never shows a half-filled window.
 */
function useRowsInStages<T>(
  rows: readonly T[],
  bodyRef: React.RefObject<HTMLTableSectionElement | null>,
  enabled: boolean,
): readonly T[] {
  const [firstStage, setFirstStage] = useState<number | 'all'>(enabled ? FIRST_STAGE_ROWS : 'all');
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (firstStage === 'all' || !hasRows) return;
    // A transition: React renders the rest in slices that yield to input, not as one long task.
    return afterNextPaint(() => startTransition(() => setFirstStage('all')));
  }, [firstStage, hasRows]);
  useLayoutEffect(() => {
    if (firstStage === 'all' || rows.length <= firstStage) return;
    const more = rowsToFillWindow(bodyRef.current, firstStage);
    if (more > 0) setFirstStage(firstStage + more);
  });
  return firstStage === 'all' ? rows : rows.slice(0, firstStage);
}

/** How many more rows, as tall as the ones in `body`, it takes to reach the bottom of the window (0 if none). */
function rowsToFillWindow(body: HTMLTableSectionElement | null, rendered: number): number {
  const last = body?.children[rendered - 1]?.getBoundingClientRect();
  const first = body?.children[0]?.getBoundingClientRect();
  if (!last || !first || last.height <= 0) return 0; // not laid out (hidden, or no layout at all)
  const gap = window.innerHeight - last.bottom;
  if (gap <= 0) return 0;
  const rowHeight = (last.bottom - first.top) / rendered;
  return rowHeight > 0 ? Math.ceil(gap / rowHeight) : 0;
}

interface ChannelRowProps {
  row: Row<Features, Membership>;
  /** What the row shows: it re-renders only when this (or its place, selection, result, open state) changes. */
  original: Membership;
  /** Its place in a virtualised table (aria-rowindex), null otherwise. */
  index: number | null;
  selected: boolean | null;
  result: string | null;
  isOpen: boolean;
  columns: unknown;
}

/** One row; a name arriving for another row, or a change to another row, doesn't re-render it. */
const ChannelRow = memo(
  function ChannelRow({ row, index, selected, isOpen }: ChannelRowProps) {
    return (
      <tr
        aria-rowindex={index === null ? undefined : index + 2}
        aria-selected={selected ?? undefined}
        className={isOpen ? 'is-open' : undefined}
      >
        <RowCells cells={row.getAllCells()} />
      </tr>
    );
  },
  (before, after) =>
    before.original === after.original &&
    before.index === after.index &&
    before.selected === after.selected &&
    before.result === after.result &&
    before.isOpen === after.isOpen &&
    before.columns === after.columns,
);

/** A row's cells, each classed by its column (`cell-<id>`: widths, phone layout). */
function RowCells({ cells }: { cells: Cell<Features, Membership, unknown>[] }): ReactNode {
  return cells.map((cell) => (
    <td key={cell.id} className={`cell-${cell.column.id}`}>
      <FlexRender cell={cell} />
    </td>
  ));
}
