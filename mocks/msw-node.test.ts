// The same handlers under msw/node, as the console's Vitest tests use them: plain fetch on any origin.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTwilio } from './fake-twilio.ts';
import { SEED } from './seed.ts';
import { DEMO_AUTHORIZATION } from './test-support.ts';

const fake = createFakeTwilio();
const server = setupServer(...fake.handlers);
const S = SEED.services.support.sid;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => fake.reset());
afterAll(() => server.close());

const get = (url: string) => fetch(url, { headers: { Authorization: DEMO_AUTHORIZATION } });

describe('fake.handlers under msw/node', () => {
  it('answers /api-prefixed and bare Twilio paths on any origin', async () => {
    for (const url of [
      `http://localhost:3000/api/chat/v2/Services/${S}/Users/alice%40example.com/Channels`,
      `http://127.0.0.1:9/chat/v2/Services/${S}/Users/alice%40example.com/Channels`,
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect((await response.json()).channels).toHaveLength(6);
    }
  });

  it('passes the raw path through: %2523 stays a literal %23, malformed escapes are a 404', async () => {
    const zoe = await get(
      `http://localhost/api/chat/v2/Services/${S}/Users/${encodeURIComponent(SEED.users.zoe.identity)}`,
    );
    expect((await zoe.json()).sid).toBe(SEED.users.zoe.sid);
    const doubled = await get(
      `http://localhost/api/chat/v2/Services/${S}/Users/zo%25C3%25AB%2520smith%252Fops%25231`,
    );
    expect(doubled.status).toBe(404);
    const malformed = await get(`http://localhost/api/chat/v2/Services/${S}/Users/%E0%A4%A`);
    expect(malformed.status).toBe(404);
    expect((await malformed.json()).code).toBe(20404);
  });

  it('applies mutations to the shared store and logs them', async () => {
    const response = await fetch(
      `http://localhost/api/conversations/v1/Users/alice%40example.com/Conversations/${SEED.channels.ops.sid}`,
      {
        method: 'POST',
        headers: { Authorization: DEMO_AUTHORIZATION, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'NotificationLevel=default&LastReadMessageIndex=',
      },
    );
    expect(response.status).toBe(200);
    const chat = await (
      await get(`http://localhost/chat/v2/Services/${S}/Users/alice%40example.com/Channels/ops`)
    ).json();
    expect(chat).toMatchObject({
      notification_level: 'default',
      last_consumed_message_index: null,
      unread_messages_count: null,
    });
    expect(fake.log.map((e) => [e.method, e.status])).toEqual([
      ['POST', 200],
      ['GET', 200],
    ]);
  });
});
