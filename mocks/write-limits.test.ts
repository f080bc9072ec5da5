import { describe, expect, it } from 'vitest';
import { createFakeTwilio } from './fake-twilio.ts';
import { SEED } from './seed.ts';
import { createWriteLimiter, writeKeys } from './write-limits.ts';

const SERVICE = SEED.services.support.sid;

describe('the write-limits knob', () => {
  it('answers 429 / 20429 past 30 user writes in a second in one service, and never processes those', async () => {
    const fake = createFakeTwilio({ knobs: { writeLimits: true } });
    const bee = SEED.users.busyBee.sid;
    const memberships = [...fake.store.members.values()]
      .filter((member) => member.userSid === bee && member.notificationLevel === 'default')
      .slice(0, 40);
    const answers = await Promise.all(
      memberships.map((member) =>
        fake.fetch(
          new Request(
            `https://chat.twilio.com/chat/v2/Services/${SERVICE}/Users/${bee}/Channels/${member.channelSid}`,
            {
              method: 'POST',
              headers: {
                Authorization: `Basic ${btoa(`${SEED.accountSid}:x`)}`,
                'Content-Type': 'application/x-www-form-urlencoded',
              },
              body: 'NotificationLevel=muted',
            },
          ),
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
    const limited = answers.find((answer) => answer.status === 429);
    expect(await limited?.json()).toMatchObject({ code: 20429 });
    // Never processed: only 30 memberships are muted.
    expect(memberships.filter((member) => member.notificationLevel === 'muted')).toHaveLength(30);
  });

  it('is off by default', async () => {
    expect(createFakeTwilio().knobs.writeLimits).toBe(false);
  });

  it('counts per service and per conversation, in a rolling second', () => {
    const limiter = createWriteLimiter(2);
    const path = (user: string, channel: string) =>
      `/chat/v2/Services/${SERVICE}/Users/${user}/Channels/${channel}`;
    expect(writeKeys(path('alice', 'CH1'))).toEqual([`users:${SERVICE}`, `participants:${SERVICE}:CH1`]);
    expect(limiter.admit('POST', path('a', 'CH1'), 0)).toBe(true);
    expect(limiter.admit('DELETE', path('b', 'CH2'), 10)).toBe(true);
    expect(limiter.admit('POST', path('c', 'CH3'), 20)).toBe(false);
    expect(limiter.admit('GET', path('c', 'CH3'), 20)).toBe(true);
    expect(limiter.admit('POST', path('c', 'CH3'), 1000)).toBe(true);
    expect(writeKeys('/conversations/v1/Conversations/CH9/Participants/MB1')).toEqual([
      'participants:default:CH9',
    ]);
  });
});
