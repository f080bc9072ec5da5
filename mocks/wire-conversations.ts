// Records → Conversations v1's JSON wire format. Every resource comes in two URL forms: service-scoped
// (`/v1/Services/{IS}/…`) and the default service's (`/v1/…`); `serviceScoped` says which one the request used.
import { makeSid } from './sid.ts';
import {
  type AddressParticipantRecord,
  type ChannelRecord,
  type MemberRecord,
  type ServiceRecord,
  type UserRecord,
  unreadCount,
} from './store.ts';
import { isoDate, messageJson } from './wire.ts';

export const CONVERSATIONS_V1 = 'https://conversations.twilio.com/v1';
/** Conversations reports at most this many unread messages. */
export const CONVERSATIONS_UNREAD_CAP = 1000;

/** `serviceScoped`: the request came through /v1/Services/{IS}/Users/… rather than the default-service /v1/Users/…. */
export function userConversationJson(
  member: MemberRecord,
  channel: ChannelRecord,
  accountSid: string,
  serviceScoped: boolean,
) {
  const root = conversationsRoot(member.serviceSid, serviceScoped);
  const conversationUrl = `${root}/Conversations/${channel.sid}`;
  const unread = unreadCount(channel.messages, member.lastConsumedMessageIndex);
  return {
    account_sid: accountSid,
    chat_service_sid: member.serviceSid,
    conversation_sid: channel.sid,
    unread_messages_count: unread === null ? null : Math.min(unread, CONVERSATIONS_UNREAD_CAP),
    last_read_message_index: member.lastConsumedMessageIndex,
    participant_sid: member.sid,
    user_sid: member.userSid,
    friendly_name: channel.friendlyName,
    conversation_state: channel.state,
    timers: conversationTimers(channel),
    attributes: channel.attributes,
    date_created: isoDate(channel.dateCreated),
    date_updated: isoDate(channel.dateUpdated),
    created_by: channel.createdBy,
    notification_level: member.notificationLevel,
    unique_name: channel.uniqueName,
    url: `${root}/Users/${member.userSid}/Conversations/${channel.sid}`,
    links: { participant: `${conversationUrl}/Participants/${member.sid}`, conversation: conversationUrl },
  };
}

export function conversationServiceJson(service: ServiceRecord, accountSid: string) {
  const url = `${CONVERSATIONS_V1}/Services/${service.sid}`;
  return {
    account_sid: accountSid,
    sid: service.sid,
    friendly_name: service.friendlyName,
    date_created: isoDate(service.dateCreated),
    date_updated: isoDate(service.dateUpdated),
    url,
    links: {
      conversations: `${url}/Conversations`,
      users: `${url}/Users`,
      roles: `${url}/Roles`,
      bindings: `${url}/Bindings`,
      configuration: `${url}/Configuration`,
      participant_conversations: `${url}/ParticipantConversations`,
      conversation_with_participants: `${url}/ConversationWithParticipants`,
    },
  };
}

export function conversationUserJson(user: UserRecord, accountSid: string, serviceScoped: boolean) {
  const root = conversationsRoot(user.serviceSid, serviceScoped);
  const url = `${root}/Users/${user.sid}`;
  return {
    sid: user.sid,
    account_sid: accountSid,
    chat_service_sid: user.serviceSid,
    role_sid: user.roleSid,
    identity: user.identity,
    friendly_name: user.friendlyName,
    attributes: user.attributes,
    is_online: user.isOnline,
    is_notifiable: user.isNotifiable,
    date_created: isoDate(user.dateCreated),
    date_updated: isoDate(user.dateUpdated),
    url,
    links: { user_conversations: `${url}/Conversations` },
  };
}

/** `timers`: when the conversation goes (or went) inactive and closed; `{}` when no timer is set. */
export function conversationTimers(channel: ChannelRecord): { date_inactive?: string; date_closed?: string } {
  const timers: { date_inactive?: string; date_closed?: string } = {};
  if (channel.dateInactive) timers.date_inactive = isoDate(channel.dateInactive) ?? undefined;
  if (channel.dateClosed) timers.date_closed = isoDate(channel.dateClosed) ?? undefined;
  return timers;
}

/** The root a Conversations URL hangs off: the service-scoped form or the default-service form. */
export const conversationsRoot = (serviceSid: string, serviceScoped: boolean) =>
  serviceScoped ? `${CONVERSATIONS_V1}/Services/${serviceSid}` : CONVERSATIONS_V1;

export function conversationsConfigurationJson(defaultServiceSid: string | null, accountSid: string) {
  const url = `${CONVERSATIONS_V1}/Configuration`;
  return {
    account_sid: accountSid,
    default_chat_service_sid: defaultServiceSid,
    default_messaging_service_sid: makeSid('MG', 'horizon-demo-messaging'),
    default_inactive_timer: 'P30D',
    default_closed_timer: 'P31D',
    url,
    links: {
      service:
        defaultServiceSid === null ? null : `${CONVERSATIONS_V1}/Services/${defaultServiceSid}/Configuration`,
      webhooks: `${url}/Webhooks`,
    },
  };
}

