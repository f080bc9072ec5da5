import * as z from 'zod/mini';
import { URL_SPACE } from '../../../url-space/url-space.ts';
import { api } from '../api-client.ts';
import type { MembershipAdapter } from './adapter.ts';
import { conversationsProfile } from './api-profiles.ts';
import { listEnvelope, pageInfoFromMeta } from './list.ts';
import {
  CONVERSATIONS_UNREAD_CAP,
  type ConversationStatus,
  type Membership,
  type MembershipPatch,
  type MessagingBinding,
} from './membership.ts';

// Conversations v1 only: a Conversations account without Chat API access gets a working console. The default
// service comes from /v1/Configuration and is offered first in the service picker. The user and their list of
// conversations are read in Twilio's short form (`/v1/Users/{id}`) on the default service and in the scoped form
// (`/v1/Services/{IS}/Users/{id}`) on any other; everything else, changes above all, stays service-scoped so links
// and the audit trail always name the service.

const CONV = URL_SPACE['conversations-v1'].segments;

/** The 2026 spec's maxima: 100 a page for messages (and participants). */
export const CONVERSATIONS_MESSAGES_MAX_PAGE_SIZE = 100;

export const stateSchema = z.enum(['inactive', 'active', 'closed']);
/** `{date_inactive?, date_closed?}`, `{}` or null. */
export const timersSchema = z.nullish(
  z.object({ date_inactive: z.nullish(z.string()), date_closed: z.nullish(z.string()) }),
);

export function conversationStatus(
  state: z.infer<typeof stateSchema>,
  timers: z.infer<typeof timersSchema>,
): ConversationStatus {
  return { state, dateInactive: timers?.date_inactive ?? null, dateClosed: timers?.date_closed ?? null };
}

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
  conversation_state: stateSchema,
  timers: timersSchema,
  date_created: z.nullish(z.string()),
  date_updated: z.nullish(z.string()),
  notification_level: z.enum(['default', 'muted']),
  url: z.nullish(z.string()),
});

const serviceSchema = z.object({ sid: z.string(), friendly_name: z.nullable(z.string()) });
const configurationSchema = z.object({ default_chat_service_sid: z.nullable(z.string()) });

/** conversations.v1.service.service_user */
const userSchema = z.object({
  sid: z.string(),
  identity: z.string(),
  friendly_name: z.nullish(z.string()),
  is_online: z.nullish(z.boolean()),
  is_notifiable: z.nullish(z.boolean()),
});

/** conversations.v1.service.service_conversation */
const conversationSchema = z.object({
  sid: z.string(),
  friendly_name: z.nullish(z.string()),
  unique_name: z.nullish(z.string()),
  attributes: z.nullish(z.string()),
  state: stateSchema,
  timers: timersSchema,
  date_created: z.nullish(z.string()),
  date_updated: z.nullish(z.string()),
});

export const messagingBindingSchema = z.nullish(
  z.object({
    type: z.nullish(z.string()),
    address: z.nullish(z.string()),
    proxy_address: z.nullish(z.string()),
  }),
);

export function toMessagingBinding(raw: z.infer<typeof messagingBindingSchema>): MessagingBinding | null {
  return raw
    ? { type: raw.type ?? null, address: raw.address ?? null, proxyAddress: raw.proxy_address ?? null }
    : null;
}

/** conversations.v1.service.service_conversation.service_conversation_participant */
const participantSchema = z.object({
  sid: z.nullable(z.string()),
  identity: z.nullish(z.string()),
  role_sid: z.nullish(z.string()),
  messaging_binding: messagingBindingSchema,
  last_read_message_index: z.nullish(z.int()),
  last_read_timestamp: z.nullish(z.string()),
});

