// The fake's one in-memory store. Chat channels and Conversations conversations are the same records (Conversations
// is built on Chat and shares its SIDs), so a change made through one API shows through the other.
import type { BindingRecord, ServiceNotifications } from './push.ts';
import { isSid, makeSid } from './sid.ts';

export type MemberStatus = 'joined' | 'invited' | 'not_participating';
export type NotificationLevel = 'default' | 'muted';
export type ChannelType = 'public' | 'private';
export type ConversationState = 'inactive' | 'active' | 'closed';
/** How a participant without a chat identity exchanges messages (Conversations' `messaging_binding.type`). */
export type MessagingBindingType = 'sms' | 'whatsapp' | 'messenger';

/** Every record has a store-wide, ever-increasing `seq`: lists are ordered by it and page tokens point into it. */
interface Sequenced {
  seq: number;
}

export interface ServiceRecord extends Sequenced {
  sid: string;
  friendlyName: string;
  dateCreated: Date;
  dateUpdated: Date;
  userChannelsLimit: number;
  channelMembersLimit: number;
  readStatusEnabled: boolean;
  reachabilityEnabled: boolean;
  defaultServiceRoleSid: string;
  defaultChannelRoleSid: string;
  defaultChannelCreatorRoleSid: string;
  /** Push settings (push.ts); absent = Twilio's defaults, every push off. */
  notifications?: ServiceNotifications;
}

export interface UserRecord extends Sequenced {
  sid: string;
  serviceSid: string;
  identity: string;
  friendlyName: string | null;
  attributes: string;
  roleSid: string;
  isOnline: boolean | null;
  isNotifiable: boolean | null;
  dateCreated: Date;
  dateUpdated: Date;
  /** The user's memberships, ordered by seq. */
  memberships: MemberRecord[];
}

/**
 * A channel's messages, stored compactly: `count` messages whose indices start at 0 and skip `gapSize` numbers
 * after every `gapEvery` messages (Twilio's indices increase but may skip numbers). Bodies and SIDs are derived.
 */
export interface MessageLog {
  count: number;
  gapEvery: number;
  gapSize: number;
  firstDate: Date;
  stepMs: number;
  /** Who wrote the messages, in turn (fixed at seeding, so removing a member does not rewrite history). */
  authors: readonly string[];
}

export interface ChannelRecord extends Sequenced {
  sid: string;
  serviceSid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string;
  type: ChannelType;
  createdBy: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  state: ConversationState;
  dateInactive: Date | null;
  dateClosed: Date | null;
  messages: MessageLog;
  /** The channel's memberships, ordered by seq. */
  members: MemberRecord[];
  /** Conversations participants reachable only by an address (SMS, WhatsApp, Messenger); Chat doesn't see them. */
  addressParticipants: AddressParticipantRecord[];
}

