// The deterministic seed: the same services, users, channels, SIDs and message indices on every run. Building it
// is cheap (a few ms): messages are stored as compact logs (see MessageLog), never as objects. The data lives in
// seed-chat.ts (services, users, channels, crowds), seed-conversations.ts (customers reached by address) and
// seed-diagnosis.ts (one user per ticket symptom); this module puts them into one store, in a fixed order (the
// store numbers records as they arrive, and lists are in that order).
import {
  addChatCrowds,
  addChatServices,
  addChatUsers,
  CHAT_CHANNEL_SPECS,
  CHAT_MEMBERSHIPS,
  CHAT_SEED,
} from './seed-chat.ts';
import {
  addAddressParticipants,
  CONVERSATION_MEMBERSHIPS,
  CONVERSATION_SPECS,
  CONVERSATIONS_SEED,
} from './seed-conversations.ts';
import { seedDiagnosis } from './seed-diagnosis.ts';
import { createChannel, DAY, HOUR, join } from './seed-kit.ts';
import { type ChannelRecord, TwilioStore } from './store.ts';

/** The identities and SIDs everyone (server tests, console tests, e2e) may rely on. */
export const SEED = {
  accountSid: CHAT_SEED.accountSid,
  services: CHAT_SEED.services,
  users: CHAT_SEED.users,
  channels: { ...CHAT_SEED.channels, ...CONVERSATIONS_SEED.channels },
  addresses: CONVERSATIONS_SEED.addresses,
} as const;

type SeedChannelKey = keyof typeof SEED.channels;
type SeedUserKey = keyof typeof SEED.users;

/** A fresh store holding the seed. */
export function createSeededStore(): TwilioStore {
  const store = new TwilioStore();
  addChatServices(store);
  store.defaultConversationServiceSid = CONVERSATIONS_SEED.defaultServiceSid;
  const users = addChatUsers(store);

  const specs = { ...CHAT_CHANNEL_SPECS, ...CONVERSATION_SPECS };
  const channels = {} as Record<SeedChannelKey, ChannelRecord>;
  for (const [order, [key, seed]] of (
    Object.entries(SEED.channels) as [SeedChannelKey, (typeof SEED.channels)[SeedChannelKey]][]
  ).entries()) {
    channels[key] = createChannel(
      store,
      seed.sid,
      seed.serviceSid,
      seed.uniqueName,
      specs[key],
      3 * DAY + (order + 1) * HOUR,
    );
  }

  // Each user joins their Chat channels, then their customer conversations.
  const members = new Set([...Object.keys(CHAT_MEMBERSHIPS), ...Object.keys(CONVERSATION_MEMBERSHIPS)]);
  for (const userKey of members as Set<SeedUserKey>) {
    const memberships = [...(CHAT_MEMBERSHIPS[userKey] ?? []), ...(CONVERSATION_MEMBERSHIPS[userKey] ?? [])];
    for (const [i, [channelKey, spec]] of memberships.entries()) {
      join(store, channels[channelKey], users[userKey], spec, 5 * DAY + i * HOUR);
    }
  }

  addChatCrowds(store, channels, users);
  addAddressParticipants(store, channels);
  // Every participant has said something; authors are fixed now so later removals don't rewrite history.
  for (const channel of store.channels.values()) {
    channel.messages.authors = [
      ...channel.addressParticipants.map((p) => p.address),
      ...channel.members.map((m) => m.identity),
    ];
  }
  seedDiagnosis(store, {
    support: SEED.services.support.sid,
    sales: SEED.services.sales.sid,
    alice: SEED.users.alice.sid,
  });
  return store;
}
