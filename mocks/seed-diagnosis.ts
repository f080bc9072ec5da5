// Seed users for the diagnosis: one per ticket symptom (README "The demo users"), their push registrations, and
// the services' push settings. Registration dates are relative to when the store is built, so "recent" and "old"
// devices stay what they are in a demo run any day; SIDs, indices and message authors are fixed.
import type { BindingType, ServiceNotifications } from './push.ts';
import { makeSid } from './sid.ts';
import {
  type ChannelRecord,
  type MemberStatus,
  messageIndexAt,
  type TwilioStore,
  type UserRecord,
} from './store.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The seed's services and main demo user, passed in by seed.ts (this module can't import it: seed.ts calls it). */
export interface SeedHosts {
  support: string;
  sales: string;
  alice: string;
}

type ServiceKey = 'support' | 'sales';
const user = (service: ServiceKey, identity: string, friendlyName: string) => ({
  sid: makeSid('US', `${service}/${identity}`),
  service,
  identity,
  friendlyName,
});
const channel = (serviceKey: string, key: string) => makeSid('CH', `${serviceKey}/diagnosis/${key}`);

/** The symptom users and their channels, for tests and the README's demo table. */
export const DIAGNOSIS_SEED = {
  users: {
    /** "I keep getting pushes from Ops alerts" although it is muted: three devices, one of them old. */
    pushes: user('support', 'pat.pushes@example.com', 'Pat Pushes'),
    /** "My badge is stuck": the read position hasn't moved since 14 Jan 2025, though they posted twice after it. */
    stuckBadge: user('support', 'sam.stuck@example.com', 'Sam Stuck'),
    /** "The app says I've read everything but I haven't": all read in Product updates. */
    allRead: user('support', 'ari.allread@example.com', 'Ari Allread'),
    /** "I never get a badge in Help desk": the read position was never set (unread not counted). */
    notTracked: user('support', 'nat.untracked@example.com', 'Nat Untracked'),
    /** "I can't be added to more channels": 95 of the Sales service's 100, five of them left. */
    nearLimit: user('sales', 'lee.limits@example.com', 'Lee Limits'),
    /** "Pushes reach phones I gave away": a test account registered 120 times, more than a page of devices. */
    manyDevices: user('support', 'max.devices@example.com', 'Max Devices'),
  },
  /** Max's registrations: three pages of Chat v2 bindings (50 a page), two of Conversations' (100 a page). */
  manyDevicesCount: 120,
  channels: {
    opsAlerts: channel('support', 'ops-alerts'),
    teamChat: channel('support', 'team-chat'),
    supportFloor: channel('support', 'support-floor'),
    productUpdates: channel('support', 'product-updates'),
    helpDesk: channel('support', 'help-desk'),
  },
  /** Support: a push for every new message, with badge counts. Sales keeps Twilio's defaults (all off). */
  supportNotifications: {
    logEnabled: true,
    newMessage: {
      enabled: true,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Twilio's own template syntax, kept literally
      template: '${CHANNEL};${USER}: ${MESSAGE}',
      sound: 'default',
      badgeCountEnabled: true,
    },
    addedToChannel: { enabled: true, template: null, sound: null },
    removedFromChannel: { enabled: false, template: null, sound: null },
    invitedToChannel: { enabled: true, template: null, sound: null },
  } satisfies ServiceNotifications,
} as const;

/** The stuck-badge channel: Sam posts every fifth message (positions 3, 8, …, 53, 58) and read up to position 49. */
const STUCK = {
  messages: 60,
  readThrough: 49,
  authors: [
    'bob@example.com',
    'carol@example.com',
    'dave@example.com',
    'sam.stuck@example.com',
    'erin@example.com',
  ],
};
const SEED_START = Date.UTC(2025, 0, 6, 9, 0, 0);

interface ChannelSpec {
  key: keyof typeof DIAGNOSIS_SEED.channels | string;
  sid: string;
  serviceSid: string;
  name: string;
  messages: number;
  gapEvery: number;
  gapSize: number;
  stepMs?: number;
  authors?: readonly string[];
  state?: ChannelRecord['state'];
}

function addChannel(store: TwilioStore, spec: ChannelSpec): ChannelRecord {
  const created = new Date(SEED_START);
  const state = spec.state ?? 'active';
  return store.addChannel({
    sid: spec.sid,
    serviceSid: spec.serviceSid,
    friendlyName: spec.name,
    uniqueName: `diagnosis-${spec.key}`,
    attributes: '{}',
    type: 'private',
    createdBy: 'system',
    dateCreated: created,
    dateUpdated: created,
    state,
    dateInactive: state === 'active' ? null : new Date(SEED_START + 30 * DAY),
    dateClosed: state === 'closed' ? new Date(SEED_START + 31 * DAY) : null,
    messages: {
      count: spec.messages,
      gapEvery: spec.gapEvery,
      gapSize: spec.gapSize,
      firstDate: created,
      stepMs: spec.stepMs ?? HOUR,
      authors: spec.authors ?? ['bob@example.com', 'carol@example.com'],
    },
  });
}

/** "read" = how many messages were read (the horizon is the index of the last of them); 'all' or null. */
function join(
  store: TwilioStore,
  ch: ChannelRecord,
  member: UserRecord,
  read: number | 'all' | null,
  options: { level?: 'default' | 'muted'; status?: MemberStatus; readAt?: Date } = {},
) {
  const log = ch.messages;
  const position = read === 'all' ? log.count - 1 : read === null ? null : read - 1;
  const index = position === null || position < 0 ? null : messageIndexAt(log, position);
  const readAt =
    options.readAt ??
    (position === null ? null : new Date(log.firstDate.getTime() + position * log.stepMs + 5 * 60_000));
  store.addMember(ch, member, {
    status: options.status ?? 'joined',
    notificationLevel: options.level ?? 'default',
    lastConsumedMessageIndex: index,
    lastConsumptionTimestamp: index === null ? null : readAt,
    dateCreated: new Date(SEED_START),
    dateUpdated: readAt ?? new Date(SEED_START),
  });
}

function addUser(
  store: TwilioStore,
  seed: ReturnType<typeof user>,
  serviceSid: string,
  order: number,
): UserRecord {
  const created = new Date(SEED_START + order * HOUR);
  return store.addUser({
    sid: seed.sid,
    serviceSid,
    identity: seed.identity,
    friendlyName: seed.friendlyName,
    attributes: '{}',
    roleSid: makeSid('RL', `${serviceSid}/service user`),
    isOnline: false,
    // Sales has reachability off: Twilio reports null there.
    isNotifiable: seed.service === 'support' ? true : null,
    dateCreated: created,
    dateUpdated: created,
  });
}

function addBinding(
  store: TwilioStore,
  owner: UserRecord,
  name: string,
  type: BindingType,
  updatedDaysAgo: number,
  now: number,
) {
  const updated = new Date(now - updatedDaysAgo * DAY);
  store.bindings.set(makeSid('BS', `${owner.sid}/${name}`), {
    seq: store.nextSeq(),
    sid: makeSid('BS', `${owner.sid}/${name}`),
    serviceSid: owner.serviceSid,
    userSid: owner.sid,
    identity: owner.identity,
    bindingType: type,
    // Device tokens are opaque to Horizon; these only look like them.
    endpoint: `${type}-token-${name}`,
    credentialSid: makeSid('CR', `${owner.serviceSid}/${type}`),
    messageTypes: [
      'twilio.channel.new_message',
      'twilio.channel.added_to_channel',
      'twilio.channel.invited_to_channel',
    ],
    dateCreated: new Date(updated.getTime() - 30 * DAY),
    dateUpdated: updated,
  });
}

/** Adds the symptom users, their channels and devices, and the services' push settings. `now` dates the devices. */
export function seedDiagnosis(store: TwilioStore, hosts: SeedHosts, now = Date.now()): void {
  const { support: supportSid, sales: salesSid } = hosts;
  const support = store.services.get(supportSid);
  if (support) support.notifications = DIAGNOSIS_SEED.supportNotifications;
  const { users: u, channels: c } = DIAGNOSIS_SEED;

  const pat = addUser(store, u.pushes, supportSid, 1);
  const opsAlerts = addChannel(store, {
    key: 'ops-alerts',
    sid: c.opsAlerts,
    serviceSid: supportSid,
    name: 'Ops alerts',
    messages: 90,
    gapEvery: 6,
    gapSize: 2,
  });
  const teamChat = addChannel(store, {
    key: 'team-chat',
    sid: c.teamChat,
    serviceSid: supportSid,
    name: 'Team chat',
    messages: 30,
    gapEvery: 5,
    gapSize: 1,
  });
  join(store, opsAlerts, pat, 'all', { level: 'muted' });
  join(store, teamChat, pat, 25);
  addBinding(store, pat, 'iphone-15', 'apn', 1, now);
  addBinding(store, pat, 'pixel-tablet', 'fcm', 3, now);
  addBinding(store, pat, 'iphone-x', 'apn', 430, now);

  const sam = addUser(store, u.stuckBadge, supportSid, 2);
  const floor = addChannel(store, {
    key: 'support-floor',
    sid: c.supportFloor,
    serviceSid: supportSid,
    name: 'Support floor',
    messages: STUCK.messages,
    gapEvery: 4,
    gapSize: 3,
    stepMs: 4 * HOUR,
    authors: STUCK.authors,
  });
  join(store, floor, sam, STUCK.readThrough + 1);
  join(store, teamChat, sam, 'all');
  addBinding(store, sam, 'iphone-14', 'apn', 2, now);

  const ari = addUser(store, u.allRead, supportSid, 3);
  const updates = addChannel(store, {
    key: 'product-updates',
    sid: c.productUpdates,
    serviceSid: supportSid,
    name: 'Product updates',
    messages: 40,
    gapEvery: 3,
    gapSize: 2,
  });
  join(store, updates, ari, 'all');
  join(store, teamChat, ari, 20);
  addBinding(store, ari, 'galaxy', 'fcm', 1, now);

  const nat = addUser(store, u.notTracked, supportSid, 4);
  const helpDesk = addChannel(store, {
    key: 'help-desk',
    sid: c.helpDesk,
    serviceSid: supportSid,
    name: 'Help desk',
    messages: 25,
    gapEvery: 4,
    gapSize: 1,
  });
  join(store, helpDesk, nat, null);
  join(store, teamChat, nat, 'all');
  addBinding(store, nat, 'iphone-13', 'apn', 5, now);

  // 95 of Sales' limits.user_channels (100): the last five left, the five before them closed conversations.
  const lee = addUser(store, u.nearLimit, salesSid, 5);
  for (let n = 1; n <= 95; n++) {
    const number = String(n).padStart(3, '0');
    const room = addChannel(store, {
      key: `sales-room-${number}`,
      sid: channel('sales', `sales-room-${number}`),
      serviceSid: salesSid,
      name: `Sales room ${number}`,
      messages: n % 12,
      gapEvery: 3,
      gapSize: 1,
      state: n > 85 && n <= 90 ? 'closed' : 'active',
    });
    join(store, room, lee, n % 12 === 0 ? null : 'all', { status: n > 90 ? 'not_participating' : 'joined' });
  }

  // Max: one registration every five days, phones and tablets taking turns; the oldest is 600 days old.
  const max = addUser(store, u.manyDevices, supportSid, 6);
  join(store, teamChat, max, 'all');
  for (let n = 1; n <= DIAGNOSIS_SEED.manyDevicesCount; n++) {
    addBinding(store, max, `test-device-${n}`, n % 3 === 0 ? 'fcm' : 'apn', n * 5, now);
  }

  // Alice (README's main demo user) has one current phone.
  const alice = store.users.get(hosts.alice);
  if (alice) addBinding(store, alice, 'iphone', 'apn', 1, now);
}