/** A Conversations participant with a messaging binding instead of a chat identity (no user, no user conversation). */
export interface AddressParticipantRecord extends Sequenced {
  sid: string;
  serviceSid: string;
  channelSid: string;
  type: MessagingBindingType;
  /** E.164 (`+15551234567`) or prefixed (`whatsapp:+…`, `messenger:…`): exactly what Address= matches. */
  address: string;
  /** The Twilio number (or WhatsApp sender) the conversation uses towards this address. */
  proxyAddress: string | null;
  roleSid: string;
  attributes: string;
  lastReadMessageIndex: number | null;
  lastReadTimestamp: Date | null;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface MemberRecord extends Sequenced {
  sid: string;
  serviceSid: string;
  channelSid: string;
  userSid: string;
  identity: string;
  status: MemberStatus;
  notificationLevel: NotificationLevel;
  lastConsumedMessageIndex: number | null;
  lastConsumptionTimestamp: Date | null;
  roleSid: string;
  attributes: string;
  dateCreated: Date;
  dateUpdated: Date;
}

/** The index of the message at `position` (0-based) in the log. */
export function messageIndexAt(log: MessageLog, position: number): number {
  return position + Math.floor(position / log.gapEvery) * log.gapSize;
}

/** How many messages have an index ≤ `index` (binary search: logs are never expanded). */
export function countMessagesUpTo(log: MessageLog, index: number): number {
  let low = 0;
  let high = log.count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (messageIndexAt(log, mid) <= index) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The position of the message with exactly this index, or undefined when the index falls in a gap or beyond. */
export function messagePositionOfIndex(log: MessageLog, index: number): number | undefined {
  const position = countMessagesUpTo(log, index) - 1;
  return position >= 0 && messageIndexAt(log, position) === index ? position : undefined;
}

export function lastMessageIndex(log: MessageLog): number | null {
  return log.count === 0 ? null : messageIndexAt(log, log.count - 1);
}

/** Messages above the read horizon; null when the horizon was never set (Twilio: "not tracked"). */
export function unreadCount(log: MessageLog, horizon: number | null): number | null {
  if (horizon === null) return null;
  return log.count - countMessagesUpTo(log, horizon);
}

export class TwilioStore {
  readonly services = new Map<string, ServiceRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly members = new Map<string, MemberRecord>();
  /** Push registrations by BS… SID (push.ts, push-routes.ts). */
  readonly bindings = new Map<string, BindingRecord>();
  private readonly usersByIdentity = new Map<string, UserRecord>();
  private readonly channelsByUniqueName = new Map<string, ChannelRecord>();
  private seq = 0;
  /** `/v1/Configuration`'s default_chat_service_sid: the service `/v1/Users/…` and `/v1/Conversations/…` act on. */
  defaultConversationServiceSid: string | null = null;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  addService(service: Omit<ServiceRecord, 'seq'>): ServiceRecord {
    const record = { ...service, seq: this.nextSeq() };
    this.services.set(record.sid, record);
    return record;
  }

  addUser(user: Omit<UserRecord, 'seq' | 'memberships'>): UserRecord {
    const record: UserRecord = { ...user, seq: this.nextSeq(), memberships: [] };
    this.users.set(record.sid, record);
    this.usersByIdentity.set(identityKey(record.serviceSid, record.identity), record);
    return record;
  }

  addChannel(channel: Omit<ChannelRecord, 'seq' | 'members' | 'addressParticipants'>): ChannelRecord {
    const record: ChannelRecord = { ...channel, seq: this.nextSeq(), members: [], addressParticipants: [] };
    this.channels.set(record.sid, record);
    if (record.uniqueName !== null)
      this.channelsByUniqueName.set(uniqueKey(record.serviceSid, record.uniqueName), record);
    return record;
  }

  setChannelUniqueName(channel: ChannelRecord, uniqueName: string | null): void {
    if (channel.uniqueName !== null)
      this.channelsByUniqueName.delete(uniqueKey(channel.serviceSid, channel.uniqueName));
    channel.uniqueName = uniqueName;
    if (uniqueName !== null)
      this.channelsByUniqueName.set(uniqueKey(channel.serviceSid, uniqueName), channel);
  }

  deleteChannel(channel: ChannelRecord): void {
    for (const member of [...channel.members]) this.removeMember(member);
    channel.addressParticipants = [];
    this.setChannelUniqueName(channel, null);
    this.channels.delete(channel.sid);
  }

  addMember(
    channel: ChannelRecord,
    user: UserRecord,
    fields: Pick<
      MemberRecord,
      'status' | 'notificationLevel' | 'lastConsumedMessageIndex' | 'lastConsumptionTimestamp'
    > &
      Partial<Pick<MemberRecord, 'dateCreated' | 'dateUpdated' | 'attributes' | 'roleSid'>>,
  ): MemberRecord {
    const now = new Date();
    const record: MemberRecord = {
      sid: makeSid('MB', `${channel.sid}/${user.sid}`),
      serviceSid: channel.serviceSid,
      channelSid: channel.sid,
      userSid: user.sid,
      identity: user.identity,
      roleSid: makeSid('RL', `${channel.serviceSid}/channel user`),
      attributes: '{}',
      dateCreated: now,
      dateUpdated: now,
      ...fields,
      seq: this.nextSeq(),
    };
    this.members.set(record.sid, record);
    channel.members.push(record);
    user.memberships.push(record);
    return record;
  }

  addAddressParticipant(
    channel: ChannelRecord,
    fields: Pick<AddressParticipantRecord, 'type' | 'address' | 'proxyAddress'> &
      Partial<Pick<AddressParticipantRecord, 'dateCreated' | 'dateUpdated' | 'lastReadMessageIndex'>>,
  ): AddressParticipantRecord {
    const now = new Date();
    const record: AddressParticipantRecord = {
      sid: makeSid('MB', `${channel.sid}/${fields.address}`),
      serviceSid: channel.serviceSid,
      channelSid: channel.sid,
      roleSid: makeSid('RL', `${channel.serviceSid}/channel user`),
      attributes: '{}',
      lastReadMessageIndex: null,
      lastReadTimestamp: null,
      dateCreated: now,
      dateUpdated: now,
      ...fields,
      seq: this.nextSeq(),
    };
    channel.addressParticipants.push(record);
    return record;
  }

  removeAddressParticipant(participant: AddressParticipantRecord): void {
    const channel = this.channels.get(participant.channelSid);
    if (channel) channel.addressParticipants = channel.addressParticipants.filter((p) => p !== participant);
  }

  /** Every participant of the service with exactly this address (Twilio matches addresses exactly). */
  participantsWithAddress(serviceSid: string, address: string): AddressParticipantRecord[] {
    const found: AddressParticipantRecord[] = [];
    for (const channel of this.channels.values()) {
      if (channel.serviceSid !== serviceSid) continue;
      for (const participant of channel.addressParticipants) {
        if (participant.address === address) found.push(participant);
      }
    }
    return found;
  }

  removeMember(member: MemberRecord): void {
    this.members.delete(member.sid);
    const channel = this.channels.get(member.channelSid);
    if (channel) channel.members = channel.members.filter((m) => m !== member);
    const user = this.users.get(member.userSid);
    if (user) user.memberships = user.memberships.filter((m) => m !== member);
  }

  /** A user of the service by SID or identity (Twilio accepts either in the path). */
  findUser(serviceSid: string, sidOrIdentity: string): UserRecord | undefined {
    if (isSid('US', sidOrIdentity)) {
      const bySid = this.users.get(sidOrIdentity);
      if (bySid?.serviceSid === serviceSid) return bySid;
    }
    return this.usersByIdentity.get(identityKey(serviceSid, sidOrIdentity));
  }

  /** A channel of the service by SID or unique_name. */
  findChannel(serviceSid: string, sidOrUniqueName: string): ChannelRecord | undefined {
    if (isSid('CH', sidOrUniqueName)) {
      const bySid = this.channels.get(sidOrUniqueName);
      if (bySid?.serviceSid === serviceSid) return bySid;
    }
    return this.channelsByUniqueName.get(uniqueKey(serviceSid, sidOrUniqueName));
  }

  findMembership(channel: ChannelRecord, user: UserRecord): MemberRecord | undefined {
    // Users are in at most limits.user_channels channels, channels have few members: scan the shorter list.
    const list = user.memberships.length <= channel.members.length ? user.memberships : channel.members;
    return list.find((m) => m.channelSid === channel.sid && m.userSid === user.sid);
  }

  /** A member of the channel by SID or identity. */
  findMember(channel: ChannelRecord, sidOrIdentity: string): MemberRecord | undefined {
    return (
      channel.members.find((m) => m.sid === sidOrIdentity) ??
      channel.members.find((m) => m.identity === sidOrIdentity)
    );
  }

  servicesInOrder(): ServiceRecord[] {
    return [...this.services.values()];
  }

  usersOf(serviceSid: string): UserRecord[] {
    return [...this.users.values()].filter((u) => u.serviceSid === serviceSid);
  }

  channelsOf(serviceSid: string): ChannelRecord[] {
    return [...this.channels.values()].filter((c) => c.serviceSid === serviceSid);
  }
}

const identityKey = (serviceSid: string, identity: string) => `${serviceSid}\u0000${identity}`;
const uniqueKey = (serviceSid: string, uniqueName: string) => `${serviceSid}\u0000${uniqueName}`;
