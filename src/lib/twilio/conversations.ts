import * as z from 'zod/mini';
import { api } from '../api-client.ts';
import type { MembershipAdapter } from './adapter.ts';
import { conversationsProfile } from './api-profiles.ts';
import { chatV2Adapter } from './chat-v2.ts';
import { listEnvelope, pageInfoFromMeta } from './list.ts';
import { CONVERSATIONS_UNREAD_CAP, type Membership, type MembershipPatch } from './membership.ts';

const CONV = ['conversations', 'v1'] as const;

/** conversations.v1.service.service_user.service_user_conversation */
export const userConversationSchema = z.object({
  account_sid: z.nullish(z.string()),
  chat_service_sid: z.string(),
  conversation_sid: z.string(),
  participant_sid: z.nullish(z.string()),
  user_sid: z.nullish(z.string()),
  unread_messages_count: z.nullable(z.int()),
  last_read_message_index: z.nullable(z.int()),
  friendly_name: z.nullish(z.string()),
  unique_name: z.nullish(z.string()),
  attributes: z.nullish(z.string()),
  created_by: z.nullish(z.string()),
  conversation_state: z.enum(['inactive', 'active', 'closed']),
  date_created: z.nullish(z.string()),
  date_updated: z.nullish(z.string()),
  notification_level: z.enum(['default', 'muted']),
  url: z.nullish(z.string()),
});

const serviceSchema = z.object({ sid: z.string(), friendly_name: z.nullable(z.string()) });

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
  profile: conversationsProfile,
  async listServices(signal) {
    const body = await api.get([...CONV, 'Services'], listEnvelope('services', serviceSchema), {
      query: { PageSize: 50 },
      signal,
    });
    return body.services.map((s) => ({ sid: s.sid, friendlyName: s.friendly_name }));
  },

  // A Conversations user is the Chat user of the same service (same US… SID); Horizon's proxy forwards the Chat v2
  // user resource, which also carries the joined-channels count.
  fetchUser: chatV2Adapter.fetchUser,

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
