import type { PageInfo } from './list.ts';

/** The three Twilio APIs the console can read a user's channels from. */
export type ApiKind = 'chat-v2' | 'chat-v1' | 'conversations';

export const API_KINDS: readonly ApiKind[] = ['chat-v2', 'chat-v1', 'conversations'];

export type MembershipStatus = 'joined' | 'invited' | 'not_participating';
export type NotificationLevel = 'default' | 'muted';

// How the console names them to an agent: the table's badges and filters, the drawer's facts.
export const MEMBERSHIP_STATUS_TEXT: Record<MembershipStatus, string> = {
  joined: 'Joined',
  invited: 'Invited',
  not_participating: 'Not participating',
};
export const NOTIFICATION_LEVEL_TEXT: Record<NotificationLevel, string> = {
  default: 'Default',
  muted: 'Muted',
};

/** Twilio's Conversations caps UnreadMessagesCount at this value. */
export const CONVERSATIONS_UNREAD_CAP = 1000;

/**
 * One user's membership in one channel, normalised across the three APIs (one adapter per API fills it in).
 * Fields an API doesn't have are null rather than guessed.
 */
export interface Membership {
  api: ApiKind;
  serviceSid: string;
  channelSid: string;
  /** MB… (the Participant SID in Conversations). */
  memberSid: string | null;
  userSid: string | null;
  status: MembershipStatus;
  /** The read horizon: index of the last message read; null = never set ("not tracked"). */
  lastReadIndex: number | null;
  unread: number | null;
  /** True when `unread` is a capped value (Conversations stops counting at 1000). */
  unreadCapped: boolean;
  /** Chat v1 has no per-user notification level. */
  notificationLevel: NotificationLevel | null;
  /** Chat's user-channel records carry no names: they arrive later from the Channel resource. */
  friendlyName: string | null;
  uniqueName: string | null;
  /** Set while a read-position change is in flight and the resulting unread count isn't known yet. */
  unreadPending: boolean;
  /** Conversations only: extra fields the UserConversation record carries. */
  conversation: ConversationExtras | null;
}

export type ConversationState = 'inactive' | 'active' | 'closed';

export const CONVERSATION_STATE_TEXT: Record<ConversationState, string> = {
  active: 'Active',
  inactive: 'Inactive',
  closed: 'Closed',
};

/** A conversation's state and its timers: when it goes (or went) inactive and when it closes. */
export interface ConversationStatus {
  state: ConversationState;
  dateInactive: string | null;
  dateClosed: string | null;
}

export interface ConversationExtras extends ConversationStatus {
  attributes: string | null;
  createdBy: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
}

export interface MembershipPage extends PageInfo {
  rows: Membership[];
  pageSize: number;
}

/** Both spellings Twilio has used: seeds and v1 say `not_participating`, the 2025+ v2 spec says `notParticipating`. */
export function normaliseStatus(
  status: 'joined' | 'invited' | 'not_participating' | 'notParticipating',
): MembershipStatus {
  return status === 'notParticipating' ? 'not_participating' : status;
}

export function membershipLabel(row: Pick<Membership, 'friendlyName' | 'uniqueName' | 'channelSid'>): string {
  return row.friendlyName || row.uniqueName || row.channelSid;
}

/** A membership change as the console expresses it; each adapter maps it to its own form parameters. */
export interface MembershipPatch {
  notificationLevel?: NotificationLevel;
  /** null clears the horizon (nothing read, unread not tracked). */
  lastReadIndex?: number | null;
  /** ISO-8601; Conversations' LastReadTimestamp, Chat's LastConsumptionTimestamp. */
  lastReadTimestamp?: string;
}

export interface UserSummary {
  sid: string;
  identity: string;
  friendlyName: string | null;
  joinedChannelsCount: number | null;
  isOnline: boolean | null;
  isNotifiable: boolean | null;
}

export interface ServiceSummary {
  sid: string;
  friendlyName: string | null;
  /** Conversations: the account's default conversation service (`/v1/Configuration`). */
  isDefault?: boolean;
}

export interface ChannelInfo {
  sid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  type: string | null;
  membersCount: number | null;
  messagesCount: number | null;
  createdBy: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
  attributes: string | null;
  /** Conversations only: the conversation's state and timers. */
  conversation?: ConversationStatus;
}

/** How a participant without a chat identity is reached (SMS, WhatsApp, Messenger). */
export interface MessagingBinding {
  type: string | null;
  address: string | null;
  proxyAddress: string | null;
}

export interface MemberInfo {
  sid: string | null;
  lastConsumptionTimestamp: string | null;
  lastReadIndex: number | null;
  /** Conversations only: the participant's conversation role and messaging binding. */
  roleSid?: string | null;
  messagingBinding?: MessagingBinding | null;
}

/** One of a channel's newest messages. */
export interface MessageSummary {
  sid: string;
  index: number;
  author: string | null;
  body: string | null;
  dateCreated: string | null;
}
