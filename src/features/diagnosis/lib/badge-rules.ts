// What the user's badge shows for a channel and why: the read position (the index of the last message they read)
// against the newest message, the messages they posted after it, and how Twilio counts unread.
import { CONVERSATIONS_UNREAD_CAP } from '../../../lib/twilio/membership.ts';
import {
  type Evidence,
  type FixDescriptor,
  formatDay,
  type MembershipFacts,
  type MembershipRule,
  type RecentMessage,
  SOURCES,
} from './finding.ts';

/** How many messages "Mark the last N unread" offers by default. */
export const DEFAULT_MARK_UNREAD = 5;

function readPositionEvidence({ api, membership }: MembershipFacts): Evidence {
  return {
    label: 'Read position',
    value: membership.lastReadIndex === null ? 'not set' : String(membership.lastReadIndex),
    source: SOURCES.readPosition(api),
  };
}

const newestEvidence = (newest: number | null): Evidence => ({
  label: 'Newest message index',
  value: newest === null ? 'no messages' : String(newest),
  source: SOURCES.newest,
});

const unreadEvidence = ({ api, membership }: MembershipFacts): Evidence => ({
  label: 'Unread (Twilio)',
  value:
    membership.unread === null ? 'not counted' : `${membership.unread}${membership.unreadCapped ? '+' : ''}`,
  source: SOURCES.unread(api),
});

/** Mark all read, named for what it fixes (the drawer's own "Mark all read" button sits below). */
export function markAllReadFix(newest: number, label: string): FixDescriptor {
  return {
    kind: 'membership-change',
    label,
    patch: { lastReadIndex: newest },
    expectedUnread: 0,
    afterwards: 'Their app shows no badge for this channel until the next message arrives.',
  };
}

/**
 * The read position that leaves exactly the last `count` messages unread: the index of the message just before
 * them (indices skip numbers, so it is read from the messages, never computed). undefined when the messages at hand
 * don't reach that far back.
 */
export function readPositionLeavingUnread(
  messages: readonly RecentMessage[],
  count: number,
): number | undefined {
  const sorted = [...messages].sort((a, b) => a.index - b.index);
  if (count < 1 || count >= sorted.length) return undefined;
  return sorted[sorted.length - count - 1]?.index;
}

export function markLastUnreadFix(
  messages: readonly RecentMessage[],
  count: number,
): FixDescriptor | undefined {
  const index = readPositionLeavingUnread(messages, count);
  if (index === undefined) return undefined;
  return {
    kind: 'membership-change',
    label: `Mark the last ${count} messages unread`,
    patch: { lastReadIndex: index },
    expectedUnread: count,
    afterwards: `Their app shows a badge of ${count} for this channel.`,
  };
}

export const readPositionNotSetRule: MembershipRule = (facts) => {
  const { membership, newestIndex } = facts;
  if (membership.lastReadIndex !== null || membership.status !== 'joined') return null;
  return {
    id: 'not-tracked',
    topic: 'badge',
    severity: 'warning',
    title: 'Unread is not counted: the app shows no badge',
    explanation:
      "The user's app has never reported a read position in this channel, so Twilio doesn't count unread " +
      'messages for them and apps show no badge at all (not even for new messages). Setting a read position ' +
      'starts the count.',
    evidence: [readPositionEvidence(facts), unreadEvidence(facts)],
    symptoms: ['badge', 'read-state'],
    fix:
      typeof newestIndex === 'number'
        ? markAllReadFix(newestIndex, 'Start counting: mark all read')
        : undefined,
  };
};

export const behindNewestRule: MembershipRule = (facts) => {
  const { membership, newestIndex } = facts;
  const read = membership.lastReadIndex;
  if (read === null || typeof newestIndex !== 'number' || read >= newestIndex) return null;
  const count = membership.unread;
  return {
    id: 'real-unread',
    topic: 'badge',
    severity: 'info',
    title:
      count === null
        ? 'Messages after the read position are unread'
        : `${count} unread: the app shows a badge`,
    explanation:
      'The read position is behind the newest message, so the messages after it are unread and the badge is ' +
      'real. It clears when the app reports the user read them.',
    evidence: [readPositionEvidence(facts), newestEvidence(newestIndex), unreadEvidence(facts)],
    symptoms: ['badge'],
  };
};

