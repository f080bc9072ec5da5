import { type ReactNode, useState } from 'react';
import { describeError } from '../../../lib/api-client.ts';
import { countOf, pastTense, presentTense } from '../../../lib/twilio/change-words.ts';
import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { useReasonField } from '../../../ui/reason-field.tsx';
import type { ItemState } from '../api/bulk-queue.ts';
import {
  BULK_ACTIONS,
  type RowOutcome,
  type StartableAction,
  type useBulkChanges,
} from '../api/use-bulk-changes.ts';

type Bulk = ReturnType<typeof useBulkChanges>;

/** How many names a removal's confirmation lists before "and N more". */
const NAMES_LISTED = 5;

/** The text of one row's result, for the table's Result column and the failure list. */
export function rowResultText(item: ItemState<RowOutcome> | undefined): string | null {
  if (!item) return null;
  switch (item.status) {
    case 'queued':
      return 'Queued';
    case 'running':
      return 'Sending…';
    case 'waiting':
      return 'Waiting (rate limited)';
    case 'done':
      return item.value?.note ? `Done (${item.value.note})` : 'Done';
    case 'failed':
      return `Failed: ${describeError(item.error)}`;
    case 'cancelled':
      return 'Cancelled (not sent)';
  }
}

/** The run's result per row, for the table's Result column (null while there is no run). */
export function bulkResults(bulk: Bulk): ReadonlyMap<string, { status: string; text: string }> | null {
  const items = bulk.run?.snapshot.items;
  if (!items) return null;
  const results = new Map<string, { status: string; text: string }>();
  for (const item of items.values()) {
    const text = rowResultText(item);
    if (text) results.set(item.id, { status: item.status, text });
  }
  return results;
}

interface BulkPanelProps {
  bulk: Bulk;
  selected: readonly Membership[];
  canEdit: boolean;
  onClearSelection: () => void;
  /** More actions on the selection the app composes in (the timed mute), with the reason typed here. */
  moreActions?: (context: {
    rows: readonly Membership[];
    reason: string | undefined;
    disabled: boolean;
  }) => ReactNode;
}

export function BulkPanel({ bulk, selected, canEdit, onClearSelection, moreActions }: BulkPanelProps) {
  const run = bulk.run;
  const snapshot = run?.snapshot;
  const running = snapshot?.phase === 'running';
  const { terms } = bulk.profile;
  const disabled = !bulk.profile.canEdit || !canEdit || running || selected.length === 0;
  const failures = snapshot ? [...snapshot.items.values()].filter((item) => item.status === 'failed') : [];
  // A removal asks first (it can't be undone); the rows are the ones selected when it was asked.
  const [confirmingRemoval, setConfirmingRemoval] = useState<readonly Membership[] | null>(null);
  const { reason, field: reasonField } = useReasonField();
  const start = (action: StartableAction) => {
    if (action === 'remove') setConfirmingRemoval(selected);
    else bulk.start(action, selected, reason);
  };

  return (
    <section className="bulk-panel" aria-label="Bulk changes">
      <div className="bulk-actions">
        <p className="bulk-count">
          Change the {selected.length} selected:
          {!bulk.profile.canEdit && ' — this API is read-only'}
          {bulk.profile.canEdit && !canEdit && ' — viewers can’t change anything'}
        </p>
        {bulk.profile.canEdit && canEdit && reasonField}
        {BULK_ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'remove' ? 'button button-danger' : 'button'}
            disabled={disabled}
            onClick={() => start(action)}
          >
            {presentTense(action, terms)}
          </button>
        ))}
        {selected.length > 0 && (
          <button type="button" className="button button-quiet" onClick={onClearSelection} disabled={running}>
            Clear selection
          </button>
        )}
      </div>

      {moreActions?.({ rows: selected, reason, disabled })}

      {run && snapshot && (
        <div className="bulk-run">
          <label className="bulk-progress">
            <span>
              {presentTense(run.action, terms)}: {snapshot.settled} of {snapshot.total}
            </span>
            <progress
              aria-label={`${presentTense(run.action, terms)} progress`}
              value={snapshot.settled}
              max={snapshot.total}
            >
              {snapshot.settled} of {snapshot.total}
            </progress>
          </label>
          <p className="bulk-counts">
            Done {snapshot.done} · Failed {snapshot.failed} · Cancelled {snapshot.cancelled}
            {running && snapshot.pausedUntil !== null && ' · Twilio asked us to slow down, waiting…'}
          </p>
          <p role="status" className="bulk-summary">
            {snapshot.phase === 'finished'
              ? `${pastTense(run.action, `${snapshot.done} of ${countOf(snapshot.total, terms)}`)}` +
                `${snapshot.failed ? `; ${snapshot.failed} failed` : ''}` +
                `${snapshot.cancelled ? `; ${snapshot.cancelled} cancelled` : ''}.`
              : ''}
          </p>
          <div className="button-row">
            {running && (
              <button type="button" className="button" onClick={bulk.cancel}>
                Cancel
              </button>
            )}
            {!running && failures.length > 0 && (
              <button type="button" className="button" onClick={bulk.retryFailed}>
                Retry failed
              </button>
            )}
            {!running && (
              <button type="button" className="button button-quiet" onClick={bulk.dismiss}>
                Dismiss results
              </button>
            )}
          </div>
          {failures.length > 0 && !running && (
            <div role="alert" className="notice notice-error">
              <p>
                {failures.length} change{failures.length === 1 ? '' : 's'} failed; those rows show what Twilio
                holds now.
              </p>
              <ul className="bulk-failures" aria-label="Failed changes">
                {failures.map((item) => (
                  <li key={item.id}>
                    <strong>{run.labels.get(item.id) ?? item.id}</strong>: {describeError(item.error)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      {confirmingRemoval && (
        <ConfirmRemoval
          rows={confirmingRemoval}
          bulk={bulk}
          onCancel={() => setConfirmingRemoval(null)}
          onConfirm={() => {
            bulk.start('remove', confirmingRemoval, reason);
            setConfirmingRemoval(null);
          }}
        />
      )}
    </section>
  );
}

/** "Remove … from 24 channels?": how many and which (the first few by name, then how many more), and that it is final. */
function ConfirmRemoval({
  rows,
  bulk,
  onConfirm,
  onCancel,
}: {
  rows: readonly Membership[];
  bulk: Bulk;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { terms } = bulk.profile;
  const listed = rows.slice(0, NAMES_LISTED);
  const more = rows.length - listed.length;
  return (
    <ConfirmDialog
      title={`${presentTense('remove', terms)}: ${countOf(rows.length, terms)}?`}
      confirmLabel={`Remove from ${countOf(rows.length, terms)}`}
      deleteKeyConfirms
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        Remove <strong>{bulk.user}</strong> from these {countOf(rows.length, terms)}:
      </p>
      <ul className="confirm-list">
        {listed.map((row) => (
          <li key={row.channelSid}>{membershipLabel(row)}</li>
        ))}
        {more > 0 && <li>and {more} more</li>}
      </ul>
      <p>
        They lose each {terms.channel} and their read position in it. Horizon can't undo this: only a new
        invite brings them back.
      </p>
    </ConfirmDialog>
  );
}
