import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  columnFilteringFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  type Row,
  type RowSelectionState,
  rowSelectionFeature,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  createContext,
  memo,
  type ReactNode,
  type RefObject,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { type ChannelInfo, type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import { channelKeys, channelQuery, type UserRef } from '../../../lib/twilio/queries.ts';
import {
  ChannelFilters,
  LevelBadge,
  StatusBadge,
  UnreadCell,
  useChannelFilters,
} from '../../../ui/channel-filters.tsx';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { Link } from '../../../ui/link.tsx';
import { RowCells, SortableHeader } from '../../../ui/table-parts.tsx';
import { useReturnFocus } from '../../../ui/use-return-focus.ts';
import { useAllChannels } from '../api/use-all-channels.ts';
import './all-channels.css';

const features = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  rowSelectionFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});

const helper = createColumnHelper<typeof features, Membership>();

/** Rows below this count render plainly; above it only the rows in view are in the DOM. */
export const VIRTUALIZE_FROM = 150;
/** Fixed row height (all-channels.css): measuring each row would cost a layout per row while scrolling. */
const ROW_HEIGHT = 56;

export interface PowerToolsContext {
  /** Every selected loaded row (also those a filter hides). */
  selected: Membership[];
  /** The current view: loaded rows after filters, in the order shown. */
  shown: Membership[];
  clearSelection: () => void;
}

interface AllChannelsViewProps {
  userRef: UserRef;
  channelHref: (channelSid: string) => string;
  openChannel: string | null;
  onExit: () => void;
  /** Bulk actions, export…: composed by the app, fed with the selection and the current view. */
  renderTools?: (context: PowerToolsContext) => ReactNode;
  /** A per-row result (bulk runs); adds a Result column when given. */
  renderResult?: ((channelSid: string) => ReactNode) | null;
}

type Helpers = { label: (row: Membership) => string; href: (sid: string) => string };

/** True while the table is being scrolled: rows passing through don't ask for their names until it settles. */
const ScrollingContext = createContext(false);

function ChannelNameCell({ row, userRef, href }: { row: Membership; userRef: UserRef; href: string }) {
  const scrolling = useContext(ScrollingContext);
  const needsName =
    !scrolling &&
    row.friendlyName === null &&
    row.uniqueName === null &&
    adapters[userRef.api].fetchChannel !== null &&
    userRef.api !== 'conversations';
  const info = useQuery({
    ...channelQuery(userRef.api, userRef.service, row.channelSid),
    enabled: needsName,
    retry: false,
  });
  const label = membershipLabel({
    friendlyName: row.friendlyName ?? info.data?.friendlyName ?? null,
    uniqueName: row.uniqueName ?? info.data?.uniqueName ?? null,
    channelSid: row.channelSid,
  });
  return (
    <div className="channel-cell">
      <Link href={href} data-channel-sid={row.channelSid} className="channel-link">
        {label}
      </Link>
      {label !== row.channelSid && <span className="sid">{row.channelSid}</span>}
    </div>
  );
}