export function conversationJson(channel: ChannelRecord, accountSid: string, serviceScoped: boolean) {
  const url = `${conversationsRoot(channel.serviceSid, serviceScoped)}/Conversations/${channel.sid}`;
  return {
    sid: channel.sid,
    account_sid: accountSid,
    chat_service_sid: channel.serviceSid,
    // Only conversations that reach SMS/WhatsApp need a Messaging Service.
    messaging_service_sid:
      channel.addressParticipants.length > 0 ? makeSid('MG', 'horizon-demo-messaging') : null,
    friendly_name: channel.friendlyName,
    unique_name: channel.uniqueName,
    attributes: channel.attributes,
    date_created: isoDate(channel.dateCreated),
    date_updated: isoDate(channel.dateUpdated),
    state: channel.state,
    timers: conversationTimers(channel),
    bindings: null,
    url,
    links: {
      participants: `${url}/Participants`,
      messages: `${url}/Messages`,
      webhooks: `${url}/Webhooks`,
      export: `${url}/Export`,
    },
  };
}

/** A chat participant (a member with an identity) or an address participant, in Conversations' shape. */
export function participantJson(
  participant: MemberRecord | AddressParticipantRecord,
  accountSid: string,
  serviceScoped: boolean,
) {
  const chat = 'identity' in participant;
  const root = conversationsRoot(participant.serviceSid, serviceScoped);
  return {
    account_sid: accountSid,
    chat_service_sid: participant.serviceSid,
    conversation_sid: participant.channelSid,
    sid: participant.sid,
    identity: chat ? participant.identity : null,
    attributes: participant.attributes,
    messaging_binding: chat ? null : messagingBindingJson(participant),
    role_sid: participant.roleSid,
    date_created: isoDate(participant.dateCreated),
    date_updated: isoDate(participant.dateUpdated),
    url: `${root}/Conversations/${participant.channelSid}/Participants/${participant.sid}`,
    last_read_message_index: chat ? participant.lastConsumedMessageIndex : participant.lastReadMessageIndex,
    last_read_timestamp: isoDate(chat ? participant.lastConsumptionTimestamp : participant.lastReadTimestamp),
  };
}

function messagingBindingJson(participant: AddressParticipantRecord) {
  return { type: participant.type, address: participant.address, proxy_address: participant.proxyAddress };
}

export function participantConversationJson(
  participant: MemberRecord | AddressParticipantRecord,
  channel: ChannelRecord,
  accountSid: string,
  serviceScoped: boolean,
) {
  const chat = 'identity' in participant;
  const conversationUrl = `${conversationsRoot(channel.serviceSid, serviceScoped)}/Conversations/${channel.sid}`;
  return {
    account_sid: accountSid,
    chat_service_sid: channel.serviceSid,
    conversation_sid: channel.sid,
    participant_sid: participant.sid,
    conversation_friendly_name: channel.friendlyName,
    conversation_state: channel.state,
    conversation_timers: conversationTimers(channel),
    conversation_attributes: channel.attributes,
    conversation_date_created: isoDate(channel.dateCreated),
    conversation_date_updated: isoDate(channel.dateUpdated),
    conversation_created_by: channel.createdBy,
    conversation_unique_name: channel.uniqueName,
    participant_user_sid: chat ? participant.userSid : null,
    participant_identity: chat ? participant.identity : null,
    participant_messaging_binding: chat
      ? null
      : { ...messagingBindingJson(participant), level: null, name: null, projected_address: null },
    links: {
      participant: `${conversationUrl}/Participants/${participant.sid}`,
      conversation: conversationUrl,
    },
  };
}

/** A message in Conversations' shape: `author` and the author's participant, no `from`/`to`. */
export function conversationMessageJson(
  channel: ChannelRecord,
  position: number,
  accountSid: string,
  serviceScoped: boolean,
) {
  const chatShape = messageJson(channel, position, accountSid);
  const author = chatShape.from;
  const authorParticipant =
    channel.members.find((m) => m.identity === author) ??
    channel.addressParticipants.find((p) => p.address === author);
  const url = `${conversationsRoot(channel.serviceSid, serviceScoped)}/Conversations/${channel.sid}/Messages/${chatShape.sid}`;
  return {
    sid: chatShape.sid,
    account_sid: accountSid,
    chat_service_sid: channel.serviceSid,
    conversation_sid: channel.sid,
    body: chatShape.body,
    media: null,
    author,
    participant_sid: authorParticipant?.sid ?? null,
    attributes: chatShape.attributes,
    date_created: chatShape.date_created,
    date_updated: chatShape.date_updated,
    index: chatShape.index,
    // A delivery summary exists only for messages to non-chat (SMS/WhatsApp) participants.
    delivery: null,
    content_sid: null,
    url,
    links: { delivery_receipts: `${url}/Receipts`, channel_metadata: `${url}/ChannelMetadata` },
  };
}
