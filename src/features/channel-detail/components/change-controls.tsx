import { type FormEvent, useId, useState } from 'react';
import type { ApiTerms } from '../../../lib/twilio/api-profiles.ts';
import { presentTense } from '../../../lib/twilio/change-words.ts';
import type { Membership, NotificationLevel } from '../../../lib/twilio/membership.ts';
import type { MembershipChange } from '../../../lib/twilio/membership-mutations.ts';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';

type Submit = (change: MembershipChange) => void;

export function NotificationsControl({ membership, onChange }: { membership: Membership; onChange: Submit }) {
  const legendId = useId();
  const name = useId();
  const choose = (level: NotificationLevel) =>
    onChange({ kind: 'update', channelSid: membership.channelSid, patch: { notificationLevel: level } });
  return (
    <div className="control" role="radiogroup" aria-labelledby={legendId}>
      <p id={legendId} className="control-label">
        Notifications
      </p>
      <div className="segmented">
        {(['default', 'muted'] as const).map((level) => (
          <label key={level} className="segment">
            <input
              type="radio"
              name={name}
              value={level}
              checked={membership.notificationLevel === level}
              onChange={() => choose(level)}
            />
            <span>{level === 'muted' ? 'Muted' : 'Default'}</span>
          </label>
        ))}
      </div>
    </div>
  );
}

/** A whole number ≥ 0, written as digits only ("1e3", "2.0", " 4" are refused rather than guessed at). */
export function parseMessageIndex(text: string): number | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

interface ReadPositionProps {
  /** Conversations take a last-read time with the index. */
  hasLastReadTime: boolean;
  membership: Membership;
  newestIndex: number | null | undefined;
  onChange: Submit;
}

export function ReadPositionControl({
  hasLastReadTime,
  membership,
  newestIndex,
  onChange,
}: ReadPositionProps) {
  const [text, setText] = useState(membership.lastReadIndex === null ? '' : String(membership.lastReadIndex));
  const [when, setWhen] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const hintId = useId();
  const channelSid = membership.channelSid;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const index = parseMessageIndex(text.trim());
    if (index === null) {
      setProblem('Enter a whole number of 0 or more (a message index).');
      return;
    }
    let lastReadTimestamp: string | undefined;
    if (when !== '') {
      const date = new Date(when);
      if (Number.isNaN(date.getTime())) {
        setProblem('Enter a valid date and time, or leave it empty.');
        return;
      }
      // Twilio's format: UTC, no milliseconds.
      lastReadTimestamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    setProblem(null);
    onChange({ kind: 'update', channelSid, patch: { lastReadIndex: index, lastReadTimestamp } });
  };

  const newestKnown = typeof newestIndex === 'number';
  return (
    <div className="control">
      <form className="read-position" onSubmit={submit} noValidate>
        <label className="field">
          <span>Last read message index</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={text}
            onChange={(event) => setText(event.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={[problem ? problemId : null, hintId].filter(Boolean).join(' ')}
          />
        </label>
        {hasLastReadTime && (
          <label className="field">
            <span>Last read time (optional)</span>
            <input
              type="datetime-local"
              value={when}
              onChange={(event) => setWhen(event.target.value)}
              step={1}
            />
          </label>
        )}
        <button type="submit" className="button">
          Set read position
        </button>
      </form>
      <p id={hintId} className="hint">
        {newestKnown
          ? `The newest message's index is ${newestIndex}.`
          : newestIndex === null
            ? 'The channel has no messages yet.'
            : ''}
      </p>
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={!newestKnown}
          onClick={() => {
            if (typeof newestIndex !== 'number') return;
            setText(String(newestIndex));
            onChange({
              kind: 'update',
              channelSid,
              patch: { lastReadIndex: newestIndex },
              expectedUnread: 0,
            });
          }}
        >
          Mark all read
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setText('');
            onChange({ kind: 'update', channelSid, patch: { lastReadIndex: null } });
          }}
        >
          Reset read position
        </button>
      </div>
    </div>
  );
}

interface RemoveProps {
  userLabel: string;
  channelLabel: string;
  terms: ApiTerms;
  pending: boolean;
  onConfirm: () => void;
}

/** Remove asks first, in an alert dialog stacked over the drawer: Twilio would need a new invite to undo it. */
export function RemoveControl({ userLabel, channelLabel, terms, pending, onConfirm }: RemoveProps) {
  const [confirming, setConfirming] = useState(false);
  const action = presentTense('remove', terms);
  return (
    <div className="control">
      <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
        {action}
      </button>
      {confirming && (
        <ConfirmDialog
          title={`${action}?`}
          confirmLabel="Remove"
          pendingLabel="Removing…"
          pending={pending}
          onConfirm={onConfirm}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Remove <strong>{userLabel}</strong> from <strong>{channelLabel}</strong>? They lose the{' '}
            {terms.channel} and their read position in it. Horizon can't undo this: only a new invite brings
            them back.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
