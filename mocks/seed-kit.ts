// The building blocks both seeds (seed-chat.ts, seed-conversations.ts) are made of: fixed dates, SIDs derived from
// names, and the few ways a seed record enters the store. Everything here is deterministic.
import { makeSid } from './sid.ts';
import {
  type ChannelRecord,
  type ChannelType,
  type ConversationState,
  lastMessageIndex,
  type MemberStatus,
  type MessageLog,
  messageIndexAt,
  type NotificationLevel,
  type ServiceRecord,
  type TwilioStore,
  type UserRecord,
} from './store.ts';

const SEED_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** A date `offsetMs` after the seed's epoch (Monday 6 January 2025, 09:00 UTC). */
export const at = (offsetMs: number) => new Date(SEED_EPOCH + offsetMs);

export const channelSid = (service: string, name: string) => makeSid('CH', `${service}/${name}`);

export function seedUser(
  service: string,
  serviceSid: string,
  identity: string,
  friendlyName: string,
  channels: number,
) {
  return { sid: makeSid('US', `${service}/${identity}`), serviceSid, identity, friendlyName, channels };
}

export function seedChannel(service: string, serviceSid: string, key: string, uniqueName: string | null) {
  return { sid: channelSid(service, key), serviceSid, uniqueName };
}

export interface ChannelSpec {
  friendlyName: string | null;
  type: ChannelType;
  attributes: Record<string, unknown>;
  messages: number;
  gapEvery: number;
  gapSize: number;
  state?: ConversationState;
  createdBy?: string;
}

/** A read horizon, described relative to the channel's messages. */
export type Horizon = 'none' | 'all' | { read: number };

export interface MembershipSpec {
  status: MemberStatus;
  level: NotificationLevel;
  horizon: Horizon;
}

function horizonIndex(log: MessageLog, horizon: Horizon): number | null {
  if (horizon === 'none') return null;
  if (horizon === 'all') return lastMessageIndex(log) ?? 0;
  // "read N messages": the horizon is the index of the N-th message (0 when nothing is read yet).
  if (horizon.read <= 0 || log.count === 0) return 0;
  return messageIndexAt(log, Math.min(horizon.read, log.count) - 1);
}

export function createService(
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

export function createChannel(
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

export function join(
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
