import { useVirtualizer } from '@tanstack/react-virtual';
import { BodyRows, type TableBodyProps, useReportDrawn } from './table-body.tsx';

/** Fixed row height of a virtualised table (channels.css): measuring each row would cost a layout per row. */
const ROW_HEIGHT = 56;

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
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
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
