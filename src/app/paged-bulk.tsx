import { useBulkChanges } from '../features/bulk-changes/api/use-bulk-changes.ts';
import { BulkPanel } from '../features/bulk-changes/components/bulk-panel.tsx';
import { offerUndo } from '../features/undo/api/undo-store.ts';
import type { Membership } from '../lib/twilio/membership.ts';
import type { UserRef } from '../lib/twilio/queries.ts';
import '../features/all-channels/components/all-channels.css';

interface PagedBulkProps {
  userRef: UserRef;
  canEdit: boolean;
  selected: readonly Membership[];
  onClearSelection: () => void;
}

/** Bulk changes over the rows selected in the paged table (undoable like any bulk run). */
export function PagedBulk({ userRef, canEdit, selected, onClearSelection }: PagedBulkProps) {
  const bulk = useBulkChanges(userRef, { onCompleted: offerUndo });
  return <BulkPanel bulk={bulk} selected={selected} canEdit={canEdit} onClearSelection={onClearSelection} />;
}

export default PagedBulk;
