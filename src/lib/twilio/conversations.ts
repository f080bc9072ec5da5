import { z } from 'zod';
import { api } from '../api-client.ts';
import type { MembershipAdapter } from './adapter.ts';
import { chatV2Adapter } from './chat-v2.ts';
import { listEnvelope, pageInfoFromMeta } from './list.ts';
import { CONVERSATIONS_UNREAD_CAP, type Membership, type MembershipPatch } from './membership.ts';

const CONV = ['conversations', 'v1'] as const;

/** conversations.v1.service.service_user.service_user_conversation */
export const userConversationSchema = z.object({
  account_sid: z.string().nullish(),
  chat_service_sid: z.string(),
  conversation_sid: z.string(),
  participant_sid: z.string().nullish(),
  user_sid: z.string().nullish(),
  unread_messages_count: z.number().int().nullable(),
  last_read_message_index: z.number().int().nullable(),
  friendly_name: z.string().nullish(),
  unique_name: z.string().nullish(),
  attributes: z.string().nullish(),
  created_by: z.string().nullish(),
  conversation_state: z.enum(['inactive', 'active', 'closed']),
  date_created: z.string().nullish(),
  date_updated: z.string().nullish(),
  notification_level: z.enum(['default', 'muted']),
  url: z.string().nullish(),
});

const serviceSchema = z.object({ sid: z.string(), friendly_name: z.string().nullable() });

const conversationsUserSchema = z.object({
  sid: z.string(),
  identity: z.string(),
  friendly_name: z.string().nullable(),
  is_online: z.boolean().nullish(),
  is_notifiable: z.boolean().nullish(),
});

export function userConversationToMembership(raw: z.infer<typeof userConversationSchema>): Membership {
  return {
    api: 'conversations',
    serviceSid: raw.chat_service_sid,
    channelSid: raw.conversation_sid,
    memberSid: raw.participant_sid ?? null,
    userSid: raw.user_sid ?? null,
    // A UserConversation exists only for a participant: Conversations has no invited/left states.
    status: 'joined',
    lastReadIndex: raw.last_read_message_index,
    unread: raw.unread_messages_count,
    unreadCapped: raw.unread_messages_count !== null && raw.unread_messages_count >= CONVERSATIONS_UNREAD_CAP,
    notificationLevel: raw.notification_level,
    friendlyName: raw.friendly_name ?? null,
    uniqueName: raw.unique_name ?? null,
    unreadPending: false,
    conversation: {
      state: raw.conversation_state,
      attributes: raw.attributes ?? null,
      createdBy: raw.created_by ?? null,
      dateCreated: raw.date_created ?? null,
      dateUpdated: raw.date_updated ?? null,
    },
  };
}

export function conversationsPatchToForm(patch: MembershipPatch) {
  return {
    NotificationLevel: patch.notificationLevel,
    LastReadMessageIndex: patch.lastReadIndex,
    LastReadTimestamp: patch.lastReadTimestamp,
  };
}

const userConversationPath = (service: string, user: string, conversation: string) =>
  [...CONV, 'Services', service, 'Users', user, 'Conversations', conversation] as const;

export const conversationsAdapter: MembershipAdapter = {
  async listServices(signal) {
    const body = await api.get([...CONV, 'Services'], listEnvelope('services', serviceSchema), {
      query: { PageSize: 50 },
      signal,
    });
    return body.services.map((s) => ({ sid: s.sid, friendlyName: s.friendly_name }));
  },

  async fetchUser(service, user, signal) {
    const raw = await api.get([...CONV, 'Services', service, 'Users', user], conversationsUserSchema, {
      signal,
    });
    return {
      sid: raw.sid,
      identity: raw.identity,
      friendlyName: raw.friendly_name,
      joinedChannelsCount: null,
      isOnline: raw.is_online ?? null,
      isNotifiable: raw.is_notifiable ?? null,
    };
  },

  async listMemberships({ service, user, pageSize, token, signal }) {
    const body = await api.get(
      [...CONV, 'Services', service, 'Users', user, 'Conversations'],
      listEnvelope('conversations', userConversationSchema),
      { query: { PageSize: pageSize, PageToken: token ?? undefined }, signal },
    );
    return {
      rows: body.conversations.map(userConversationToMembership),
      pageSize,
      ...pageInfoFromMeta(body.meta),
    };
  },

  async fetchMembership(service, user, conversation, signal) {
    return userConversationToMembership(
      await api.get(userConversationPath(service, user, conversation), userConversationSchema, { signal }),
    );
  },

  // Conversations are Chat channels underneath (same IS/CH/MB SIDs): the channel's counts, the member's read time and
  // the newest message index come from the Chat v2 resources, which Conversations' user resources don't expose.
  fetchChannel: chatV2Adapter.fetchChannel,
  fetchMember: chatV2Adapter.fetchMember,
  fetchNewestMessageIndex: chatV2Adapter.fetchNewestMessageIndex,

  async updateMembership(service, user, conversation, patch) {
    const raw = await api.post(
      userConversationPath(service, user, conversation),
      conversationsPatchToForm(patch),
      userConversationSchema,
    );
    return userConversationToMembership(raw);
  },

  async removeMembership(service, user, conversation) {
    await api.delete(userConversationPath(service, user, conversation));
  },
};
