import { describe, expect, it } from 'vitest';
import { SEED } from '../../../mocks/seed.ts';
import { fake, requestLines } from '../../testing/fake-server.ts';
import { TwilioError } from '../api-client.ts';
import { chatV1Adapter } from './chat-v1.ts';
import { chatV2Adapter, chatV2ToMembership } from './chat-v2.ts';
import { conversationsAdapter } from './conversations.ts';
import { pageTokenFromUrl } from './list.ts';

const SUPPORT = SEED.services.support.sid;

describe('Chat v2 adapter against the fake', () => {
  it('pages with the PageTokens Twilio hands out, never a total', async () => {
    const args = { service: SUPPORT, user: SEED.users.busyBee.identity, pageSize: 50 };
    const first = await chatV2Adapter.listMemberships({ ...args, token: null });
    expect(first.rows).toHaveLength(50);
    expect(first).toMatchObject({ hasPreviousPage: false, hasNextPage: true, previousToken: null });
    expect(first.nextToken).toEqual(expect.any(String));

    const second = await chatV2Adapter.listMemberships({ ...args, token: first.nextToken });
    expect(second.rows).toHaveLength(50);
    expect(second.hasPreviousPage).toBe(true);
    expect(second.rows.map((r) => r.channelSid)).not.toContain(first.rows[0]?.channelSid);

    const third = await chatV2Adapter.listMemberships({ ...args, token: second.nextToken });
    expect(third.rows).toHaveLength(20);
    expect(third).toMatchObject({ hasNextPage: false, nextToken: null });
  });

  it('sends an identity with / # ? % + and a space as one encoded path segment', async () => {
    fake.log.clear();
    const page = await chatV2Adapter.listMemberships({
      service: SUPPORT,
      user: SEED.users.zoe.identity,
      pageSize: 50,
      token: null,
    });
    expect(page.rows).toHaveLength(3);
    expect(requestLines()).toEqual([
      `GET /api/chat/v2/Services/${SUPPORT}/Users/zo%C3%AB%20smith%2Fops%231%3F50%25%2B/Channels?PageSize=50`,
    ]);
  });

  it('reads a user, and reports an unknown one as a 404 TwilioError', async () => {
    const alice = await chatV2Adapter.fetchUser(SUPPORT, SEED.users.alice.identity);
    const joined = fake.store.users
      .get(SEED.users.alice.sid)
      ?.memberships.filter((m) => m.status === 'joined');
    expect(alice).toMatchObject({
      identity: 'alice@example.com',
      sid: SEED.users.alice.sid,
      joinedChannelsCount: joined?.length,
    });
    const error = await chatV2Adapter.fetchUser(SUPPORT, 'Alice@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwilioError);
    expect(error).toMatchObject({ status: 404, code: 20404 });
  });

  it('updates and clears the read horizon (null goes on the wire as an empty value)', async () => {
    const channel = SEED.channels.general.sid;
    const set = await chatV2Adapter.updateMembership?.(SUPPORT, 'alice@example.com', channel, {
      lastReadIndex: 0,
    });
    expect(set).toMatchObject({ lastReadIndex: 0, unreadPending: false });
    expect(set?.unread).toEqual(expect.any(Number));
    const cleared = await chatV2Adapter.updateMembership?.(SUPPORT, 'alice@example.com', channel, {
      lastReadIndex: null,
    });
    expect(cleared).toMatchObject({ lastReadIndex: null, unread: null });
    expect(fake.log.at(-1)?.body).toEqual({ LastConsumedMessageIndex: '' });
  });
});

describe('normalising the three APIs', () => {
  it("accepts both spellings of 'not participating'", () => {
    const base = {
      service_sid: 'IS1',
      channel_sid: 'CH1',
      last_consumed_message_index: null,
      unread_messages_count: null,
      notification_level: 'default' as const,
    };
    expect(chatV2ToMembership({ ...base, status: 'notParticipating' }).status).toBe('not_participating');
    expect(chatV2ToMembership({ ...base, status: 'not_participating' }).status).toBe('not_participating');
  });

  it('Chat v1 rows have no notification level and are found by scanning the list', async () => {
    const page = await chatV1Adapter.listMemberships({
      service: SUPPORT,
      user: 'alice@example.com',
      pageSize: 50,
      token: null,
    });
    expect(page.rows).toHaveLength(6);
    expect(page.rows.every((r) => r.api === 'chat-v1' && r.notificationLevel === null)).toBe(true);
    const target = page.rows[3];
    const found = await chatV1Adapter.fetchMembership(SUPPORT, 'alice@example.com', target?.channelSid ?? '');
    expect(found).toEqual(target);
    expect(chatV1Adapter.updateMembership).toBeNull();
  });

  it('Conversations rows carry names inline and flag the capped unread count', async () => {
    const page = await conversationsAdapter.listMemberships({
      service: SUPPORT,
      user: 'alice@example.com',
      pageSize: 50,
      token: null,
    });
    expect(page.rows.length).toBeGreaterThan(0);
    const general = page.rows.find((r) => r.channelSid === SEED.channels.general.sid);
    expect(general?.friendlyName).toBe('General');
    expect(general?.friendlyName).toBe(fake.store.channels.get(SEED.channels.general.sid)?.friendlyName);
    for (const row of page.rows) expect(row.unreadCapped).toBe(row.unread !== null && row.unread >= 1000);
  });
});

describe('pageTokenFromUrl', () => {
  it('reads the opaque token from an absolute production URL, null when there is none', () => {
    expect(
      pageTokenFromUrl(
        'https://chat.twilio.com/v2/Services/IS1/Users/a/Channels?PageSize=50&Page=1&PageToken=PT%2Fa%2Bb',
      ),
    ).toBe('PT/a+b');
    expect(pageTokenFromUrl('https://chat.twilio.com/v2/x?PageSize=50&Page=0')).toBeNull();
    expect(pageTokenFromUrl(null)).toBeNull();
  });
});
