// Builders for rule tests: a joined, default-level Chat v2 membership and the facts around it.
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { MembershipFacts, PushBinding } from './finding.ts';

export const NOW = new Date('2025-03-01T12:00:00Z');

export function membership(patch: Partial<Membership> = {}): Membership {
  return {
    api: 'chat-v2',
    serviceSid: `IS${'0'.repeat(32)}`,
    channelSid: `CH${'1'.repeat(32)}`,
    memberSid: `MB${'2'.repeat(32)}`,
    userSid: `US${'3'.repeat(32)}`,
    status: 'joined',
    lastReadIndex: 10,
    unread: 0,
    unreadCapped: false,
    notificationLevel: 'default',
    friendlyName: 'General',
    uniqueName: 'general',
    unreadPending: false,
    conversation: null,
    ...patch,
  };
}

export function facts(patch: Partial<MembershipFacts> = {}, row: Partial<Membership> = {}): MembershipFacts {
  return { api: 'chat-v2', identity: 'alice@example.com', membership: membership(row), now: NOW, ...patch };
}

export function binding(sid: string, dateUpdated: string, kind = 'apn'): PushBinding {
  return { sid: `BS${sid.padStart(32, '0')}`, kind, endpoint: null, dateCreated: dateUpdated, dateUpdated };
}
