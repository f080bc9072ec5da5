import * as z from 'zod/mini';
import { URL_SPACE } from '../../../url-space/url-space.ts';
import { api } from '../api-client.ts';
import type { MembershipAdapter } from './adapter.ts';
import { chatV2Profile } from './api-profiles.ts';
import { listEnvelope, pageInfoFromMeta } from './list.ts';
import { type ChannelInfo, type Membership, type MembershipPatch, normaliseStatus } from './membership.ts';

const V2 = URL_SPACE['chat-v2'].segments;

const statusSchema = z.enum(['joined', 'invited', 'not_participating', 'notParticipating']);
const notificationLevelSchema = z.enum(['default', 'muted']);

/** chat.v2.service.user.user_channel */
export const chatV2UserChannelSchema = z.object({
  account_sid: z.nullish(z.string()),
  service_sid: z.string(),
  channel_sid: z.string(),
  user_sid: z.nullish(z.string()),
  member_sid: z.nullish(z.string()),
  status: statusSchema,
  last_consumed_message_index: z.nullable(z.int()),
  unread_messages_count: z.nullable(z.int()),
  notification_level: notificationLevelSchema,
  url: z.nullish(z.string()),
  links: z.nullish(z.object({ channel: z.string(), member: z.string() })),
});

const chatV2ServiceSchema = z.object({ sid: z.string(), friendly_name: z.nullable(z.string()) });

const chatV2UserSchema = z.object({
  sid: z.string(),
  identity: z.string(),
  friendly_name: z.nullable(z.string()),
  is_online: z.nullish(z.boolean()),
  is_notifiable: z.nullish(z.boolean()),
  joined_channels_count: z.nullish(z.int()),
});

export const chatV2ChannelSchema = z.object({
  sid: z.string(),
  friendly_name: z.nullable(z.string()),
  unique_name: z.nullable(z.string()),
  attributes: z.nullable(z.string()),
  type: z.nullable(z.string()),
  date_created: z.nullable(z.string()),
  date_updated: z.nullable(z.string()),
  created_by: z.nullable(z.string()),
  members_count: z.nullish(z.int()),
  messages_count: z.nullish(z.int()),
});

const chatV2MemberSchema = z.object({
  sid: z.nullable(z.string()),
  last_consumed_message_index: z.nullable(z.int()),
  last_consumption_timestamp: z.nullable(z.string()),
});

const chatV2MessageSchema = z.object({
  sid: z.string(),
  index: z.int(),
  from: z.nullable(z.string()),
  body: z.nullable(z.string()),
  date_created: z.nullable(z.string()),
});

export function chatV2ToMembership(raw: z.infer<typeof chatV2UserChannelSchema>): Membership {
  return {
    api: 'chat-v2',
    serviceSid: raw.service_sid,
    channelSid: raw.channel_sid,
    memberSid: raw.member_sid ?? null,
    userSid: raw.user_sid ?? null,
    status: normaliseStatus(raw.status),
    lastReadIndex: raw.last_consumed_message_index,
    unread: raw.unread_messages_count,
    unreadCapped: false,
    notificationLevel: raw.notification_level,
    friendlyName: null,
    uniqueName: null,
    unreadPending: false,
    conversation: null,
  };
}

export function chatV2ToChannelInfo(raw: z.infer<typeof chatV2ChannelSchema>): ChannelInfo {
  return {
    sid: raw.sid,
    friendlyName: raw.friendly_name,
    uniqueName: raw.unique_name,
    type: raw.type,
    membersCount: raw.members_count ?? null,
    messagesCount: raw.messages_count ?? null,
    createdBy: raw.created_by,
    dateCreated: raw.date_created,
    dateUpdated: raw.date_updated,
    attributes: raw.attributes,
  };
}

export function chatV2PatchToForm(patch: MembershipPatch) {
  return {
    NotificationLevel: patch.notificationLevel,
    LastConsumedMessageIndex: patch.lastReadIndex,
    LastConsumptionTimestamp: patch.lastReadTimestamp,
  };
}

async function newestMessages(service: string, channel: string, count: number, signal?: AbortSignal) {
  const body = await api.get(
    [...V2, 'Services', service, 'Channels', channel, 'Messages'],
    listEnvelope('messages', chatV2MessageSchema),
    { query: { Order: 'desc', PageSize: count }, signal },
  );
  return body.messages.map((m) => ({
    sid: m.sid,
    index: m.index,
    author: m.from,
    body: m.body,
    dateCreated: m.date_created,
  }));
}

const userChannelPath = (service: string, user: string, channel: string) =>
  [...V2, 'Services', service, 'Users', user, 'Channels', channel] as const;

export const chatV2Adapter: MembershipAdapter = {
  profile: chatV2Profile,
  async listServices(signal) {
    const body = await api.get([...V2, 'Services'], listEnvelope('services', chatV2ServiceSchema), {
      query: { PageSize: 100 },
      signal,
    });
    return body.services.map((s) => ({ sid: s.sid, friendlyName: s.friendly_name }));
  },

  async fetchUser(service, user, signal) {
    const raw = await api.get([...V2, 'Services', service, 'Users', user], chatV2UserSchema, { signal });
    return {
      sid: raw.sid,
      identity: raw.identity,
      friendlyName: raw.friendly_name,
      joinedChannelsCount: raw.joined_channels_count ?? null,
      isOnline: raw.is_online ?? null,
      isNotifiable: raw.is_notifiable ?? null,
    };
  },

  async listMemberships({ service, user, pageSize, token, signal }) {
    const body = await api.get(
      [...V2, 'Services', service, 'Users', user, 'Channels'],
      listEnvelope('channels', chatV2UserChannelSchema),
      { query: { PageSize: pageSize, PageToken: token ?? undefined }, signal },
    );
    return { rows: body.channels.map(chatV2ToMembership), pageSize, ...pageInfoFromMeta(body.meta) };
  },

  async fetchMembership(service, user, channel, signal) {
    return chatV2ToMembership(
      await api.get(userChannelPath(service, user, channel), chatV2UserChannelSchema, { signal }),
    );
  },

  async fetchChannel(service, channel, signal) {
    return chatV2ToChannelInfo(
      await api.get([...V2, 'Services', service, 'Channels', channel], chatV2ChannelSchema, { signal }),
    );
  },

  async fetchMember(service, channel, member, signal) {
    const raw = await api.get(
      [...V2, 'Services', service, 'Channels', channel, 'Members', member],
      chatV2MemberSchema,
      {
        signal,
      },
    );
    return {
      sid: raw.sid,
      lastReadIndex: raw.last_consumed_message_index,
      lastConsumptionTimestamp: raw.last_consumption_timestamp,
    };
  },

  async fetchNewestMessageIndex(service, channel, signal) {
    return (await newestMessages(service, channel, 1, signal))[0]?.index ?? null;
  },

  listNewestMessages: newestMessages,

  async updateMembership(service, user, channel, patch, options) {
    const raw = await api.post(
      userChannelPath(service, user, channel),
      chatV2PatchToForm(patch),
      chatV2UserChannelSchema,
      { reason: options?.reason },
    );
    return chatV2ToMembership(raw);
  },

  async removeMembership(service, user, channel, options) {
    await api.delete(userChannelPath(service, user, channel), { reason: options?.reason });
  },

  membershipPath: userChannelPath,
};