function buildColumns(
  userRef: UserRef,
  helpers: Helpers,
  withResult: boolean,
  result: { current: AllChannelsViewProps['renderResult'] },
) {
  const columns = helper.columns([
    helper.display({
      id: 'select',
      header: () => null,
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={`Select ${helpers.label(row.original)}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    }),
    helper.accessor((row) => helpers.label(row), {
      id: 'channel',
      header: 'Channel',
      sortFn: 'alphanumeric',
      cell: ({ row }) => (
        <ChannelNameCell row={row.original} userRef={userRef} href={helpers.href(row.original.channelSid)} />
      ),
    }),
    helper.accessor('status', {
      header: 'Status',
      cell: ({ getValue }) => <StatusBadge status={getValue()} />,
      filterFn: (row, columnId, value) => row.getValue(columnId) === value,
    }),
    helper.accessor((row) => (row.unreadPending ? undefined : (row.unread ?? undefined)), {
      id: 'unread',
      header: 'Unread',
      sortUndefined: 'last',
      cell: ({ row }) => <UnreadCell row={row.original} />,
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
      filterFn: (row, columnId, value) => row.getValue(columnId) === value,
    }),
  ]);
  if (withResult) {
    columns.push(
      helper.display({
        id: 'result',
        header: 'Result',
        cell: ({ row }) => result.current?.(row.original.channelSid) ?? null,
      }),
    );
  }
  return columns;
}

/** Every loaded channel of the user in one table: filter, sort and select over all of them. */
export function AllChannelsView({
  userRef,
  channelHref,
  openChannel,
  onExit,
  renderTools,
  renderResult = null,
}: AllChannelsViewProps) {
  const queryClient = useQueryClient();
  const walk = useAllChannels(userRef);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const filters = useChannelFilters();
  const { columnFilters } = filters;
  const scrollRef = useRef<HTMLDivElement>(null);
  const hrefRef = useRef(channelHref);
  hrefRef.current = channelHref;
  const resultRef = useRef(renderResult);
  resultRef.current = renderResult;
  const withResult = renderResult !== null;

  // Start walking as soon as the view opens (the agent asked for it by pressing Show all).
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per view
  useEffect(() => {
    void walk.start();
  }, []);

  const columns = useMemo(() => {
    const label = (row: Membership) => {
      if (row.friendlyName !== null || row.uniqueName !== null) return membershipLabel(row);
      const info = queryClient.getQueryData<ChannelInfo>(
        channelKeys.detail(userRef.api, userRef.service, row.channelSid),
      );
      return membershipLabel({
        friendlyName: info?.friendlyName ?? null,
        uniqueName: info?.uniqueName ?? null,
        channelSid: row.channelSid,
      });
    };
    return buildColumns(userRef, { label, href: (sid) => hrefRef.current(sid) }, withResult, resultRef);
  }, [queryClient, userRef, withResult]);

  const table = useTable({
    features,
    columns,
    data: walk.rows,
    getRowId: (row) => row.channelSid,
    state: { sorting, columnFilters, rowSelection },
    onSortingChange: setSorting,
    onRowSelectionChange: setRowSelection,
    onColumnFiltersChange: () => undefined,
    enableRowSelection: true,
  });

  const visibleRows = table.getRowModel().rows;
  const shown = useMemo(() => visibleRows.map((row) => row.original), [visibleRows]);
  const selected = useMemo(
    () => walk.rows.filter((row) => rowSelection[row.channelSid]),
    [walk.rows, rowSelection],
  );
  const shownSelected = useMemo(
    () => visibleRows.filter((row) => rowSelection[row.id]).length,
    [visibleRows, rowSelection],
  );
  const allShownSelected = visibleRows.length > 0 && shownSelected === visibleRows.length;
  const hiddenSelected = selected.length - shownSelected;

  const columnCount = table.getAllLeafColumns().length;

  useReturnFocus(openChannel);

  const selectShown = (checked: boolean) =>
    setRowSelection((current) => {
      const next = { ...current };
      for (const row of visibleRows) {
        if (checked) next[row.id] = true;
        else delete next[row.id];
      }
      return next;
    });

  const loading = walk.status === 'loading';
  const filtered = columnFilters.length > 0;

  return (
    <section className="channels all-channels" aria-label="Channels">
      <div className="all-walk">
        {loading && (
          <label className="all-progress">
            <span>
              Loading every channel: {walk.rows.length} loaded ({walk.pagesLoaded} page
              {walk.pagesLoaded === 1 ? '' : 's'})…
            </span>
            <progress aria-label="Loading all channels" />
          </label>
        )}
        <p role="status" className="all-status">
          {walk.status === 'done' && `All ${walk.rows.length} channels loaded.`}
          {walk.status === 'cancelled' &&
            `Stopped: ${walk.rows.length} channels loaded, the rest not requested.`}
        </p>
        <div className="button-row">
          {loading ? (
            <button type="button" className="button" onClick={walk.cancel}>
              Cancel
            </button>
          ) : (
            walk.status !== 'done' && (
              <button type="button" className="button" onClick={() => void walk.start()}>
                Load all again
              </button>
            )
          )}
          <button type="button" className="button button-quiet" onClick={onExit}>
            Back to pages
          </button>
        </div>
        {walk.status === 'error' && (
          <ErrorPanel title="Couldn't load every page" error={walk.error} onRetry={() => void walk.start()} />
        )}
      </div>

      <ChannelFilters
        filters={filters}
        showLevel={userRef.api !== 'chat-v1'}
        onClear={
          filtered || sorting.length > 0
            ? () => {
                filters.clear();
                setSorting([]);
              }
            : null
        }
      />

      <div className="selection-bar">
        <button
          type="button"
          className="button"
          disabled={walk.rows.length === 0 || selected.length === walk.rows.length}
          onClick={() => setRowSelection(Object.fromEntries(walk.rows.map((row) => [row.channelSid, true])))}
        >
          Select all {walk.rows.length} loaded
        </button>
        <span className="selection-count">
          {selected.length} selected{hiddenSelected > 0 ? ` (${hiddenSelected} hidden by the filters)` : ''}
        </span>
      </div>

      {renderTools?.({ selected, shown, clearSelection: () => setRowSelection({}) })}

      <p className="range" aria-live="polite">
        {filtered
          ? `${visibleRows.length} of ${walk.rows.length} loaded rows match the filters`
          : `${walk.rows.length} rows`}
      </p>

      <div className="table-scroll all-scroll" ref={scrollRef}>
        <table className="channels-table" aria-rowcount={visibleRows.length + 1}>
          <caption>Channels of {userRef.user} (all loaded)</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header) => {
                  if (header.column.id === 'select') {
                    return (
                      <th key={header.id} scope="col" className="cell-select">
                        <input
                          type="checkbox"
                          aria-label="Select all shown"
                          checked={allShownSelected}
                          ref={(box) => {
                            if (box) box.indeterminate = shownSelected > 0 && !allShownSelected;
                          }}
                          disabled={visibleRows.length === 0}
                          onChange={(event) => selectShown(event.target.checked)}
                        />
                      </th>
                    );
                  }
                  if (header.column.id === 'result') {
                    return (
                      <th key={header.id} scope="col" className="col-result">
                        <span className="th-text">Result</span>
                      </th>
                    );
                  }
                  return (
                    <SortableHeader
                      key={header.id}
                      columnId={header.column.id}
                      sorted={header.column.getIsSorted()}
                      onToggle={header.column.getToggleSortingHandler()}
                    >
                      <table.FlexRender header={header} />
                    </SortableHeader>
                  );
                })}
              </tr>
            ))}
          </thead>
          <TableBody
            rows={visibleRows}
            scrollRef={scrollRef}
            rowSelection={rowSelection}
            openChannel={openChannel}
            columns={columns}
            renderResult={renderResult}
            columnCount={columnCount}
            emptyNote={visibleRows.length === 0 && walk.rows.length > 0}
          />
        </table>
      </div>
    </section>
  );
}

interface TableBodyProps {
  rows: Row<typeof features, Membership>[];
  scrollRef: RefObject<HTMLDivElement | null>;
  rowSelection: RowSelectionState;
  openChannel: string | null;
  /** Not read here: a new set of columns (or results) must re-render the memoised rows. */
  columns: unknown;
  renderResult: AllChannelsViewProps['renderResult'];
  columnCount: number;
  emptyNote: boolean;
}

/**
 * The virtualizer lives here, not in the view: a scroll re-renders this body and the rows coming into view, never the
 * toolbar, the tools or the selection passes over every loaded row.
 */
function TableBody({
  rows,
  scrollRef,
  rowSelection,
  openChannel,
  columns,
  renderResult,
  columnCount,
  emptyNote,
}: TableBodyProps) {
  const virtualize = rows.length >= VIRTUALIZE_FROM;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    enabled: virtualize,
  });
  const items = virtualize
    ? virtualizer.getVirtualItems()
    : rows.map((_, index) => ({ index, start: 0, end: 0, key: index }));
  const paddingTop = virtualize ? (items[0]?.start ?? 0) : 0;
  const paddingBottom = virtualize ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const scrolling = virtualize && virtualizer.isScrolling;

  return (
    <ScrollingContext.Provider value={scrolling}>
      <tbody>
        {paddingTop > 0 && (
          // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row, nothing in it can take focus.
          <tr aria-hidden="true" className="spacer">
            <td colSpan={columnCount} style={{ height: paddingTop }} />
          </tr>
        )}
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <ChannelRow
              key={row.id}
              row={row}
              original={row.original}
              index={item.index}
              selected={Boolean(rowSelection[row.id])}
              isOpen={openChannel === row.id}
              columns={columns}
              renderResult={renderResult}
            />
          );
        })}
        {paddingBottom > 0 && (
          // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row, nothing in it can take focus.
          <tr aria-hidden="true" className="spacer">
            <td colSpan={columnCount} style={{ height: paddingBottom }} />
          </tr>
        )}
        {emptyNote && (
          <tr>
            <td colSpan={columnCount} className="table-note">
              No loaded channels match the filters.
            </td>
          </tr>
        )}
      </tbody>
    </ScrollingContext.Provider>
  );
}

interface ChannelRowProps {
  row: Row<typeof features, Membership>;
  original: Membership;
  index: number;
  selected: boolean;
  isOpen: boolean;
  columns: unknown;
  renderResult: AllChannelsViewProps['renderResult'];
}

/** One row: re-rendered only when what it shows changes (its membership, place, selection, open state, results). */
const ChannelRow = memo(
  function ChannelRow({ row, index, selected, isOpen }: ChannelRowProps) {
    return (
      <tr aria-rowindex={index + 2} aria-selected={selected} className={isOpen ? 'is-open' : undefined}>
        <RowCells cells={row.getAllCells()} />
      </tr>
    );
  },
  (before, after) =>
    before.original === after.original &&
    before.index === after.index &&
    before.selected === after.selected &&
    before.isOpen === after.isOpen &&
    before.columns === after.columns &&
    before.renderResult === after.renderResult,
);

export default AllChannelsView;
