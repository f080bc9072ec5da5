import { type Cell, FlexRender, type Row } from '@tanstack/react-table';
import { memo, type ReactNode, startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { Features, RowResult, TableSelection } from './channels-table.tsx';

// The table's body: its rows, drawn as they are (table-body.tsx) or only those in view (virtual-table-body.tsx), or
// a placeholder while the first rows load.

export interface TableBodyProps {
  rows: Row<Features, Membership>[];
  columnCount: number;
  openChannel: string | null;
  selection: TableSelection | null;
  results: ReadonlyMap<string, RowResult> | null;
  /** Not read here: a new set of columns must re-render the memoised rows. */
  columns: unknown;
  onDrawn: (channelSids: readonly string[]) => void;
  emptyNote: string | null;
}

/** The rows as they are (a short table): the first commit renders the rows in view, the rest right after. */
export function TableBody({ indexRows = false, ...props }: TableBodyProps & { indexRows?: boolean }) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const staged = useRowsInStages(props.rows, bodyRef);
  useReportDrawn(props.rows.map((row) => row.id).join('\u0000'), props.onDrawn);
  return (
    <tbody ref={bodyRef}>
      <BodyRows {...props} items={staged.map((row, index) => ({ row, index: indexRows ? index : null }))} />
    </tbody>
  );
}

/** Tells the view which channels are drawn (the name loader asks for those), once per distinct set. */
export function useReportDrawn(drawnKey: string | null, onDrawn: (channelSids: readonly string[]) => void) {
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  useEffect(() => {
    if (drawnKey !== null) onDrawnRef.current(drawnKey ? drawnKey.split('\u0000') : []);
  }, [drawnKey]);
}

/** The rows to draw, each with its place in a virtualised table (null in a plain one), padded where asked. */
export function BodyRows({
  items,
  columnCount,
  openChannel,
  selection,
  results,
  columns,
  emptyNote,
  paddingTop = 0,
  paddingBottom = 0,
}: TableBodyProps & {
  items: { row: Row<Features, Membership>; index: number | null }[];
  paddingTop?: number;
  paddingBottom?: number;
}) {
  return (
    <>
      {paddingTop > 0 && <Spacer height={paddingTop} columnCount={columnCount} />}
      {items.map(({ row, index }) => (
        <ChannelRow
          key={row.id}
          row={row}
          original={row.original}
          index={index}
          selected={selection?.has(row.id) ?? null}
          result={results?.get(row.id)?.text ?? null}
          isOpen={openChannel === row.id}
          columns={columns}
        />
      ))}
      {paddingBottom > 0 && <Spacer height={paddingBottom} columnCount={columnCount} />}
      {emptyNote && (
        <tr>
          <td colSpan={columnCount} className="table-note">
            {emptyNote}
          </td>
        </tr>
      )}
    </>
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

/** One placeholder as tall as `rows` rows: one element with one compositor-only animation (BENCHMARKS.md, "Speed
 * work"). */
export function LoadingBody({ rows, columnCount }: { rows: number; columnCount: number }) {
  return (
    <tbody>
      <tr className="skeleton-rows" style={{ '--skeleton-rows': rows } as React.CSSProperties}>
        <td colSpan={columnCount}>
          <div className="skeleton skeleton-stripes" />
        </td>
      </tr>
    </tbody>
  );
}
