// The Chat seed: two services, the demo users, their channels and memberships, and the generated crowds (Busy Bee's
// 120 channels, Tess Thousand's 1000). The customer conversations reached by phone or WhatsApp are in
// seed-conversations.ts; seed.ts puts both into one store.

import {
  at,
  type ChannelSpec,
  channelSid,
  createChannel,
  createService,
  DAY,
  HOUR,
  type Horizon,
  join,
  type MembershipSpec,
  MINUTE,
  seedChannel,
  seedUser,
} from './seed-kit.ts';
import { makeSid } from './sid.ts';
import type { ChannelRecord, TwilioStore, UserRecord } from './store.ts';

const ACCOUNT_SID = makeSid('AC', 'horizon-demo-account');
const SUPPORT_SID = makeSid('IS', 'acme-support');
const SALES_SID = makeSid('IS', 'acme-sales');

export const CHAT_SEED = {
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
  },
} as const;

export type SeedUserKey = keyof typeof CHAT_SEED.users;
type ChatChannelKey = keyof typeof CHAT_SEED.channels;

export const CHAT_CHANNEL_SPECS: Record<ChatChannelKey, ChannelSpec> = {
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
};

export const CHAT_MEMBERSHIPS: Partial<Record<SeedUserKey, [ChatChannelKey, MembershipSpec][]>> = {
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
  ],
  carol: [
    ['deals', { status: 'joined', level: 'default', horizon: { read: 30 } }],
    ['leads', { status: 'joined', level: 'muted', horizon: 'all' }],
    ['renewals', { status: 'invited', level: 'default', horizon: 'none' }],
    ['pipeline', { status: 'joined', level: 'default', horizon: 'none' }],
  ],
};

/** Busy Bee is in these named channels, plus generated team channels up to 120. */
const BUSY_BEE_NAMED: [ChatChannelKey, MembershipSpec][] = [
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

export function addChatServices(store: TwilioStore): void {
  createService(store, SUPPORT_SID, 'Acme Support', 0, { userChannels: 1000, reachability: true });
  createService(store, SALES_SID, 'Acme Sales', 1, { userChannels: 100, reachability: false });
}

export function addChatUsers(store: TwilioStore): Record<SeedUserKey, UserRecord> {
  const users = {} as Record<SeedUserKey, UserRecord>;
  let order = 0;
  for (const [key, seed] of Object.entries(CHAT_SEED.users) as [
    SeedUserKey,
    (typeof CHAT_SEED.users)[SeedUserKey],
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
  return users;
}

/** Busy Bee's named channels and generated team channels, then Tess Thousand's 1000 generated channels. */
export function addChatCrowds(
  store: TwilioStore,
  channels: Record<ChatChannelKey, ChannelRecord>,
  users: Record<SeedUserKey, UserRecord>,
): void {
  // Busy Bee: the named channels, then generated team channels with every status, level and horizon mixed.
  const busyBee = users.busyBee;
  for (const [i, [channelKey, spec]] of BUSY_BEE_NAMED.entries()) {
    join(store, channels[channelKey], busyBee, spec, 6 * DAY + i * HOUR);
  }
  for (let n = 1; busyBee.memberships.length < CHAT_SEED.users.busyBee.channels; n++) {
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
  for (let n = 1; n <= CHAT_SEED.users.thousand.channels; n++) {
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
}
