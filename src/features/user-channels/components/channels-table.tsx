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
import { memo, startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import { LevelBadge, StatusBadge, UnreadCell } from '../../../ui/channel-filters.tsx';
import { Link } from '../../../ui/link.tsx';
import { RowCells, SortableHeader } from '../../../ui/table-parts.tsx';
import { useReturnFocus } from '../../../ui/use-return-focus.ts';

const features = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  filteredRowModel: createFilteredRowModel(),
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});

const helper = createColumnHelper<typeof features, Membership>();

/** Built per render of the view because the Channel cell links need the view's link builder. */
function buildColumns(
  channelHref: (channelSid: string) => string,
  rowControl: (row: Membership) => React.ReactNode = () => null,
  rowHint: (row: Membership) => React.ReactNode = () => null,
) {
  return helper.columns([
    helper.accessor((row) => membershipLabel(row), {
      id: 'channel',
      header: 'Channel',
      sortFn: 'alphanumeric',
      cell: ({ row }) => (
        <div className="channel-cell">
          {rowControl(row.original)}
          <Link
            href={channelHref(row.original.channelSid)}
            data-channel-sid={row.original.channelSid}
            className="channel-link"
          >
            {membershipLabel(row.original)}
          </Link>
          {/* Always there (empty until a name arrives; CSS keeps its line) so rows don't grow when names come in. */}
          <span className="sid">
            {membershipLabel(row.original) !== row.original.channelSid ? row.original.channelSid : null}
          </span>
          {rowHint(row.original)}
        </div>
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
      filterFn: (row, columnId, value) => row.getValue(columnId) === value,
    }),
  ]);
}

interface ChannelsTableProps {
  caption: string;
  rows: readonly Membership[];
  channelHref: (channelSid: string) => string;
  sorting: SortingState;
  onSortingChange: (updater: SortingState | ((old: SortingState) => SortingState)) => void;
  columnFilters: ColumnFiltersState;
  /** Rows belong to the previous page while the next one loads. */
  stale: boolean;
  /** The channel whose drawer is open: when it closes, focus goes back to that row's link. */
  openChannel: string | null;
  /** A control the app puts at the start of each Channel cell (the bulk-selection checkbox). */
  rowControl?: (row: Membership) => React.ReactNode;
  /** A short diagnosis hint the app puts under the channel's name where something is off. */
  rowHint?: (row: Membership) => React.ReactNode;
}

export function ChannelsTable({
  caption,
  rows,
  channelHref,
  sorting,
  onSortingChange,
  columnFilters,
  stale,
  openChannel,
  rowControl,
  rowHint,
}: ChannelsTableProps) {
  const hrefRef = useRef(channelHref);
  hrefRef.current = channelHref;
  const rowControlRef = useRef(rowControl);
  rowControlRef.current = rowControl;
  const rowHintRef = useRef(rowHint);
  rowHintRef.current = rowHint;
  // Stable columns: the link builder is read through a ref.
  const columnsRef = useRef<ReturnType<typeof buildColumns> | null>(null);
  columnsRef.current ??= buildColumns(
    (sid) => hrefRef.current(sid),
    (row) => rowControlRef.current?.(row),
    (row) => rowHintRef.current?.(row),
  );

  const table = useTable({
    features,
    columns: columnsRef.current,
    data: rows as Membership[],
    getRowId: (row) => row.channelSid,
    state: { sorting, columnFilters },
    onSortingChange,
    onColumnFiltersChange: () => undefined,
  });

  useReturnFocus(openChannel);
  const visibleRows = table.getRowModel().rows;
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const shownRows = useRowsInStages(visibleRows, bodyRef);

  return (
    <table
      className={`channels-table${stale ? ' is-stale' : ''}`}
      aria-busy={stale || shownRows.length < visibleRows.length}
    >
      <caption>{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <SortableHeader
                key={header.id}
                columnId={header.column.id}
                sorted={header.column.getIsSorted()}
                onToggle={header.column.getToggleSortingHandler()}
              >
                <table.FlexRender header={header} />
              </SortableHeader>
            ))}
          </tr>
        ))}
      </thead>
      <tbody ref={bodyRef}>
        {shownRows.map((row) => (
          <ChannelRow
            key={row.id}
            row={row}
            original={row.original}
            isOpen={openChannel === row.id}
            rowControl={rowControl}
            channelHref={channelHref}
          />
        ))}
        {visibleRows.length === 0 && rows.length > 0 && (
          <tr>
            <td colSpan={5} className="table-note">
              No channels on this page match the filters.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Rows the first commit renders before it measures: a 1366×900 window shows 7 under the summary and the filters. */
export const FIRST_STAGE_ROWS = 8;

/**
 * The first commit after mounting renders only the rows in view; the rest follow right after that frame is painted
 * (rAF, then a task, in a transition). Rendering, laying out and painting 50 rows before the first one shows cost the
 * lookup ~40 ms, and 20 rows where 7 show ~7 ms more than 8 (BENCHMARKS.md, "Speed work"). Later renders (names,
 * sorting, another page) show every row.
 *
 * "In view" is measured, not guessed: after the first commit, before the browser paints, a layout effect looks at
 * where the last rendered row ends; while it ends above the bottom of the window (a tall window, short rows), it
 * renders as many more rows as fit, still before that paint. So the first frame never shows a half-filled window.
 */
function useRowsInStages<T>(
  rows: readonly T[],
  bodyRef: React.RefObject<HTMLTableSectionElement | null>,
): readonly T[] {
  const [firstStage, setFirstStage] = useState<number | 'all'>(FIRST_STAGE_ROWS);
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
  row: Row<typeof features, Membership>;
  /** What the row shows: it re-renders only when this (or the open row, the control, the links) changes. */
  original: Membership;
  isOpen: boolean;
  rowControl: ChannelsTableProps['rowControl'];
  channelHref: ChannelsTableProps['channelHref'];
}

/** One row; a name arriving for another row, or a change to another row, doesn't re-render it. */
const ChannelRow = memo(
  function ChannelRow({ row, isOpen }: ChannelRowProps) {
    return (
      <tr className={isOpen ? 'is-open' : undefined}>
        <RowCells cells={row.getAllCells()} />
      </tr>
    );
  },
  (before, after) =>
    before.original === after.original &&
    before.isOpen === after.isOpen &&
    before.rowControl === after.rowControl &&
    before.channelHref === after.channelHref,
);
