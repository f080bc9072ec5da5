import { describe, expect, it } from 'vitest';
import { facts, membership } from './facts.test-support.ts';
import { CONVERSATIONS_PER_IDENTITY, idleMemberships, membershipLimitRule } from './limit-rules.ts';
import { conversationStateRule, notJoinedRule } from './membership-rules.ts';

describe('membership', () => {
  it('explains invited and not participating as "no pushes, no unread"', () => {
    expect(notJoinedRule(facts({}, { status: 'invited' }))?.title).toBe(
      'Invited, not joined: no pushes and no unread count',
    );
    expect(notJoinedRule(facts({}, { status: 'not_participating' }))?.evidence[0]?.value).toBe(
      'not participating',
    );
    expect(notJoinedRule(facts())).toBeNull();
  });
  it('flags inactive and closed conversations', () => {
    const conversation = (state: 'active' | 'inactive' | 'closed') => ({
      state,
      attributes: null,
      createdBy: null,
      dateCreated: null,
      dateUpdated: null,
      dateInactive: null,
      dateClosed: null,
    });
    expect(conversationStateRule(facts({}, { conversation: conversation('closed') }))?.id).toBe(
      'conversation-closed',
    );
    expect(conversationStateRule(facts({}, { conversation: conversation('inactive') }))?.id).toBe(
      'conversation-inactive',
    );
    expect(conversationStateRule(facts({}, { conversation: conversation('active') }))).toBeNull();
  });
});

describe('limits', () => {
  const closed = membership({
    channelSid: 'CHclosed',
    conversation: {
      state: 'closed',
      attributes: null,
      createdBy: null,
      dateCreated: null,
      dateUpdated: null,
      dateInactive: null,
      dateClosed: null,
    },
  });
  const left = membership({ channelSid: 'CHleft', status: 'not_participating' });
  const rows = [membership(), closed, left];

  it("warns near Chat's limits.user_channels and selects the idle memberships for removal", () => {
    const finding = membershipLimitRule({ api: 'chat-v2', count: 95, userChannelsLimit: 100, rows });
    expect(finding).toMatchObject({
      id: 'near-limit',
      severity: 'warning',
      title: 'Near the limit: 95 of 100 channels',
    });
    expect(finding?.fix).toEqual({
      kind: 'select-memberships',
      label: 'Select the 2 closed or inactive for removal',
      channelSids: ['CHclosed', 'CHleft'],
    });
  });
  it('says "at the limit" at it, and nothing below 90 %', () => {
    expect(membershipLimitRule({ api: 'chat-v2', count: 100, userChannelsLimit: 100, rows })?.id).toBe(
      'at-limit',
    );
    expect(membershipLimitRule({ api: 'chat-v2', count: 89, userChannelsLimit: 100, rows })).toBeNull();
    expect(membershipLimitRule({ api: 'chat-v2', count: 95, userChannelsLimit: null, rows })).toBeNull();
  });
  it('uses the fixed 1000 per identity in Conversations, whatever the service says', () => {
    const finding = membershipLimitRule({
      api: 'conversations',
      count: CONVERSATIONS_PER_IDENTITY,
      userChannelsLimit: 100,
      rows: [],
    });
    expect(finding?.title).toBe('At the limit: 1000 of 1000 conversations');
    expect(finding?.fix).toBeUndefined();
  });
  it('counts closed, inactive and left memberships as idle', () => {
    expect(idleMemberships(rows).map((r) => r.channelSid)).toEqual(['CHclosed', 'CHleft']);
  });
});