/** conversations.v1.service.service_conversation.service_conversation_message */
const messageSchema = z.object({
  sid: z.string(),
  index: z.int(),
  author: z.nullish(z.string()),
  body: z.nullish(z.string()),
  date_created: z.nullish(z.string()),
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
      ...conversationStatus(raw.conversation_state, raw.timers),
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

const inService = (service: string) => [...CONV, 'Services', service] as const;

// The default service's SID, asked once and asked again each time the services are listed (the picker's query keeps
// it fresh); null when the account can't read its configuration, and then every path is the scoped one. One request
// at a time: a link opened straight on a user asks for the user and lists the services at once.
let defaultService: Promise<string | null> | null = null;
let defaultServiceAsking = false;
function readDefaultService(): Promise<string | null> {
  if (defaultService && defaultServiceAsking) return defaultService;
  defaultServiceAsking = true;
  const asked: Promise<string | null> = api
    .get([...CONV, 'Configuration'], configurationSchema)
    .then(
      (configuration) => configuration.default_chat_service_sid,
      () => null,
    )
    .finally(() => {
      if (defaultService === asked) defaultServiceAsking = false;
    });
  defaultService = asked;
  return asked;
}

/** `/v1/Users/{id}` on the default service, `/v1/Services/{IS}/Users/{id}` on any other. */
async function userPath(service: string, user: string) {
  const scope = (await (defaultService ?? readDefaultService())) === service ? CONV : inService(service);
  return [...scope, 'Users', user];
}
const userConversationPath = (service: string, user: string, conversation: string) =>
  [...inService(service), 'Users', user, 'Conversations', conversation] as const;
const conversationPath = (service: string, conversation: string) =>
  [...inService(service), 'Conversations', conversation] as const;

async function newestMessages(service: string, conversation: string, count: number, signal?: AbortSignal) {
  const body = await api.get(
    [...conversationPath(service, conversation), 'Messages'],
    listEnvelope('messages', messageSchema),
    { query: { Order: 'desc', PageSize: Math.min(count, CONVERSATIONS_MESSAGES_MAX_PAGE_SIZE) }, signal },
  );
  return body.messages.map((m) => ({
    sid: m.sid,
    index: m.index,
    author: m.author ?? null,
    body: m.body ?? null,
    dateCreated: m.date_created ?? null,
  }));
}

export const conversationsAdapter: MembershipAdapter = {
  profile: conversationsProfile,
  /** The services, the account's default one first and marked (when the account lets us read /v1/Configuration). */
  async listServices(signal) {
    const [list, defaultSid] = await Promise.all([
      api.get([...CONV, 'Services'], listEnvelope('services', serviceSchema), {
        query: { PageSize: 50 },
        signal,
      }),
      // Without the default, the picker still works: the agent chooses.
      readDefaultService(),
    ]);
    const services = list.services.map((s) => ({
      sid: s.sid,
      friendlyName: s.friendly_name,
      isDefault: s.sid === defaultSid,
    }));
    return [...services.filter((s) => s.isDefault), ...services.filter((s) => !s.isDefault)];
  },

  async fetchUser(service, user, signal) {
    const raw = await api.get(await userPath(service, user), userSchema, { signal });
    return {
      sid: raw.sid,
      identity: raw.identity,
      friendlyName: raw.friendly_name ?? null,
      // Conversations' user has no count of conversations: the summary doesn't pretend it has one.
      joinedChannelsCount: null,
      isOnline: raw.is_online ?? null,
      isNotifiable: raw.is_notifiable ?? null,
    };
  },

  async listMemberships({ service, user, pageSize, token, signal }) {
    const body = await api.get(
      [...(await userPath(service, user)), 'Conversations'],
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

  async fetchChannel(service, conversation, signal) {
    const raw = await api.get(conversationPath(service, conversation), conversationSchema, { signal });
    return {
      sid: raw.sid,
      friendlyName: raw.friendly_name ?? null,
      uniqueName: raw.unique_name ?? null,
      // Conversations has no channel type and no member or message counts.
      type: null,
      membersCount: null,
      messagesCount: null,
      createdBy: null,
      dateCreated: raw.date_created ?? null,
      dateUpdated: raw.date_updated ?? null,
      attributes: raw.attributes ?? null,
      conversation: conversationStatus(raw.state, raw.timers),
    };
  },

  async fetchMember(service, conversation, participant, signal) {
    const raw = await api.get(
      [...conversationPath(service, conversation), 'Participants', participant],
      participantSchema,
      { signal },
    );
    return {
      sid: raw.sid,
      lastReadIndex: raw.last_read_message_index ?? null,
      lastConsumptionTimestamp: raw.last_read_timestamp ?? null,
      roleSid: raw.role_sid ?? null,
      messagingBinding: toMessagingBinding(raw.messaging_binding),
    };
  },

  async fetchNewestMessageIndex(service, conversation, signal) {
    return (await newestMessages(service, conversation, 1, signal))[0]?.index ?? null;
  },

  listNewestMessages: newestMessages,

  async updateMembership(service, user, conversation, patch, options) {
    const raw = await api.post(
      userConversationPath(service, user, conversation),
      conversationsPatchToForm(patch),
      userConversationSchema,
      { reason: options?.reason },
    );
    return userConversationToMembership(raw);
  },

  /**
   * Removal as Twilio does it: the participant leaves the conversation (its user conversation goes with it). The
   * DELETE takes the participant's SID, which the user conversation names.
   */
  async removeMembership(service, user, conversation, options) {
    const { participant_sid: participant } = await api.get(
      userConversationPath(service, user, conversation),
      userConversationSchema,
    );
    if (!participant) throw new Error(`Twilio named no participant for ${user} in ${conversation}`);
    await api.delete([...conversationPath(service, conversation), 'Participants', participant], {
      reason: options?.reason,
    });
  },

  membershipPath: userConversationPath,
};
