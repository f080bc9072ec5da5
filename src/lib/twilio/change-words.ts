import type { ApiTerms } from './api-profiles.ts';
import type { MembershipChange } from './membership-mutations.ts';

/**
 * The one place that words a membership change, in the present ("Mute", for buttons and "Couldn't mute …") and the
 * past ("Muted Ops", "Muted 3 channels", for confirmations, undo offers, bulk summaries and shortcut announcements).
 */
export type ChangeAction = 'mute' | 'unmute' | 'mark-read' | 'clear-read' | 'set-read' | 'remove' | 'undo';

type Words = { present: (terms: ApiTerms) => string; past: string; intent: string };

// present: the button; past + what: "Muted Ops"; intent + what: "Couldn't mute Ops".
const WORDS: Record<ChangeAction, Words> = {
  mute: { present: () => 'Mute', past: 'Muted', intent: 'mute' },
  unmute: { present: () => 'Unmute', past: 'Unmuted', intent: 'unmute' },
  'mark-read': { present: () => 'Mark all read', past: 'Marked all read in', intent: 'mark all read in' },
  'clear-read': {
    present: () => 'Clear read position',
    past: 'Cleared the read position of',
    intent: 'clear the read position of',
  },
  'set-read': {
    present: () => 'Set read position',
    past: 'Set the read position of',
    intent: 'set the read position of',
  },
  remove: {
    present: (t) => `Remove from ${t.channel}`,
    past: 'Removed from',
    intent: 'remove the membership in',
  },
  undo: { present: () => 'Undo', past: 'Undid the change of', intent: 'undo the change of' },
};

/** Which action a change is. */
export function actionOf(change: MembershipChange): ChangeAction {
  if (change.kind === 'remove') return 'remove';
  const { notificationLevel, lastReadIndex } = change.patch;
  if (notificationLevel === 'muted') return 'mute';
  if (notificationLevel === 'default') return 'unmute';
  if (lastReadIndex === null) return 'clear-read';
  if (change.expectedUnread === 0) return 'mark-read';
  return 'set-read';
}

/** "Mute", "Remove from conversation": a button, a run's title. */
export const presentTense = (action: ChangeAction, terms: ApiTerms) => WORDS[action].present(terms);

/** "Muted Ops", "Muted 3 channels", "Removed from 1 conversation": what was done to `what`. */
export const pastTense = (action: ChangeAction, what: string) => `${WORDS[action].past} ${what}`;

/** "3 channels", "1 conversation". */
export const countOf = (count: number, terms: ApiTerms) =>
  `${count} ${count === 1 ? terms.channel : terms.channels}`;

/** The read position a set-read change writes, as words to append (" to 12"), or nothing. */
const target = (change: MembershipChange) =>
  actionOf(change) === 'set-read' && change.kind === 'update' ? ` to ${change.patch.lastReadIndex}` : '';

/** What one change did to one channel: "Muted Ops", "Set the read position of Ops to 12". */
export const describeDone = (change: MembershipChange, label: string) =>
  `${pastTense(actionOf(change), label)}${target(change)}`;

/** What a change was going to do, for "Couldn't mute Ops: …" and "Saved: mute Ops." */
export const describeIntent = (change: MembershipChange, label: string) =>
  `${WORDS[actionOf(change)].intent} ${label}${target(change)}`;
