import { CONVERSATIONS_UNREAD_CAP } from './membership.ts';

/** The words an API uses for its things, so each view speaks that API's language (Chat: channels, members). */
export interface ApiTerms {
  channel: string;
  channels: string;
  member: string;
  members: string;
  /** The SID label of the user's record in a channel ("Member SID" / "Participant SID"). */
  memberSid: string;
}

/**
 * What an API lets the console do, as facts the views read (`adapter.profile.canEdit`) instead of comparing API names.
 */
export interface ApiProfile {
  label: string;
  terms: ApiTerms;
  /** Memberships can be changed and removed (Chat v1's user channels are list-only). */
  canEdit: boolean;
  /** Membership records carry no names: they come from a Channel resource fetched per row. */
  hasChannelDetails: boolean;
  /** Records carry a per-user notification level (mute). */
  hasNotificationLevel: boolean;
  /** A read position can carry a last-read time of its own. */
  hasLastReadTime: boolean;
  /** The records carry the conversation's state (active / inactive / closed). */
  hasConversationState: boolean;
  /** The user record counts the channels the user joined (Chat's joined_channels_count). */
  hasJoinedCount: boolean;
  /** Twilio stops counting unread messages at this value (null: no cap). */
  unreadCap: number | null;
  /** Largest PageSize the user-channel list accepts (v1 allows 1000, we stop at 100 on screen). */
  maxPageSize: number;
}

const CHAT_TERMS: ApiTerms = {
  channel: 'channel',
  channels: 'channels',
  member: 'member',
  members: 'members',
  memberSid: 'Member SID',
};

export const chatV2Profile: ApiProfile = {
  label: 'Chat v2',
  terms: CHAT_TERMS,
  canEdit: true,
  hasChannelDetails: true,
  hasNotificationLevel: true,
  hasLastReadTime: false,
  hasConversationState: false,
  hasJoinedCount: true,
  unreadCap: null,
  maxPageSize: 50,
};

export const chatV1Profile: ApiProfile = {
  label: 'Chat v1',
  terms: CHAT_TERMS,
  canEdit: false,
  hasChannelDetails: true,
  hasNotificationLevel: false,
  hasLastReadTime: false,
  hasConversationState: false,
  hasJoinedCount: true,
  unreadCap: null,
  maxPageSize: 100,
};

export const conversationsProfile: ApiProfile = {
  label: 'Conversations',
  terms: {
    channel: 'conversation',
    channels: 'conversations',
    member: 'participant',
    members: 'participants',
    memberSid: 'Participant SID',
  },
  canEdit: true,
  hasChannelDetails: false,
  hasNotificationLevel: true,
  hasLastReadTime: true,
  hasConversationState: true,
  hasJoinedCount: false,
  unreadCap: CONVERSATIONS_UNREAD_CAP,
  maxPageSize: 50,
};

/** "Channels", "Conversation": a term at the start of a heading or a label. */
export const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
