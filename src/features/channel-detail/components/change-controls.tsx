import { type FormEvent, useId, useState } from 'react';
import { describeError } from '../../../lib/api-client.ts';
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
  /** Channel or conversation, in the API's words. */
  terms: ApiTerms;
  membership: Membership;
  newestIndex: number | null | undefined;
  onChange: Submit;
  /** The read position that leaves the newest `count` messages unread (null: the channel has no more than that). */
  leaveUnread: (count: number) => Promise<number | null>;
}

/** Whole messages only, 1 to 1000 (Conversations stops counting unread at 1000 anyway). */
function parseMessageCount(text: string): number | null {
  const value = parseMessageIndex(text);
  return value !== null && value >= 1 && value <= 1000 ? value : null;
}

/**
 * The read position (the index of the last message the user read): three actions named by what the user's app shows
 * afterwards, and an exact index for the rare case. An index past the newest message is refused; clearing asks first.
 */
export function ReadPositionControl({
  hasLastReadTime,
  terms,
  membership,
  newestIndex,
  onChange,
  leaveUnread,
}: ReadPositionProps) {
  const [text, setText] = useState(membership.lastReadIndex === null ? '' : String(membership.lastReadIndex));
  const [when, setWhen] = useState('');
  const [unreadText, setUnreadText] = useState('5');
  const [problem, setProblem] = useState<string | null>(null);
  const [unreadProblem, setUnreadProblem] = useState<string | null>(null);
  const [confirmingClear, setConfirmingClear] = useState(false);
  const problemId = useId();
  const unreadProblemId = useId();
  const hintId = useId();
  const channelSid = membership.channelSid;
  const newestKnown = typeof newestIndex === 'number';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const index = parseMessageIndex(text.trim());
    if (index === null) {
      setProblem('Enter a whole number of 0 or more (a message index).');
      return;
    }
    if (typeof newestIndex === 'number' && index > newestIndex) {
      setProblem(
        `The newest message's index is ${newestIndex}. A read position past it hides the badge for new messages ` +
          `until they pass ${index}: enter ${newestIndex} or less.`,
      );
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

  const markUnread = async (event: FormEvent) => {
    event.preventDefault();
    const count = parseMessageCount(unreadText.trim());
    if (count === null) {
      setUnreadProblem('Enter how many messages, from 1 to 1000.');
      return;
    }
    try {
      const index = await leaveUnread(count);
      if (index === null) {
        setUnreadProblem(`The ${terms.channel} has ${count} messages or fewer: all of them would be unread.`);
        return;
      }
      setUnreadProblem(null);
      setText(String(index));
      onChange({ kind: 'update', channelSid, patch: { lastReadIndex: index }, expectedUnread: count });
    } catch (error) {
      setUnreadProblem(
        `Couldn't read the ${terms.channel}'s messages: ${describeError(error)}. Nothing was changed.`,
      );
    }
  };

  return (
    <div className="control">
      <p className="control-label">Read position</p>
      <p id={hintId} className="hint">
        {newestKnown
          ? `The newest message's index is ${newestIndex}.`
          : newestIndex === null
            ? `The ${terms.channel} has no messages yet.`
            : ''}
      </p>
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
        <span className="hint">Their app shows no badge for this {terms.channel}.</span>
      </div>
      <form className="read-position" onSubmit={markUnread} noValidate>
        <label className="field field-inline">
          <span>Messages to mark unread</span>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            step={1}
            value={unreadText}
            onChange={(event) => setUnreadText(event.target.value)}
            aria-invalid={unreadProblem !== null}
            aria-describedby={unreadProblem ? unreadProblemId : undefined}
          />
        </label>
        <button type="submit" className="button" disabled={newestIndex === null}>
          Mark the last {parseMessageCount(unreadText.trim()) ?? 'N'} messages unread
        </button>
        <span className="hint">Their app shows that many as unread.</span>
      </form>
      {unreadProblem && (
        <p id={unreadProblemId} className="field-problem" role="alert">
          {unreadProblem}
        </p>
      )}
      <div className="read-position-exact">
        <form className="read-position" onSubmit={submit} noValidate>
          <label className="field">
            <span>Read position (index of the last message read)</span>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              max={typeof newestIndex === 'number' ? newestIndex : undefined}
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
        {problem && (
          <p id={problemId} className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => setConfirmingClear(true)}>
          Clear read position…
        </button>
        <span className="hint">Their app shows no badge at all, even for new messages.</span>
      </div>
      {confirmingClear && (
        <ConfirmDialog
          title="Clear the read position?"
          confirmLabel="Clear read position"
          onCancel={() => setConfirmingClear(false)}
          onConfirm={() => {
            setConfirmingClear(false);
            setText('');
            onChange({ kind: 'update', channelSid, patch: { lastReadIndex: null } });
          }}
        >
          <p>
            Twilio then stops counting unread messages for this user here: the badge disappears from their
            app, and no badge appears for new messages until their app sets a read position again. Undo is
            offered afterwards.
          </p>
        </ConfirmDialog>
      )}
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
          deleteKeyConfirms
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
