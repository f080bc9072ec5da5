import { AllChannelsView } from '../features/all-channels/components/all-channels-view.tsx';
import { useBulkChanges } from '../features/bulk-changes/api/use-bulk-changes.ts';
import { BulkPanel, BulkResultCell } from '../features/bulk-changes/components/bulk-panel.tsx';
import { ExportButtons } from '../features/export/components/export-buttons.tsx';
import { offerUndo } from '../features/undo/api/undo-store.ts';
import type { UserRef } from '../lib/twilio/queries.ts';

interface PowerViewProps {
  userRef: UserRef;
  channelHref: (channelSid: string) => string;
  openChannel: string | null;
  canEdit: boolean;
  onExit: () => void;
}

/**
 * "Show all": every loaded channel in one table, with bulk changes (undoable) and export of the current view.
 * Composed here because features don't import each other; loaded only when the agent asks for it.
 */
export function PowerView({ userRef, channelHref, openChannel, canEdit, onExit }: PowerViewProps) {
  const bulk = useBulkChanges(userRef, { onCompleted: offerUndo });
  return (
    <AllChannelsView
      userRef={userRef}
      channelHref={channelHref}
      openChannel={openChannel}
      onExit={onExit}
      renderResult={bulk.run ? (channelSid) => <BulkResultCell bulk={bulk} channelSid={channelSid} /> : null}
      renderTools={({ selected, shown, clearSelection }) => (
        <>
          <BulkPanel bulk={bulk} selected={selected} canEdit={canEdit} onClearSelection={clearSelection} />
          <ExportButtons userRef={userRef} rows={shown} />
        </>
      )}
    />
  );
}

export default PowerView;
