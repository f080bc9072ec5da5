import { useEffect, useMemo } from 'react';
import { useBulkChanges } from '../features/bulk-changes/api/use-bulk-changes.ts';
import { BulkPanel, bulkResults } from '../features/bulk-changes/components/bulk-panel.tsx';
import type { ChannelToolsContext } from '../features/channels/components/channels-view.tsx';
import { ExportButtons } from '../features/export/components/export-buttons.tsx';
import { TimedMuteRows } from '../features/schedules/components/timed-mute-rows.tsx';
import { useSession } from '../features/session/api/get-session.ts';
import { useOfferUndo } from '../features/undo/api/use-undo-offers.ts';
import type { UserRef } from '../lib/twilio/queries.ts';

interface ChannelToolsProps {
  userRef: UserRef;
  canEdit: boolean;
  context: ChannelToolsContext;
}

/**
 * The channels table's tools, the same in the paged view and Show all: bulk changes over the selection (undoable,
 * except removals) with their results in the table, and export of the rows shown. Composed here because features
 * don't import each other; loaded after the first view.
 */
export function ChannelTools({ userRef, canEdit, context }: ChannelToolsProps) {
  const offerUndo = useOfferUndo();
  const upstreamConcurrency = useSession().data?.upstreamConcurrency;
  const bulk = useBulkChanges(userRef, { onCompleted: offerUndo, upstreamConcurrency });
  const { selected, shown, clearSelection, showResults } = context;
  // Once per snapshot of the run: a new map each render would re-render the table, and this, without end.
  const snapshot = bulk.run?.snapshot;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the results are a function of the run's snapshot
  const results = useMemo(() => bulkResults(bulk), [snapshot]);
  useEffect(() => showResults(results), [showResults, results]);
  useEffect(() => () => showResults(null), [showResults]);
  return (
    <div className="channel-tools">
      {(selected.length > 0 || bulk.run) && (
        <BulkPanel
          bulk={bulk}
          selected={selected}
          canEdit={canEdit}
          onClearSelection={clearSelection}
          moreActions={({ rows, reason, disabled }) =>
            bulk.profile.canEdit &&
            bulk.profile.hasNotificationLevel && (
              <TimedMuteRows
                userRef={userRef}
                rows={rows}
                terms={bulk.profile.terms}
                reason={reason}
                disabled={disabled}
              />
            )
          }
        />
      )}
      <ExportButtons userRef={userRef} rows={shown} />
    </div>
  );
}

export default ChannelTools;
