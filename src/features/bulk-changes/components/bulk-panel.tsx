import { describeError } from '../../../lib/api-client.ts';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { ItemState } from '../api/bulk-queue.ts';
import {
  BULK_ACTIONS,
  BULK_PAST_TENSE,
  type RowOutcome,
  type useBulkChanges,
} from '../api/use-bulk-changes.ts';

type Bulk = ReturnType<typeof useBulkChanges>;

const RUN_TITLE = {
  mute: 'Mute',
  unmute: 'Unmute',
  'mark-read': 'Mark all read',
  'reset-read': 'Reset read position',
  undo: 'Undo',
} as const;

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

export function BulkResultCell({ bulk, channelSid }: { bulk: Bulk; channelSid: string }) {
  const item = bulk.run?.snapshot.items.get(channelSid);
  const text = rowResultText(item);
  if (!text) return null;
  return <span className={`bulk-result bulk-result-${item?.status}`}>{text}</span>;
}

interface BulkPanelProps {
  bulk: Bulk;
  selected: readonly Membership[];
  canEdit: boolean;
  onClearSelection: () => void;
}

export function BulkPanel({ bulk, selected, canEdit, onClearSelection }: BulkPanelProps) {
  const run = bulk.run;
  const snapshot = run?.snapshot;
  const running = snapshot?.phase === 'running';
  const disabled = !bulk.editable || !canEdit || running || selected.length === 0;
  const failures = snapshot ? [...snapshot.items.values()].filter((item) => item.status === 'failed') : [];

  return (
    <section className="bulk-panel" aria-label="Bulk changes">
      <div className="bulk-actions">
        <p className="bulk-count">
          Change the {selected.length} selected:
          {!bulk.editable && ' — this API is read-only'}
          {bulk.editable && !canEdit && ' — viewers can’t change anything'}
        </p>
        {BULK_ACTIONS.map(({ action, label }) => (
          <button
            key={action}
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => bulk.start(action, selected)}
          >
            {label}
          </button>
        ))}
        {selected.length > 0 && (
          <button type="button" className="button button-quiet" onClick={onClearSelection} disabled={running}>
            Clear selection
          </button>
        )}
      </div>

      {run && snapshot && (
        <div className="bulk-run">
          <label className="bulk-progress">
            <span>
              {RUN_TITLE[run.action]}: {snapshot.settled} of {snapshot.total}
            </span>
            <progress
              aria-label={`${RUN_TITLE[run.action]} progress`}
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
              ? `${BULK_PAST_TENSE[run.action]} ${snapshot.done} of ${snapshot.total} channels` +
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
    </section>
  );
}
