// The deterministic seed: the same services, users, channels, SIDs and message indices on every run. Building it
// is cheap (a few ms): messages are stored as compact logs (see MessageLog), never as objects.
import { seedDiagnosis } from './seed-diagnosis.ts';
import { makeSid } from './sid.ts';
import {
  type ChannelRecord,
  type ChannelType,
  type ConversationState,
  lastMessageIndex,
  type MemberStatus,
  type MessageLog,
  type MessagingBindingType,
  messageIndexAt,
  type NotificationLevel,
  type ServiceRecord,
  TwilioStore,
  type UserRecord,
} from './store.ts';

const SEED_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(SEED_EPOCH + offsetMs);

const userSid = (service: string, identity: string) => makeSid('US', `${service}/${identity}`);
const channelSid = (service: string, name: string) => makeSid('CH', `${service}/${name}`);

const ACCOUNT_SID = makeSid('AC', 'horizon-demo-account');
const SUPPORT_SID = makeSid('IS', 'acme-support');
const SALES_SID = makeSid('IS', 'acme-sales');

function seedUser(
  service: string,
  serviceSid: string,
  identity: string,
  friendlyName: string,
  channels: number,
) {
  return { sid: userSid(service, identity), serviceSid, identity, friendlyName, channels };
}

function seedChannel(service: string, serviceSid: string, key: string, uniqueName: string | null) {
  return { sid: channelSid(service, key), serviceSid, uniqueName };
}

