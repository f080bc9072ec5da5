// What a diagnosis rule returns: a finding an agent can read without knowing Twilio's field names, the values it was
// read from (with where they came from), and — where one exists — the fix, described as data for the UI to run.
import { formatDate } from '../../../lib/format-date.ts';
import type { ApiKind, Membership, MembershipPatch } from '../../../lib/twilio/membership.ts';
import type { Symptom } from './symptoms.ts';

export type FindingTopic = 'pushes' | 'badge' | 'membership' | 'limits';

/** problem: explains a symptom and has a fix; warning: worth a look; info: how things stand (nothing wrong). */
export type Severity = 'problem' | 'warning' | 'info';

export interface Evidence {
  label: string;
  value: string;
  /** Where the value was read: the Twilio resource and field. */
  source: string;
}

export type FixDescriptor =
  | {
      /** A membership change through the one optimistic, audited, undoable mutation. */
      kind: 'membership-change';
      label: string;
      patch: MembershipPatch;
      expectedUnread?: number;
      /** What the user's app shows once it is done. */
      afterwards: string;
    }
  | {
      /** Deleting a push registration: Twilio can't restore it, so it is confirmed and has no undo. */
      kind: 'remove-binding';
      label: string;
      binding: PushBinding;
    }
  | {
      /** Selects these memberships in the table for a bulk removal the agent then confirms. */
      kind: 'select-memberships';
      label: string;
      channelSids: string[];
    };

export interface Finding {
  /** Stable per rule (and per binding for binding findings), for React keys and tests. */
  id: string;
  topic: FindingTopic;
  severity: Severity;
  title: string;
  explanation: string;
  evidence: Evidence[];
  /** The ticket symptoms this finding can explain (empty for plain facts). */
  symptoms: Symptom[];
  fix?: FixDescriptor;
}

/** A device registration for pushes (Chat v2 user binding or Conversations service binding). */
export interface PushBinding {
  sid: string;
  /** apn (iOS), fcm / gcm (Android and web), twilsock (Conversations' own connection). */
  kind: string;
  endpoint: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
}

/** The user's devices as read: all of them, or the first pages only when `capped` (more are registered). */
export interface PushDevices {
  bindings: PushBinding[];
  capped: boolean;
}

/** The service's push settings for new messages, as far as they were read. */
export interface ServicePushSettings {
  newMessageEnabled: boolean | null;
  badgeCountEnabled: boolean | null;
  /** Chat v2's service.limits.user_channels; null for Conversations (a fixed 1000 per identity). */
  userChannelsLimit: number | null;
}

export interface RecentMessage {
  index: number;
  author: string | null;
  dateCreated: string | null;
}

/** What is known about the user's pushes, whatever the channel. `undefined` = not read (yet, or not offered). */
export interface UserFacts {
  api: ApiKind;
  isNotifiable?: boolean | null;
  push?: ServicePushSettings;
  bindings?: readonly PushBinding[];
  /** More devices are registered than were read (Horizon reads a bounded number of pages). */
  bindingsCapped?: boolean;
  now: Date;
}

/** Everything the drawer knows about one membership. */
export interface MembershipFacts extends UserFacts {
  identity: string;
  membership: Membership;
  /** null = the channel has no messages. */
  newestIndex?: number | null;
  /** When the read position last moved (Member.last_consumption_timestamp). */
  lastReadAt?: string | null;
  recentMessages?: readonly RecentMessage[];
}

/** A rule about the user's pushes as a whole: it holds for every channel, so it also runs without one. */
export type UserRule = (facts: UserFacts) => Finding | null;
export type MembershipRule = (facts: MembershipFacts) => Finding | null;

export const SOURCES = {
  notificationLevel: (api: ApiKind) =>
    api === 'conversations'
      ? 'User Conversation notification_level'
      : 'User Channel notification_level (Chat v2)',
  readPosition: (api: ApiKind) =>
    api === 'conversations'
      ? 'User Conversation last_read_message_index'
      : 'User Channel last_consumed_message_index',
  unread: (api: ApiKind) =>
    api === 'conversations'
      ? 'User Conversation unread_messages_count'
      : 'User Channel unread_messages_count',
  newest: 'newest message index (Messages, newest first)',
  lastReadAt: 'Member last_consumption_timestamp',
  messages: 'Messages (newest first): from, index, date_created',
  status: 'User Channel status',
  state: 'User Conversation conversation_state',
  notifiable: 'User is_notifiable',
  servicePush: (api: ApiKind) =>
    api === 'conversations'
      ? 'Service Configuration/Notifications new_message.enabled'
      : 'Service notifications.new_message.enabled',
  bindings: (api: ApiKind) =>
    api === 'conversations' ? 'Service Bindings?Identity=' : 'User Bindings (Chat v2)',
  userChannelsLimit: 'Service limits.user_channels (Chat v2)',
  conversationsLimit: 'Twilio limit: 1000 conversations per identity',
} as const;

/** A date an agent reads at a glance, the same on every machine: "14 Jan 2025". */
export function formatDay(value: string | Date | null | undefined): string {
  return formatDate(value, 'day', 'unknown');
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function daysBetween(from: string | null, now: Date): number | null {
  if (!from) return null;
  const time = Date.parse(from);
  return Number.isNaN(time) ? null : Math.floor((now.getTime() - time) / DAY_MS);
}

export const SEVERITY_ORDER: Record<Severity, number> = { problem: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}
