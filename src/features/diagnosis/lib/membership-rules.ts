// Memberships that can't produce pushes or unread counts: invited or not participating (Chat), and conversations
// that are inactive or closed (Conversations).
import type { MembershipRule } from './finding.ts';
import { SOURCES } from './finding.ts';

export const notJoinedRule: MembershipRule = ({ membership }) => {
  if (membership.status === 'joined') return null;
  const invited = membership.status === 'invited';
  return {
    id: 'not-joined',
    topic: 'membership',
    severity: 'warning',
    title: invited
      ? 'Invited, not joined: no pushes and no unread count'
      : 'Not participating: no pushes and no unread count',
    explanation: invited
      ? 'The user was invited but never joined. Until they do, new messages push nothing and no badge is counted.'
      : 'The user left or was moved out of this channel. New messages push nothing and no badge is counted.',
    evidence: [{ label: 'Status', value: invited ? 'invited' : 'not participating', source: SOURCES.status }],
    symptoms: ['pushes', 'badge', 'read-state'],
  };
};

export const conversationStateRule: MembershipRule = ({ membership }) => {
  const state = membership.conversation?.state;
  if (!state || state === 'active') return null;
  const closed = state === 'closed';
  return {
    id: closed ? 'conversation-closed' : 'conversation-inactive',
    topic: 'membership',
    severity: 'warning',
    title: closed ? 'The conversation is closed' : 'The conversation is inactive',
    explanation: closed
      ? 'Nobody can post in a closed conversation, so it brings no new pushes or unread. It still counts against ' +
        "the user's limit of conversations."
      : 'No one has posted for a while; it becomes active again with the next message. It counts against the ' +
        "user's limit of conversations.",
    evidence: [{ label: 'Conversation state', value: state, source: SOURCES.state }],
    symptoms: [],
  };
};

export const MEMBERSHIP_RULES: readonly MembershipRule[] = [notJoinedRule, conversationStateRule];
