import { type Cell, FlexRender, type RowData, type TableFeatures } from '@tanstack/react-table';
import type { ReactNode } from 'react';

// What the paged table and Show all draw the same way. Their react-table instances register different features,
// so these take plain values (or any table's cells), not one table's typed header.

/** A column header that sorts on click and says how it is sorted (aria-sort + ▲/▼). */
export function SortableHeader({
  columnId,
  sorted,
  onToggle,
  children,
}: {
  columnId: string;
  sorted: false | 'asc' | 'desc';
  onToggle: ((event: unknown) => void) | undefined;
  children: ReactNode;
}) {
  return (
    <th
      scope="col"
      className={`col-${columnId}`}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
    >
      <button type="button" className="sort-button" onClick={onToggle}>
        {children}
        <span className="sort-indicator" aria-hidden="true">
          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
        </span>
      </button>
    </th>
  );
}

/** A row's cells, each classed by its column (`cell-<id>`: widths, phone layout). */
export function RowCells<TFeatures extends TableFeatures, TData extends RowData>({
  cells,
}: {
  cells: Cell<TFeatures, TData, unknown>[];
}) {
  return cells.map((cell) => (
    <td key={cell.id} className={`cell-${cell.column.id}`}>
      <FlexRender cell={cell} />
    </td>
  ));
}
