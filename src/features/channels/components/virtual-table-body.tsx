import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { BodyRows, type TableBodyProps, useReportDrawn } from './table-body.tsx';

/** Where the stylesheet can't be read (no layout engine: jsdom), the row height it sets at a 16 px root. */
const FALLBACK_ROW_HEIGHT = 40;

/**
 * The rows' height as channels.css sets it (--table-row-height, registered as a length, so it reads in px), read
 * once: measuring each row would cost a layout per row.
 */
function rowHeightIn(element: Element | null): number {
  const px = element
    ? Number.parseFloat(getComputedStyle(element).getPropertyValue('--table-row-height'))
    : NaN;
  return Number.isFinite(px) && px > 0 ? px : FALLBACK_ROW_HEIGHT;
}

/**
 * A long table's body: only the rows in view (and a few either side) are in the DOM, with padding rows that keep the
 * scroll height. The virtualizer lives here, not in the view: a scroll re-renders this body and the rows coming into
 * view, never the toolbar or the tools. Loaded only when a table is long enough to need it.
 */
export default function VirtualTableBody({
  scrollElement,
  ...props
}: TableBodyProps & { scrollElement: HTMLDivElement | null }) {
  const { rows } = props;
  const rowHeight = useMemo(() => rowHeightIn(scrollElement), [scrollElement]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => rowHeight,
    // Enough for a fast scroll's frame (~3 rows); every extra row is laid out and painted again in every frame.
    overscan: 5,
  });
  // The virtualizer keeps the sizes it computed: another height (another scroller) needs them computed again.
  const sizedFor = useRef(rowHeight);
  useLayoutEffect(() => {
    if (sizedFor.current === rowHeight) return;
    sizedFor.current = rowHeight;
    virtualizer.measure();
  }, [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  // Rows passing through while the table scrolls don't ask for their names until it settles.
  useReportDrawn(
    virtualizer.isScrolling ? null : items.map((item) => rows[item.index]?.id).join('\u0000'),
    props.onDrawn,
  );
  const drawn = items.flatMap((item) => {
    const row = rows[item.index];
    return row ? [{ row, index: item.index }] : [];
  });
  return (
    <tbody>
      <BodyRows {...props} items={drawn} paddingTop={paddingTop} paddingBottom={paddingBottom} />
    </tbody>
  );
}
