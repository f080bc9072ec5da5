// The Conversations seed: customers with no chat identity, only a phone number or a WhatsApp address, in
// conversations with Dave Diaz (a Chat user, seed-chat.ts). The fake's default Conversations service is Acme Support.
import { CHAT_SEED, type SeedUserKey } from './seed-chat.ts';
import { at, type ChannelSpec, DAY, HOUR, type MembershipSpec, seedChannel } from './seed-kit.ts';
import type { ChannelRecord, MessagingBindingType, TwilioStore } from './store.ts';

const SUPPORT_SID = CHAT_SEED.services.support.sid;
const SALES_SID = CHAT_SEED.services.sales.sid;

export const CONVERSATIONS_SEED = {
  /** `/v1/Configuration`'s default service: the one `/v1/Conversations/…` and `/v1/Users/…` act on. */
  defaultServiceSid: SUPPORT_SID,
  /** Conversations with customers who have no chat identity, only a phone number or a WhatsApp address. */
  channels: {
    smsOrder: seedChannel('support', SUPPORT_SID, 'sms-order-4411', 'sms-order-4411'),
    smsRefund: seedChannel('support', SUPPORT_SID, 'sms-refund', 'sms-refund'),
    whatsappDelivery: seedChannel('support', SUPPORT_SID, 'whatsapp-delivery', 'whatsapp-delivery'),
    smsQuote: seedChannel('sales', SALES_SID, 'sms-quote', 'sms-quote'),
  },
  /** Customers reachable only by an address (ParticipantConversations?Address=…). */
  addresses: {
    /** SMS: two conversations in Acme Support (one closed), one in Acme Sales. */
    phone: '+15551234567',
    /** WhatsApp: one inactive conversation in Acme Support. */
    whatsapp: 'whatsapp:+447700900123',
    /** A well-formed number that is in no conversation. */
    unknownPhone: '+15550000000',
  },
} as const;

type ConversationKey = keyof typeof CONVERSATIONS_SEED.channels;

export const CONVERSATION_SPECS: Record<ConversationKey, ChannelSpec> = {
  smsOrder: {
    friendlyName: 'SMS · Order #4411',
    type: 'private',
    attributes: { order: 4411 },
    messages: 14,
    gapEvery: 100,
    gapSize: 0,
  },
  smsRefund: {
    friendlyName: 'SMS · Refund request',
    type: 'private',
    attributes: { ticket: 'R-88' },
    messages: 6,
    gapEvery: 100,
    gapSize: 0,
    state: 'closed',
  },
  whatsappDelivery: {
    friendlyName: 'WhatsApp · Delivery window',
    type: 'private',
    attributes: { order: 5120 },
    messages: 9,
    gapEvery: 100,
    gapSize: 0,
    state: 'inactive',
  },
  smsQuote: {
    friendlyName: 'SMS · Quote follow-up',
    type: 'private',
    attributes: {},
    messages: 3,
    gapEvery: 100,
    gapSize: 0,
  },
};

/** The chat users in these conversations (after their Chat channels, in the order they joined). */
export const CONVERSATION_MEMBERSHIPS: Partial<Record<SeedUserKey, [ConversationKey, MembershipSpec][]>> = {
  dave: [
    ['smsOrder', { status: 'joined', level: 'default', horizon: { read: 10 } }],
    ['smsRefund', { status: 'joined', level: 'muted', horizon: 'all' }],
    ['whatsappDelivery', { status: 'joined', level: 'default', horizon: 'none' }],
  ],
};

/** Who is in the address-only customers' conversations, and through which Twilio number. */
const ADDRESS_PARTICIPANTS: [ConversationKey, MessagingBindingType, string, string][] = [
  ['smsOrder', 'sms', CONVERSATIONS_SEED.addresses.phone, '+15017122661'],
  ['smsRefund', 'sms', CONVERSATIONS_SEED.addresses.phone, '+15017122661'],
  ['smsQuote', 'sms', CONVERSATIONS_SEED.addresses.phone, '+15017122662'],
  ['whatsappDelivery', 'whatsapp', CONVERSATIONS_SEED.addresses.whatsapp, 'whatsapp:+14155238886'],
];

export function addAddressParticipants(
  store: TwilioStore,
  conversations: Record<ConversationKey, ChannelRecord>,
): void {
  for (const [i, [key, type, address, proxyAddress]] of ADDRESS_PARTICIPANTS.entries()) {
    const conversation = conversations[key];
    store.addAddressParticipant(conversation, {
      type,
      address,
      proxyAddress,
      dateCreated: conversation.dateCreated,
      dateUpdated: at(40 * DAY + i * HOUR),
    });
  }
}