/** The identities and SIDs everyone (server tests, console tests, e2e) may rely on. */
export const SEED = {
  accountSid: ACCOUNT_SID,
  services: {
    /** The first listed and the Conversations default service. */
    support: { sid: SUPPORT_SID, friendlyName: 'Acme Support' },
    sales: { sid: SALES_SID, friendlyName: 'Acme Sales' },
  },
  users: {
    alice: seedUser('support', SUPPORT_SID, 'alice@example.com', 'Alice Adams', 6),
    busyBee: seedUser('support', SUPPORT_SID, 'busy.bee@example.com', 'Busy Bee', 120),
    nobody: seedUser('support', SUPPORT_SID, 'nobody@example.com', 'No Body', 0),
    /** Needs percent-encoding: space, `/`, `#`, `?`, `%`, `+` and a non-ASCII letter. */
    zoe: seedUser('support', SUPPORT_SID, 'zoë smith/ops#1?50%+', 'Zoë Smith', 3),
    thousand: seedUser('support', SUPPORT_SID, 'thousand@example.com', 'Tess Thousand', 1000),
    /** The agent in the SMS and WhatsApp customers' conversations. */
    dave: seedUser('support', SUPPORT_SID, 'dave@example.com', 'Dave Diaz', 7),
    carol: seedUser('sales', SALES_SID, 'carol@example.com', 'Carol Chen', 4),
  },
  channels: {
    general: seedChannel('support', SUPPORT_SID, 'general', 'general'),
    ops: seedChannel('support', SUPPORT_SID, 'ops', 'ops'),
    billing: seedChannel('support', SUPPORT_SID, 'billing', 'billing'),
    escalations: seedChannel('support', SUPPORT_SID, 'escalations', 'escalations'),
    announcements: seedChannel('support', SUPPORT_SID, 'announcements', 'announcements'),
    vipLounge: seedChannel('support', SUPPORT_SID, 'vip-lounge', 'vip-lounge'),
    /** More than 1000 messages: Conversations caps its unread count at 1000. */
    firehose: seedChannel('support', SUPPORT_SID, 'firehose', 'firehose'),
    /** unique_name only, no friendly_name. */
    legacyImport: seedChannel('support', SUPPORT_SID, 'legacy-import', 'legacy-import'),
    /** friendly_name only, no unique_name. */
    weekendShift: seedChannel('support', SUPPORT_SID, 'weekend-shift', null),
    /** Neither a friendly_name nor a unique_name. */
    untitled: seedChannel('support', SUPPORT_SID, 'untitled', null),
    /** A unique_name that needs percent-encoding. */
    nightOps: seedChannel('support', SUPPORT_SID, 'night-ops', 'ops/night#2?'),
    cafe: seedChannel('support', SUPPORT_SID, 'cafe', 'café'),
    deals: seedChannel('sales', SALES_SID, 'deals', 'deals'),
    leads: seedChannel('sales', SALES_SID, 'leads', 'leads'),
    renewals: seedChannel('sales', SALES_SID, 'renewals', 'renewals'),
    pipeline: seedChannel('sales', SALES_SID, 'pipeline', null),
    /** Conversations with customers who have no chat identity, only a phone number or a WhatsApp address. */
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

type SeedChannelKey = keyof typeof SEED.channels;

interface ChannelSpec {
  friendlyName: string | null;
  type: ChannelType;
  attributes: Record<string, unknown>;
  messages: number;
  gapEvery: number;
  gapSize: number;
  state?: ConversationState;
  createdBy?: string;
}

const NAMED_CHANNELS: Record<SeedChannelKey, ChannelSpec> = {
  general: {
    friendlyName: 'General',
    type: 'public',
    attributes: { topic: 'Company-wide chatter' },
    messages: 240,
    gapEvery: 10,
    gapSize: 2,
  },
  ops: {
    friendlyName: 'Ops',
    type: 'private',
    attributes: { team: 'ops', oncall: true },
    messages: 412,
    gapEvery: 7,
    gapSize: 3,
  },
  billing: {
    friendlyName: 'Billing',
    type: 'public',
    attributes: { queue: 'billing', sla_hours: 24 },
    messages: 85,
    gapEvery: 5,
    gapSize: 1,
  },
  escalations: {
    friendlyName: 'Escalations',
    type: 'private',
    attributes: { priority: 'high' },
    messages: 60,
    gapEvery: 4,
    gapSize: 1,
  },
  announcements: {
    friendlyName: 'Announcements',
    type: 'public',
    attributes: {},
    messages: 12,
    gapEvery: 3,
    gapSize: 5,
    state: 'inactive',
  },
  vipLounge: {
    friendlyName: 'VIP Lounge',
    type: 'private',
    attributes: { tier: 'gold' },
    messages: 0,
    gapEvery: 1,
    gapSize: 0,
  },
  firehose: {
    friendlyName: 'Firehose',
    type: 'public',
    attributes: { source: 'status-page' },
    messages: 1500,
    gapEvery: 50,
    gapSize: 1,
  },
  legacyImport: {
    friendlyName: null,
    type: 'private',
    attributes: { imported_from: 'zendesk' },
    messages: 150,
    gapEvery: 9,
    gapSize: 4,
  },
  weekendShift: {
    friendlyName: 'Weekend shift',
    type: 'private',
    attributes: {},
    messages: 33,
    gapEvery: 6,
    gapSize: 2,
  },
  untitled: {
    friendlyName: null,
    type: 'public',
    attributes: {},
    messages: 8,
    gapEvery: 2,
    gapSize: 1,
    state: 'closed',
  },
  nightOps: {
    friendlyName: 'Night ops #2',
    type: 'private',
    attributes: { shift: 'night' },
    messages: 27,
    gapEvery: 4,
    gapSize: 2,
  },
  cafe: {
    friendlyName: 'Café ☕',
    type: 'public',
    attributes: { emoji: '☕' },
    messages: 19,
    gapEvery: 5,
    gapSize: 3,
  },
  deals: {
    friendlyName: 'Deals',
    type: 'public',
    attributes: { region: 'EMEA' },
    messages: 44,
    gapEvery: 6,
    gapSize: 1,
  },
  leads: { friendlyName: 'Leads', type: 'private', attributes: {}, messages: 9, gapEvery: 3, gapSize: 2 },
  renewals: {
    friendlyName: 'Renewals',
    type: 'public',
    attributes: { quarter: 'Q1' },
    messages: 130,
    gapEvery: 8,
    gapSize: 2,
  },
  pipeline: {
    friendlyName: 'Pipeline review',
    type: 'private',
    attributes: {},
    messages: 0,
    gapEvery: 1,
    gapSize: 0,
  },
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

/** Who is in the address-only customers' conversations, and through which Twilio number. */
const ADDRESS_PARTICIPANTS: [SeedChannelKey, MessagingBindingType, string, string][] = [
  ['smsOrder', 'sms', SEED.addresses.phone, '+15017122661'],
  ['smsRefund', 'sms', SEED.addresses.phone, '+15017122661'],
  ['smsQuote', 'sms', SEED.addresses.phone, '+15017122662'],
  ['whatsappDelivery', 'whatsapp', SEED.addresses.whatsapp, 'whatsapp:+14155238886'],
];

/** A read horizon, described relative to the channel's messages. */
type Horizon = 'none' | 'all' | { read: number };

interface MembershipSpec {
  status: MemberStatus;
  level: NotificationLevel;
  horizon: Horizon;
}

const SEED_MEMBERSHIPS: Partial<Record<keyof typeof SEED.users, [SeedChannelKey, MembershipSpec][]>> = {
  alice: [
    ['general', { status: 'joined', level: 'default', horizon: { read: 200 } }],
    ['ops', { status: 'joined', level: 'muted', horizon: 'all' }],
    ['billing', { status: 'invited', level: 'default', horizon: 'none' }],
    ['escalations', { status: 'not_participating', level: 'default', horizon: { read: 12 } }],
    ['weekendShift', { status: 'joined', level: 'muted', horizon: 'none' }],
    ['untitled', { status: 'joined', level: 'default', horizon: { read: 1 } }],
  ],
  zoe: [
    ['nightOps', { status: 'joined', level: 'default', horizon: { read: 20 } }],
    ['cafe', { status: 'joined', level: 'muted', horizon: 'all' }],
    ['general', { status: 'invited', level: 'default', horizon: 'none' }],
  ],
  dave: [
    ['general', { status: 'joined', level: 'default', horizon: 'all' }],
    ['ops', { status: 'joined', level: 'default', horizon: { read: 400 } }],
    ['firehose', { status: 'joined', level: 'muted', horizon: 'all' }],
    ['nightOps', { status: 'joined', level: 'default', horizon: { read: 2 } }],
    ['smsOrder', { status: 'joined', level: 'default', horizon: { read: 10 } }],
    ['smsRefund', { status: 'joined', level: 'muted', horizon: 'all' }],
    ['whatsappDelivery', { status: 'joined', level: 'default', horizon: 'none' }],
  ],
  carol: [
    ['deals', { status: 'joined', level: 'default', horizon: { read: 30 } }],
    ['leads', { status: 'joined', level: 'muted', horizon: 'all' }],
    ['renewals', { status: 'invited', level: 'default', horizon: 'none' }],
    ['pipeline', { status: 'joined', level: 'default', horizon: 'none' }],
  ],
};

/** Busy Bee is in these named channels, plus generated team channels up to 120. */
const BUSY_BEE_NAMED: [SeedChannelKey, MembershipSpec][] = [
  ['general', { status: 'joined', level: 'default', horizon: { read: 3 } }],
  ['ops', { status: 'joined', level: 'muted', horizon: { read: 100 } }],
  ['billing', { status: 'joined', level: 'default', horizon: 'all' }],
  ['escalations', { status: 'invited', level: 'muted', horizon: 'none' }],
  ['announcements', { status: 'not_participating', level: 'default', horizon: 'all' }],
  ['vipLounge', { status: 'joined', level: 'default', horizon: 'none' }],
  ['firehose', { status: 'joined', level: 'default', horizon: { read: 1 } }],
  ['legacyImport', { status: 'joined', level: 'muted', horizon: { read: 75 } }],
  ['weekendShift', { status: 'invited', level: 'default', horizon: 'none' }],
  ['untitled', { status: 'joined', level: 'default', horizon: 'all' }],
];

const TEAM_TOPICS = [
  'Onboarding',
  'Refunds',
  'Outages',
  'Mobile app',
  'Enterprise',
  'API questions',
  'Shipping',
];

function horizonIndex(log: MessageLog, horizon: Horizon): number | null {
  if (horizon === 'none') return null;
  if (horizon === 'all') return lastMessageIndex(log) ?? 0;
  // "read N messages": the horizon is the index of the N-th message (0 when nothing is read yet).
  if (horizon.read <= 0 || log.count === 0) return 0;
  return messageIndexAt(log, Math.min(horizon.read, log.count) - 1);
}

function createService(
  store: TwilioStore,
  sid: string,
  friendlyName: string,
  dayOffset: number,
  limits: { userChannels: number; reachability: boolean },
): ServiceRecord {
  return store.addService({
    sid,
    friendlyName,
    dateCreated: at(dayOffset * DAY),
    dateUpdated: at(dayOffset * DAY + HOUR),
    userChannelsLimit: limits.userChannels,
    channelMembersLimit: 250,
    readStatusEnabled: true,
    reachabilityEnabled: limits.reachability,
    defaultServiceRoleSid: makeSid('RL', `${sid}/service user`),
    defaultChannelRoleSid: makeSid('RL', `${sid}/channel user`),
    defaultChannelCreatorRoleSid: makeSid('RL', `${sid}/channel admin`),
  });
}

function createChannel(
  store: TwilioStore,
  sid: string,
  serviceSid: string,
  uniqueName: string | null,
  spec: ChannelSpec,
  createdAt: number,
): ChannelRecord {
  const state = spec.state ?? 'active';
  const firstDate = at(createdAt + HOUR);
  const log: MessageLog = {
    count: spec.messages,
    gapEvery: spec.gapEvery,
    gapSize: spec.gapSize,
    firstDate,
    stepMs: 7 * MINUTE,
    authors: [],
  };
  return store.addChannel({
    sid,
    serviceSid,
    friendlyName: spec.friendlyName,
    uniqueName,
    attributes: JSON.stringify(spec.attributes),
    type: spec.type,
    createdBy: spec.createdBy ?? 'system',
    dateCreated: at(createdAt),
    dateUpdated: at(createdAt + 2 * HOUR),
    state,
    dateInactive: state === 'active' ? null : at(createdAt + 30 * DAY),
    dateClosed: state === 'closed' ? at(createdAt + 31 * DAY) : null,
    messages: log,
  });
}

function join(
  store: TwilioStore,
  channel: ChannelRecord,
  user: UserRecord,
  spec: MembershipSpec,
  joinedAt: number,
) {
  const horizon = horizonIndex(channel.messages, spec.horizon);
  store.addMember(channel, user, {
    status: spec.status,
    notificationLevel: spec.level,
    lastConsumedMessageIndex: horizon,
    lastConsumptionTimestamp: horizon === null ? null : at(joinedAt + 3 * DAY),
    dateCreated: at(joinedAt),
    dateUpdated: at(joinedAt + 3 * DAY),
  });
}

/** A fresh store holding the seed. */
export function createSeededStore(): TwilioStore {
  const store = new TwilioStore();
  createService(store, SUPPORT_SID, 'Acme Support', 0, { userChannels: 1000, reachability: true });
  store.defaultConversationServiceSid = SUPPORT_SID;
  createService(store, SALES_SID, 'Acme Sales', 1, { userChannels: 100, reachability: false });

  const users = {} as Record<keyof typeof SEED.users, UserRecord>;
  let order = 0;
  for (const [key, seed] of Object.entries(SEED.users) as [
    keyof typeof SEED.users,
    (typeof SEED.users)[keyof typeof SEED.users],
  ][]) {
    order += 1;
    const reachable = seed.serviceSid === SUPPORT_SID;
    users[key] = store.addUser({
      sid: seed.sid,
      serviceSid: seed.serviceSid,
      identity: seed.identity,
      friendlyName: seed.friendlyName,
      attributes: JSON.stringify({ team: seed.serviceSid === SUPPORT_SID ? 'support' : 'sales' }),
      roleSid: makeSid('RL', `${seed.serviceSid}/service user`),
      isOnline: reachable ? key === 'alice' || key === 'dave' : null,
      isNotifiable: reachable ? key !== 'nobody' : null,
      dateCreated: at(2 * DAY + order * HOUR),
      dateUpdated: at(2 * DAY + order * HOUR + MINUTE),
    });
  }

  const channels = {} as Record<SeedChannelKey, ChannelRecord>;
  let channelOrder = 0;
  for (const [key, seed] of Object.entries(SEED.channels) as [
    SeedChannelKey,
    (typeof SEED.channels)[SeedChannelKey],
  ][]) {
    channelOrder += 1;
    channels[key] = createChannel(
      store,
      seed.sid,
      seed.serviceSid,
      seed.uniqueName,
      NAMED_CHANNELS[key],
      3 * DAY + channelOrder * HOUR,
    );
  }

  for (const [userKey, memberships] of Object.entries(SEED_MEMBERSHIPS) as [
    keyof typeof SEED.users,
    [SeedChannelKey, MembershipSpec][],
  ][]) {
    for (const [i, [channelKey, spec]] of memberships.entries()) {
      join(store, channels[channelKey], users[userKey], spec, 5 * DAY + i * HOUR);
    }
  }

  // Busy Bee: the named channels, then generated team channels with every status, level and horizon mixed.
  const busyBee = users.busyBee;
  for (const [i, [channelKey, spec]] of BUSY_BEE_NAMED.entries()) {
    join(store, channels[channelKey], busyBee, spec, 6 * DAY + i * HOUR);
  }
  for (let n = 1; busyBee.memberships.length < SEED.users.busyBee.channels; n++) {
    const number = String(n).padStart(3, '0');
    const topic = TEAM_TOPICS[n % TEAM_TOPICS.length] ?? 'General';
    const channel = createChannel(
      store,
      channelSid('support', `team-${number}`),
      SUPPORT_SID,
      n % 13 === 0 ? null : `team-${number}`,
      {
        friendlyName: n % 17 === 0 ? null : `Team ${number} · ${topic}`,
        type: n % 3 === 0 ? 'private' : 'public',
        attributes: { team: number, topic },
        messages: (n * 37) % 480,
        gapEvery: 3 + (n % 9),
        gapSize: 1 + (n % 4),
        state: n % 23 === 0 ? 'inactive' : 'active',
      },
      7 * DAY + n * HOUR,
    );
    const horizons: Horizon[] = ['none', 'all', { read: 0 }, { read: (n * 11) % 97 }, { read: (n * 5) % 40 }];
    join(
      store,
      channel,
      busyBee,
      {
        status: n % 10 === 9 ? 'not_participating' : n % 10 >= 7 ? 'invited' : 'joined',
        level: n % 4 === 0 ? 'muted' : 'default',
        horizon: horizons[n % horizons.length] ?? 'none',
      },
      8 * DAY + n * HOUR,
    );
  }

  // Tess Thousand: 1000 generated bulk channels (the service's user_channels limit is raised to 1000).
  const thousand = users.thousand;
  for (let n = 1; n <= SEED.users.thousand.channels; n++) {
    const number = String(n).padStart(4, '0');
    const channel = createChannel(
      store,
      channelSid('support', `bulk-${number}`),
      SUPPORT_SID,
      n % 10 === 0 ? null : `bulk-${number}`,
      {
        friendlyName: `Bulk queue ${number}`,
        type: n % 2 === 0 ? 'private' : 'public',
        attributes: { bulk: n },
        messages: (n * 7) % 60,
        gapEvery: 2 + (n % 5),
        gapSize: 1,
      },
      20 * DAY + n * MINUTE,
    );
    const horizon: Horizon = n % 3 === 0 ? 'none' : n % 3 === 1 ? 'all' : { read: n % 20 };
    join(
      store,
      channel,
      thousand,
      { status: n % 50 === 0 ? 'invited' : 'joined', level: n % 7 === 0 ? 'muted' : 'default', horizon },
      21 * DAY + n * MINUTE,
    );
  }
  for (const [i, [channelKey, type, address, proxyAddress]] of ADDRESS_PARTICIPANTS.entries()) {
    const channel = channels[channelKey];
    store.addAddressParticipant(channel, {
      type,
      address,
      proxyAddress,
      dateCreated: channel.dateCreated,
      dateUpdated: at(40 * DAY + i * HOUR),
    });
  }
  // Every participant has said something; authors are fixed now so later removals don't rewrite history.
  for (const channel of store.channels.values()) {
    channel.messages.authors = [
      ...channel.addressParticipants.map((p) => p.address),
      ...channel.members.map((m) => m.identity),
    ];
  }
  seedDiagnosis(store, { support: SUPPORT_SID, sales: SALES_SID, alice: SEED.users.alice.sid });
  return store;
}