export const atOrPastNewestRule: MembershipRule = (facts) => {
  const { membership, newestIndex, recentMessages } = facts;
  const read = membership.lastReadIndex;
  if (read === null || newestIndex === undefined || (newestIndex !== null && read < newestIndex)) return null;
  const evidence = [readPositionEvidence(facts), newestEvidence(newestIndex)];
  if (newestIndex !== null && read > newestIndex) {
    return {
      id: 'past-newest',
      topic: 'badge',
      severity: 'warning',
      title: 'The read position is past the newest message',
      explanation:
        `Twilio counts 0 unread, and keeps counting 0 until new messages pass index ${read}: the user will not ` +
        'see a badge for a while. Setting it to the newest message counts new messages again at once.',
      evidence,
      symptoms: ['badge', 'read-state'],
      fix: {
        ...markAllReadFix(newestIndex, 'Set to the newest message'),
        afterwards: 'Their app shows no badge now and counts the next message.',
      },
    };
  }
  return {
    id: 'all-read',
    topic: 'badge',
    severity: 'info',
    title: 'All read: the app shows no badge',
    explanation:
      'The read position is at the newest message, so Twilio counts nothing unread. If the user says they ' +
      "haven't read these messages, move the read position back: their app then shows a badge again.",
    evidence,
    symptoms: ['read-state'],
    fix: recentMessages ? markLastUnreadFix(recentMessages, DEFAULT_MARK_UNREAD) : undefined,
  };
};

export const stuckReadPositionRule: MembershipRule = (facts) => {
  const { membership, recentMessages, identity, lastReadAt, newestIndex } = facts;
  const read = membership.lastReadIndex;
  if (read === null || !recentMessages) return null;
  const postedAfter = recentMessages.filter((m) => m.author === identity && m.index > read);
  if (postedAfter.length === 0) return null;
  const times =
    postedAfter.length === 1 ? 'once' : postedAfter.length === 2 ? 'twice' : `${postedAfter.length} times`;
  return {
    id: 'stuck-read-position',
    topic: 'badge',
    severity: 'problem',
    title: `The read position hasn't moved since ${formatDay(lastReadAt)}, though the user posted ${times} after it`,
    explanation:
      "The user's app sends messages but doesn't report what they read, so the badge stays stuck. Marking all " +
      'read clears it now; it sticks again until their app reports reads (the app must advance the read ' +
      'position when the user opens the channel).',
    evidence: [
      readPositionEvidence(facts),
      { label: 'Last moved', value: formatDay(lastReadAt), source: SOURCES.lastReadAt },
      ...postedAfter.map((m) => ({
        label: 'Posted by the user',
        value: `message ${m.index} on ${formatDay(m.dateCreated)}`,
        source: SOURCES.messages,
      })),
    ],
    symptoms: ['badge'],
    fix: typeof newestIndex === 'number' ? markAllReadFix(newestIndex, 'Clear the stuck badge') : undefined,
  };
};

export const unreadCappedRule: MembershipRule = (facts) => {
  if (!facts.membership.unreadCapped) return null;
  return {
    id: 'unread-capped',
    topic: 'badge',
    severity: 'info',
    title: `Unread shows ${CONVERSATIONS_UNREAD_CAP}+: Conversations stops counting there`,
    explanation: `Conversations reports at most ${CONVERSATIONS_UNREAD_CAP} unread messages; the real number is higher.`,
    evidence: [unreadEvidence(facts)],
    symptoms: ['badge'],
  };
};

export const indexGapRule: MembershipRule = (facts) => {
  const { membership, newestIndex } = facts;
  const read = membership.lastReadIndex;
  if (read === null || typeof newestIndex !== 'number' || membership.unread === null) return null;
  if (membership.unreadCapped || read >= newestIndex) return null;
  const difference = newestIndex - read;
  if (difference === membership.unread) return null;
  return {
    id: 'index-gaps',
    topic: 'badge',
    severity: 'info',
    title: `Why ${newestIndex} − ${read} = ${difference}, not ${membership.unread}`,
    explanation:
      'Message indices only go up, but they skip numbers, so subtracting the read position from the newest ' +
      "index overstates unread. Twilio's count is the one the app shows.",
    evidence: [readPositionEvidence(facts), newestEvidence(newestIndex), unreadEvidence(facts)],
    symptoms: ['badge'],
  };
};

/** Before the newest index is known (a table row): what Twilio's own count says the badge shows. */
export const countedUnreadRule: MembershipRule = (facts) => {
  const { membership, newestIndex } = facts;
  if (newestIndex !== undefined || membership.unread === null || membership.status !== 'joined') return null;
  if (membership.unread === 0) {
    return {
      id: 'nothing-unread',
      topic: 'badge',
      severity: 'info',
      title: 'Nothing unread: the app shows no badge',
      explanation:
        'Twilio counts no unread messages here. If the user says otherwise, open the channel to see why.',
      evidence: [readPositionEvidence(facts), unreadEvidence(facts)],
      symptoms: ['read-state'],
    };
  }
  return {
    id: 'counted-unread',
    topic: 'badge',
    severity: 'info',
    title: `${membership.unread}${membership.unreadCapped ? '+' : ''} unread: the app shows a badge`,
    explanation:
      'Twilio counts these messages as unread. Open the channel to see whether the read position is stuck.',
    evidence: [readPositionEvidence(facts), unreadEvidence(facts)],
    symptoms: ['badge'],
  };
};

export const BADGE_RULES: readonly MembershipRule[] = [
  countedUnreadRule,
  stuckReadPositionRule,
  readPositionNotSetRule,
  behindNewestRule,
  atOrPastNewestRule,
  unreadCappedRule,
  indexGapRule,
];
