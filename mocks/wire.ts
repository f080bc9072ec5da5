// Records → Twilio's JSON wire format (snake_case, nulls where Twilio has them, absolute production-host URLs).
import { chatNotificationsJson } from './push.ts';
import { makeMessageSid } from './sid.ts';
import {
  type ChannelRecord,
  type MemberRecord,
  messageIndexAt,
  type ServiceRecord,
  type UserRecord,
  unreadCount,
} from './store.ts';

export const CHAT_V2 = 'https://chat.twilio.com/v2';

/** Twilio's date format: ISO 8601 UTC without milliseconds. */
export const isoDate = (date: Date | null): string | null =>
  date === null ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function serviceJson(service: ServiceRecord, accountSid: string) {
  const url = `${CHAT_V2}/Services/${service.sid}`;
  return {
    sid: service.sid,
    account_sid: accountSid,
    friendly_name: service.friendlyName,
    date_created: isoDate(service.dateCreated),
    date_updated: isoDate(service.dateUpdated),
    default_service_role_sid: service.defaultServiceRoleSid,
    default_channel_role_sid: service.defaultChannelRoleSid,
    default_channel_creator_role_sid: service.defaultChannelCreatorRoleSid,
    read_status_enabled: service.readStatusEnabled,
    reachability_enabled: service.reachabilityEnabled,
    typing_indicator_timeout: 5,
    consumption_report_interval: 10,
    limits: { channel_members: service.channelMembersLimit, user_channels: service.userChannelsLimit },
    pre_webhook_url: null,
    post_webhook_url: null,
    webhook_method: null,
    webhook_filters: [],
    pre_webhook_retry_count: 0,
    post_webhook_retry_count: 0,
    notifications: chatNotificationsJson(service.notifications),
    media: { size_limit_mb: 150, compatibility_message: 'Media messages are not supported by your client' },
    url,
    links: {
      channels: `${url}/Channels`,
      users: `${url}/Users`,
      roles: `${url}/Roles`,
      bindings: `${url}/Bindings`,
    },
  };
}

export function userJson(user: UserRecord, accountSid: string) {
  const url = `${CHAT_V2}/Services/${user.serviceSid}/Users/${user.sid}`;
  return {
    sid: user.sid,
    account_sid: accountSid,
    service_sid: user.serviceSid,
    attributes: user.attributes,
    friendly_name: user.friendlyName,
    role_sid: user.roleSid,
    identity: user.identity,
    is_online: user.isOnline,
    is_notifiable: user.isNotifiable,
    date_created: isoDate(user.dateCreated),
    date_updated: isoDate(user.dateUpdated),
    joined_channels_count: user.memberships.filter((m) => m.status === 'joined').length,
    links: { user_channels: `${url}/Channels`, user_bindings: `${url}/Bindings` },
    url,
  };
}

export function channelJson(channel: ChannelRecord, accountSid: string) {
  const url = `${CHAT_V2}/Services/${channel.serviceSid}/Channels/${channel.sid}`;
  const log = channel.messages;
  return {
    sid: channel.sid,
    account_sid: accountSid,
    service_sid: channel.serviceSid,
    friendly_name: channel.friendlyName,
    unique_name: channel.uniqueName,
    attributes: channel.attributes,
    type: channel.type,
    date_created: isoDate(channel.dateCreated),
    date_updated: isoDate(channel.dateUpdated),
    created_by: channel.createdBy,
    members_count: channel.members.length,
    messages_count: log.count,
    url,
    links: {
      members: `${url}/Members`,
      messages: `${url}/Messages`,
      invites: `${url}/Invites`,
      webhooks: `${url}/Webhooks`,
      last_message: log.count === 0 ? null : `${url}/Messages/${makeMessageSid(channel.sid, log.count - 1)}`,
    },
  };
}

export function memberJson(member: MemberRecord, accountSid: string) {
  return {
    sid: member.sid,
    account_sid: accountSid,
    channel_sid: member.channelSid,
    service_sid: member.serviceSid,
    identity: member.identity,
    date_created: isoDate(member.dateCreated),
    date_updated: isoDate(member.dateUpdated),
    role_sid: member.roleSid,
    last_consumed_message_index: member.lastConsumedMessageIndex,
    last_consumption_timestamp: isoDate(member.lastConsumptionTimestamp),
    url: `${CHAT_V2}/Services/${member.serviceSid}/Channels/${member.channelSid}/Members/${member.sid}`,
    attributes: member.attributes,
  };
}

const MESSAGE_LINES = [
  'Morning all, picking up the queue now.',
  'Customer says the export is stuck at 90%.',
  'Can someone with admin rights take a look?',
  'Escalated to tier 2, ticket linked in the thread.',
  'Fixed — it was a stale cache on their side.',
  'Heads up: deploy at 14:00 UTC.',
  'Thanks! Closing this one.',
];

export function messageJson(channel: ChannelRecord, position: number, accountSid: string) {
  const log = channel.messages;
  const sid = makeMessageSid(channel.sid, position);
  const date = isoDate(new Date(log.firstDate.getTime() + position * log.stepMs));
  const author = log.authors[position % Math.max(1, log.authors.length)] ?? 'system';
  return {
    sid,
    account_sid: accountSid,
    attributes: '{}',
    service_sid: channel.serviceSid,
    to: channel.sid,
    channel_sid: channel.sid,
    date_created: date,
    date_updated: date,
    last_updated_by: null,
    was_edited: false,
    from: author,
    body: MESSAGE_LINES[position % MESSAGE_LINES.length] ?? '',
    index: messageIndexAt(log, position),
    type: 'text',
    media: null,
    url: `${CHAT_V2}/Services/${channel.serviceSid}/Channels/${channel.sid}/Messages/${sid}`,
  };
}

export function userChannelV2Json(member: MemberRecord, channel: ChannelRecord, accountSid: string) {
  const channelUrl = `${CHAT_V2}/Services/${member.serviceSid}/Channels/${member.channelSid}`;
  return {
    account_sid: accountSid,
    service_sid: member.serviceSid,
    channel_sid: member.channelSid,
    user_sid: member.userSid,
    member_sid: member.sid,
    status: member.status,
    last_consumed_message_index: member.lastConsumedMessageIndex,
    unread_messages_count: unreadCount(channel.messages, member.lastConsumedMessageIndex),
    notification_level: member.notificationLevel,
    url: `${CHAT_V2}/Services/${member.serviceSid}/Users/${member.userSid}/Channels/${member.channelSid}`,
    links: { channel: channelUrl, member: `${channelUrl}/Members/${member.sid}` },
  };
}

/** Chat v1 has no user_sid, url or notification_level. `base` is the v1 host the request came through. */
export function userChannelV1Json(
  member: MemberRecord,
  channel: ChannelRecord,
  accountSid: string,
  base: string,
) {
  const channelUrl = `${base}/Services/${member.serviceSid}/Channels/${member.channelSid}`;
  return {
    account_sid: accountSid,
    service_sid: member.serviceSid,
    channel_sid: member.channelSid,
    member_sid: member.sid,
    status: member.status,
    last_consumed_message_index: member.lastConsumedMessageIndex,
    unread_messages_count: unreadCount(channel.messages, member.lastConsumedMessageIndex),
    links: { channel: channelUrl, member: `${channelUrl}/Members/${member.sid}` },
  };
}
