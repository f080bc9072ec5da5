import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeTwilio, type FakeTwilio, knobsFromEnv } from './fake-twilio.ts';
import { SEED } from './seed.ts';
import { basicAuth, call, localPathOf, pageTokenOf } from './test-support.ts';

const S = SEED.services.support.sid;
const enc = encodeURIComponent;
const userChannels = (identity: string, query = '') =>
  `/chat/v2/Services/${S}/Users/${enc(identity)}/Channels${query}`;

let fake: FakeTwilio;
beforeEach(() => {
  fake = createFakeTwilio();
});

/** Follows next_page_url from `path` and returns every page's body. */
// biome-ignore lint/suspicious/noExplicitAny: pages are arbitrary Twilio JSON.
async function walk(path: string, beforeNext?: (page: any) => void | Promise<void>) {
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  const pages: any[] = [];
  let next: string | null = path;
  while (next) {
    const { status, json } = await call(fake, next);
    expect(status, next).toBe(200);
    pages.push(json);
    await beforeNext?.(json);
    next = json.meta.next_page_url ? localPathOf(json.meta.next_page_url) : null;
  }
  return pages;
}

describe('seed', () => {
  it('gives each seeded user the documented number of channels', async () => {
    for (const seeded of Object.values(SEED.users)) {
      const { json } = await call(
        fake,
        `/chat/v2/Services/${seeded.serviceSid}/Users/${enc(seeded.identity)}/Channels?PageSize=1000`,
      );
      expect(json.channels, seeded.identity).toHaveLength(seeded.channels);
      const user = await call(fake, `/chat/v2/Services/${seeded.serviceSid}/Users/${seeded.sid}`);
      expect(user.json).toMatchObject({ identity: seeded.identity, friendly_name: seeded.friendlyName });
      expect(json.channels.every((c: { user_sid: string }) => c.user_sid === seeded.sid)).toBe(true);
    }
  });

  it('mixes statuses, levels and horizons for Busy Bee, with unread from 0 to several hundred', async () => {
    const { json } = await call(fake, userChannels('busy.bee@example.com', '?PageSize=1000'));
    type Row = {
      status: string;
      notification_level: string;
      last_consumed_message_index: number | null;
      unread_messages_count: number | null;
    };
    const rows: Row[] = json.channels;
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['joined', 'invited', 'not_participating']));
    expect(new Set(rows.map((r) => r.notification_level))).toEqual(new Set(['default', 'muted']));
    expect(rows.some((r) => r.last_consumed_message_index === null && r.unread_messages_count === null)).toBe(
      true,
    );
    expect(rows.some((r) => r.last_consumed_message_index !== null && r.unread_messages_count === 0)).toBe(
      true,
    );
    const unread = rows.flatMap((r) => (r.unread_messages_count === null ? [] : [r.unread_messages_count]));
    expect(unread.some((u) => u > 0 && u < 50)).toBe(true);
    expect(Math.max(...unread)).toBeGreaterThanOrEqual(300);
  });

  it('is deterministic: two fakes answer byte for byte the same', async () => {
    const other = createFakeTwilio();
    const path = userChannels('busy.bee@example.com', '?PageSize=1000');
    const [a, b] = [await fake.fetch(req(path)), await other.fetch(req(path))];
    expect(await a.text()).toBe(await b.text());
  });

  it('raises the first service’s user_channels limit to 1000 and lists it first', async () => {
    const { json } = await call(fake, '/chat/v2/Services');
    expect(json.services.map((s: { sid: string }) => s.sid)).toEqual([S, SEED.services.sales.sid]);
    expect(json.services[0]).toMatchObject({
      friendly_name: 'Acme Support',
      limits: { user_channels: 1000 },
    });
  });

  it('has channels with only a unique name, only a friendly name, and neither', async () => {
    const fetchChannel = async (sid: string) =>
      (await call(fake, `/chat/v2/Services/${S}/Channels/${sid}`)).json;
    expect(await fetchChannel(SEED.channels.legacyImport.sid)).toMatchObject({
      unique_name: 'legacy-import',
      friendly_name: null,
    });
    expect(await fetchChannel(SEED.channels.weekendShift.sid)).toMatchObject({
      unique_name: null,
      friendly_name: 'Weekend shift',
    });
    expect(await fetchChannel(SEED.channels.untitled.sid)).toMatchObject({
      unique_name: null,
      friendly_name: null,
    });
    expect(JSON.parse((await fetchChannel(SEED.channels.ops.sid)).attributes)).toEqual({
      team: 'ops',
      oncall: true,
    });
  });
});

const req = (path: string, init: RequestInit = {}) =>
  new Request(`http://fake.test${path}`, {
    ...init,
    headers: { Authorization: basicAuth(SEED.accountSid, 't'), ...init.headers },
  });

describe('path segments are decoded exactly once', () => {
  it('finds every special-character identity (space / # ? % + and ë) by its encoded form', async () => {
    const { status, json } = await call(fake, `/chat/v2/Services/${S}/Users/${enc(SEED.users.zoe.identity)}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ sid: SEED.users.zoe.sid, identity: 'zoë smith/ops#1?50%+' });
    const list = await call(fake, userChannels(SEED.users.zoe.identity));
    expect(list.json.channels).toHaveLength(3);
    // The list URLs keep the identity encoded, so following them reaches the same user.
    expect(list.json.meta.url).toContain('/Users/zo%C3%AB%20smith%2Fops%231%3F50%25%2B/Channels?');
  });

  it('reads + in a path as a plus, never as a space', async () => {
    const raw = `/chat/v2/Services/${S}/Users/zo%C3%AB%20smith%2Fops%231%3F50%25+`;
    expect((await call(fake, raw)).json.sid).toBe(SEED.users.zoe.sid);
  });

  it('does not decode twice: %2523 is a literal %23, %252F a literal %2F', async () => {
    for (const uniqueName of ['%23', 'a%2Fb']) {
      const created = await call(fake, `/chat/v2/Services/${S}/Channels`, {
        form: { UniqueName: uniqueName },
      });
      expect(created.status).toBe(201);
      const once = await call(fake, `/chat/v2/Services/${S}/Channels/${enc(uniqueName)}`);
      expect(once.status, uniqueName).toBe(200);
      expect(once.json.sid).toBe(created.json.sid);
    }
    // Decoding twice would turn these into '#' and 'a/b', which do not exist.
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/%23`)).status).toBe(404);
    // Double-encoded Zoë is not Zoë.
    expect((await call(fake, `/chat/v2/Services/${S}/Users/zo%25C3%25AB%2520smith`)).status).toBe(404);
  });

  it('finds a channel by a unique name containing / # ?', async () => {
    const { status, json } = await call(fake, `/chat/v2/Services/${S}/Channels/${enc('ops/night#2?')}`);
    expect(status).toBe(200);
    expect(json.sid).toBe(SEED.channels.nightOps.sid);
    const membership = await call(fake, `${userChannels(SEED.users.zoe.identity)}/${enc('ops/night#2?')}`);
    expect(membership.json.channel_sid).toBe(SEED.channels.nightOps.sid);
  });

  it('answers 404 for malformed percent-encoding and unknown paths', async () => {
    expect((await call(fake, `/chat/v2/Services/${S}/Users/%E0%A4%A`)).json.code).toBe(20404);
    expect((await call(fake, `/chat/v2/Services/${S}/Nope`)).status).toBe(404);
    expect((await call(fake, `/chat/v2/Services/IS00000000000000000000000000000000/Users`)).status).toBe(404);
  });

  it('serves the same routes behind a mount point such as /api', async () => {
    const { status, json } = await call(fake, `/api${userChannels('alice@example.com')}`);
    expect(status).toBe(200);
    expect(json.meta.url).toBe(
      `https://chat.twilio.com/v2/Services/${S}/Users/alice%40example.com/Channels?PageSize=50&Page=0`,
    );
  });

  it('addresses users and channels by SID as well', async () => {
    const bySid = await call(
      fake,
      `/chat/v2/Services/${S}/Users/${SEED.users.alice.sid}/Channels/${SEED.channels.general.sid}`,
    );
    const byName = await call(fake, `${userChannels('alice@example.com')}/general`);
    expect(bySid.json).toEqual(byName.json);
  });
});

describe('pagination', () => {
  it('walks a 120-channel list forward through next_page_url and back through previous_page_url', async () => {
    const pages = await walk(userChannels('busy.bee@example.com', '?PageSize=7'));
    expect(pages).toHaveLength(18);
    expect(pages.map((p) => p.meta.page)).toEqual([...Array(18).keys()]);
    const sids = pages.flatMap((p) => p.channels.map((c: { channel_sid: string }) => c.channel_sid));
    expect(new Set(sids).size).toBe(120);
    const last = pages.at(-1);
    expect(last.channels).toHaveLength(120 - 17 * 7);
    expect(last.meta.next_page_url).toBeNull();
    expect(pages[0].meta.previous_page_url).toBeNull();
    expect(last.meta.first_page_url).toBe(pages[0].meta.first_page_url);

    const back = await call(fake, localPathOf(last.meta.previous_page_url));
    expect(back.json.meta.page).toBe(16);
    expect(back.json.channels).toEqual(pages[16].channels);
  });

  it('stays correct when records are added or removed between pages', async () => {
    const seen: string[] = [];
    let turn = 0;
    await walk(userChannels('busy.bee@example.com', '?PageSize=10'), async (page) => {
      seen.push(...page.channels.map((c: { channel_sid: string }) => c.channel_sid));
      turn += 1;
      if (turn === 2) {
        // Remove the last row just shown (the page boundary) and a row not yet seen.
        const boundary = page.channels.at(-1).channel_sid;
        expect(
          (await call(fake, `${userChannels('busy.bee@example.com')}/${boundary}`, { method: 'DELETE' }))
            .status,
        ).toBe(204);
        expect(
          (await call(fake, `${userChannels('busy.bee@example.com')}/${SEED.channels.nightOps.sid}`)).status,
        ).toBe(404);
        const unseen = fake.store.findUser(S, 'busy.bee@example.com')?.memberships[60];
        if (!unseen) throw new Error('seed changed');
        fake.store.removeMember(unseen);
        // Add one: a new membership goes to the end of the list.
        const busyBee = fake.store.findUser(S, 'busy.bee@example.com');
        const zoeChannel = fake.store.findChannel(S, 'café');
        if (!busyBee || !zoeChannel) throw new Error('seed changed');
        fake.store.addMember(zoeChannel, busyBee, {
          status: 'joined',
          notificationLevel: 'default',
          lastConsumedMessageIndex: null,
          lastConsumptionTimestamp: null,
        });
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(120 - 1 + 1);
    expect(seen.at(-1)).toBe(SEED.channels.cafe.sid);
  });

  // Speed is the benchmark's business (npm run bench); this checks the walk is complete and exact.
  it('walks all 1000 channels of the biggest user in 20 pages of 50', async () => {
    const pages = await walk(userChannels('thousand@example.com', '?PageSize=50'));
    expect(pages).toHaveLength(20);
    expect(pages.reduce((n, p) => n + p.channels.length, 0)).toBe(1000);
  });

  it('puts filters before PageSize/Page/PageToken in page URLs and keeps them on every page', async () => {
    const first = await call(fake, `/chat/v2/Services/${S}/Channels/general/Messages?Order=desc&PageSize=5`);
    expect(first.json.meta.first_page_url).toBe(
      `https://chat.twilio.com/v2/Services/${S}/Channels/general/Messages?Order=desc&PageSize=5&Page=0`,
    );
    expect(first.json.meta.next_page_url).toMatch(/\?Order=desc&PageSize=5&Page=1&PageToken=PT[\w-]+$/);
    const second = await call(fake, localPathOf(first.json.meta.next_page_url));
    const indices = [...first.json.messages, ...second.json.messages].map((m: { index: number }) => m.index);
    expect(indices).toEqual([...indices].sort((a, b) => b - a));
    expect(new Set(indices).size).toBe(10);
    expect(second.json.meta.url).toBe(first.json.meta.next_page_url);
  });

  it.each([
    [userChannels('alice@example.com', '?PageSize=0'), 400],
    [userChannels('alice@example.com', '?PageSize=1001'), 400],
    [userChannels('alice@example.com', '?PageSize=1000'), 200],
    [userChannels('alice@example.com', '?PageSize=ten'), 400],
    [userChannels('alice@example.com', '?PageSize=5&Page=-1'), 400],
    [`/chat/v1/Services/${S}/Users/alice%40example.com/Channels?PageSize=1000`, 200],
    [`/chat/v1/Services/${S}/Users/alice%40example.com/Channels?PageSize=1001`, 400],
    ['/conversations/v1/Users/alice%40example.com/Conversations?PageSize=50', 200],
    ['/conversations/v1/Users/alice%40example.com/Conversations?PageSize=51', 400],
    ['/chat/v2/Services?PageSize=100', 200],
    ['/chat/v2/Services?PageSize=101', 400],
    [`/chat/v2/Services/${S}/Channels/general/Messages?PageSize=101`, 400],
  ])('PageSize bounds: %s → %i', async (path, expected) => {
    const { status, json } = await call(fake, path);
    expect(status).toBe(expected);
    if (expected === 400)
      expect(json).toMatchObject({ status: 400, code: 20001, message: expect.stringMatching(/Page/) });
  });

  it('answers a bad PageToken with a Twilio 400 / 21481', async () => {
    for (const token of ['nonsense', 'PT%%%', 'PTZm9v']) {
      const { status, json } = await call(fake, userChannels('busy.bee@example.com', `?PageToken=${token}`));
      expect(status, token).toBe(400);
      expect(json).toMatchObject({
        code: 21481,
        status: 400,
        more_info: 'https://www.twilio.com/docs/errors/21481',
      });
    }
  });

  it('tokens are opaque PT… strings, not page numbers', async () => {
    const { json } = await call(fake, userChannels('busy.bee@example.com', '?PageSize=5'));
    const token = pageTokenOf(json.meta.next_page_url);
    expect(token).toMatch(/^PT[\w-]+$/);
    expect(token).not.toMatch(/^PT\d+$/);
  });
});

describe('user channel updates (Chat v2) and the read horizon', () => {
  const aliceGeneral = `${userChannels('alice@example.com')}/general`;

  it('mutes and unmutes; the change shows through Conversations and the Chat v2 list', async () => {
    const muted = await call(fake, aliceGeneral, { form: { NotificationLevel: 'muted' } });
    expect(muted.status).toBe(200);
    expect(muted.json.notification_level).toBe('muted');
    const conversation = await call(
      fake,
      `/conversations/v1/Users/alice%40example.com/Conversations/${SEED.channels.general.sid}`,
    );
    expect(conversation.json.notification_level).toBe('muted');
    const back = await call(fake, `/conversations/v1/Users/alice%40example.com/Conversations/general`, {
      form: { NotificationLevel: 'default' },
    });
    expect(back.json.notification_level).toBe('default');
    expect((await call(fake, aliceGeneral)).json.notification_level).toBe('default');
  });

  it('counts unread as messages above the horizon, skipping gaps in indices', async () => {
    // general: 240 messages, indices skip 2 after every 10 → 0..9, 12..21, …
    const lastIndex = (
      await call(fake, `/chat/v2/Services/${S}/Channels/general/Messages?Order=desc&PageSize=1`)
    ).json.messages[0].index;
    expect(lastIndex).toBe(239 + 23 * 2);
    const setHorizon = async (value: string) =>
      (await call(fake, aliceGeneral, { form: { LastConsumedMessageIndex: value } })).json;
    expect(await setHorizon(String(lastIndex))).toMatchObject({
      last_consumed_message_index: lastIndex,
      unread_messages_count: 0,
    });
    expect(await setHorizon('9')).toMatchObject({ unread_messages_count: 230 });
    expect(await setHorizon('10')).toMatchObject({
      last_consumed_message_index: 10,
      unread_messages_count: 230,
    });
    expect(await setHorizon('12')).toMatchObject({ unread_messages_count: 229 });
    expect(await setHorizon('13')).toMatchObject({ unread_messages_count: 228 });
    expect(await setHorizon('0')).toMatchObject({ unread_messages_count: 239 });
    expect(await setHorizon('99999')).toMatchObject({ unread_messages_count: 0 });
  });

  it('an empty LastConsumedMessageIndex clears the horizon: unread becomes null (not tracked)', async () => {
    const { json } = await call(fake, aliceGeneral, { form: { LastConsumedMessageIndex: '' } });
    expect(json).toMatchObject({ last_consumed_message_index: null, unread_messages_count: null });
    const member = await call(fake, `/chat/v2/Services/${S}/Channels/general/Members/alice%40example.com`);
    expect(member.json).toMatchObject({
      last_consumed_message_index: null,
      last_consumption_timestamp: null,
    });
    const conversation = await call(
      fake,
      '/conversations/v1/Users/alice%40example.com/Conversations/general',
    );
    expect(conversation.json).toMatchObject({ last_read_message_index: null, unread_messages_count: null });
  });

  it('stores LastConsumptionTimestamp on the Member (the user channel does not echo it)', async () => {
    const { json } = await call(fake, aliceGeneral, {
      form: { LastConsumedMessageIndex: '5', LastConsumptionTimestamp: '2024-01-02T03:04:05Z' },
    });
    expect(json).not.toHaveProperty('last_consumption_timestamp');
    const member = await call(fake, `/chat/v2/Services/${S}/Channels/general/Members/alice%40example.com`);
    expect(member.json).toMatchObject({
      last_consumed_message_index: 5,
      last_consumption_timestamp: '2024-01-02T03:04:05Z',
    });
  });

  it('Conversations updates LastReadMessageIndex / LastReadTimestamp on the same record', async () => {
    const { status, json } = await call(
      fake,
      '/conversations/v1/Users/alice%40example.com/Conversations/general',
      {
        form: { LastReadMessageIndex: '21', LastReadTimestamp: '2024-05-06T07:08:09Z' },
      },
    );
    expect(status).toBe(200);
    expect(json.last_read_message_index).toBe(21);
    expect((await call(fake, aliceGeneral)).json.last_consumed_message_index).toBe(21);
    const member = await call(fake, `/chat/v2/Services/${S}/Channels/general/Members/alice%40example.com`);
    expect(member.json.last_consumption_timestamp).toBe('2024-05-06T07:08:09Z');
  });

  it('caps unread at 1000 in Conversations only', async () => {
    const chat = await call(fake, `${userChannels('busy.bee@example.com')}/firehose`);
    expect(chat.json.unread_messages_count).toBe(1499);
    const conversation = await call(
      fake,
      '/conversations/v1/Users/busy.bee%40example.com/Conversations/firehose',
    );
    expect(conversation.json.unread_messages_count).toBe(1000);
  });

  it.each([
    [{ NotificationLevel: 'loud' }, /NotificationLevel.*default, muted/],
    [{ NotificationLevel: '' }, /NotificationLevel/],
    [{ LastConsumedMessageIndex: 'ten' }, /LastConsumedMessageIndex/],
    [{ LastConsumedMessageIndex: '-1' }, /LastConsumedMessageIndex/],
    [{ LastConsumedMessageIndex: '1.5' }, /LastConsumedMessageIndex/],
    [{ LastConsumptionTimestamp: 'yesterday' }, /LastConsumptionTimestamp/],
  ])('rejects %o with a Twilio 400 and changes nothing', async (form, message) => {
    const before = (await call(fake, aliceGeneral)).json;
    const { status, json } = await call(fake, aliceGeneral, {
      form: { NotificationLevel: 'muted', ...form },
    });
    expect(status).toBe(400);
    expect(json).toMatchObject({ status: 400, code: 20001, message: expect.stringMatching(message) });
    expect((await call(fake, aliceGeneral)).json).toEqual(before);
  });

  it('answers 404 for a channel the user is not in, a missing user or a missing channel', async () => {
    expect((await call(fake, `${userChannels('nobody@example.com')}/general`)).status).toBe(404);
    expect(
      (
        await call(fake, `${userChannels('ghost@example.com')}/general`, {
          form: { NotificationLevel: 'muted' },
        })
      ).status,
    ).toBe(404);
    expect((await call(fake, `${userChannels('alice@example.com')}/no-such-channel`)).status).toBe(404);
  });
});

describe('memberships: delete', () => {
  it('Chat v2 delete removes the user from the channel everywhere', async () => {
    const path = `${userChannels('alice@example.com')}/general`;
    const membersBefore = (await call(fake, `/chat/v2/Services/${S}/Channels/general`)).json.members_count;
    const joinedBefore = (await call(fake, `/chat/v2/Services/${S}/Users/alice%40example.com`)).json
      .joined_channels_count;
    const deleted = await call(fake, path, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.json).toBeNull();
    expect((await call(fake, path)).status).toBe(404);
    expect((await call(fake, path, { method: 'DELETE' })).status).toBe(404);
    expect((await call(fake, userChannels('alice@example.com'))).json.channels).toHaveLength(5);
    expect(
      (await call(fake, '/conversations/v1/Users/alice%40example.com/Conversations')).json.conversations,
    ).toHaveLength(5);
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/general`)).json.members_count).toBe(
      membersBefore - 1,
    );
    expect(
      (await call(fake, `/chat/v2/Services/${S}/Users/alice%40example.com`)).json.joined_channels_count,
    ).toBe(joinedBefore - 1);
  });

  it('Conversations delete (service-scoped) removes the same record', async () => {
    const path = `/conversations/v1/Services/${S}/Users/${enc(SEED.users.zoe.identity)}/Conversations/caf%C3%A9`;
    expect((await call(fake, path, { method: 'DELETE' })).status).toBe(204);
    expect((await call(fake, `${userChannels(SEED.users.zoe.identity)}/caf%C3%A9`)).status).toBe(404);
  });
});

describe('channels', () => {
  it('creates, fetches by unique_name, renames and deletes a channel', async () => {
    const created = await call(fake, `/chat/v2/Services/${S}/Channels`, {
      form: { FriendlyName: 'War room', UniqueName: 'war-room', Type: 'private', Attributes: '{"sev":1}' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      friendly_name: 'War room',
      unique_name: 'war-room',
      type: 'private',
      attributes: '{"sev":1}',
      created_by: 'system',
      members_count: 0,
      messages_count: 0,
    });
    expect(created.json.links.last_message).toBeNull();
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/war-room`)).json.sid).toBe(created.json.sid);

    const renamed = await call(fake, `/chat/v2/Services/${S}/Channels/war-room`, {
      form: { UniqueName: 'war-room-2' },
    });
    expect(renamed.json.unique_name).toBe('war-room-2');
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/war-room`)).status).toBe(404);
    const cleared = await call(fake, `/chat/v2/Services/${S}/Channels/${created.json.sid}`, {
      form: { UniqueName: '' },
    });
    expect(cleared.json.unique_name).toBeNull();

    expect(
      (await call(fake, `/chat/v2/Services/${S}/Channels/${created.json.sid}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/${created.json.sid}`)).status).toBe(404);
  });

  it('deleting a channel removes its memberships', async () => {
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/billing`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await call(fake, userChannels('alice@example.com'))).json.channels).toHaveLength(5);
  });

  it('rejects a duplicate unique_name (409), bad JSON attributes and a bad type (400)', async () => {
    const dup = await call(fake, `/chat/v2/Services/${S}/Channels`, { form: { UniqueName: 'general' } });
    expect(dup.status).toBe(409);
    expect(dup.json.code).toBe(50307);
    const attrs = await call(fake, `/chat/v2/Services/${S}/Channels`, { form: { Attributes: '{oops' } });
    expect(attrs.json).toMatchObject({ status: 400, message: expect.stringMatching(/Attributes/) });
    const type = await call(fake, `/chat/v2/Services/${S}/Channels`, { form: { Type: 'secret' } });
    expect(type.json).toMatchObject({ status: 400, message: expect.stringMatching(/Type/) });
  });

  it('lists public channels by default and filters by Type', async () => {
    const all = async (query: string) => {
      const pages = await walk(`/chat/v2/Services/${S}/Channels?${query}PageSize=100`);
      return pages.flatMap((p) => p.channels.map((c: { type: string }) => c.type));
    };
    const byDefault = await all('');
    expect(byDefault.length).toBeGreaterThan(0);
    expect(byDefault.every((t) => t === 'public')).toBe(true);
    const privates = await all('Type=private&');
    expect(privates.every((t) => t === 'private')).toBe(true);
    expect((await all('Type=public&Type=private&')).length).toBe(byDefault.length + privates.length);
    expect((await call(fake, `/chat/v2/Services/${S}/Channels?Type=secret`)).status).toBe(400);
  });

  it('lists messages in both orders with bodies and gapped indices; fetches one by SID', async () => {
    const asc = (await call(fake, `/chat/v2/Services/${S}/Channels/billing/Messages?PageSize=100`)).json
      .messages;
    expect(asc).toHaveLength(85);
    const indices = asc.map((m: { index: number }) => m.index);
    expect(indices.slice(0, 7)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    const desc = (
      await call(fake, `/chat/v2/Services/${S}/Channels/billing/Messages?Order=desc&PageSize=100`)
    ).json.messages;
    expect(desc.map((m: { index: number }) => m.index)).toEqual([...indices].reverse());
    const one = await call(fake, `/chat/v2/Services/${S}/Channels/billing/Messages/${asc[10].sid}`);
    expect(one.json).toEqual(asc[10]);
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/ops/Messages/${asc[10].sid}`)).status).toBe(
      404,
    );
    expect((await call(fake, `/chat/v2/Services/${S}/Channels/billing/Messages?Order=sideways`)).status).toBe(
      400,
    );
  });

  it('keeps message authors when a member leaves', async () => {
    const messagesPath = `/chat/v2/Services/${S}/Channels/general/Messages?PageSize=10`;
    const before = (await call(fake, messagesPath)).json.messages.map((m: { from: string }) => m.from);
    expect(before).toContain('alice@example.com');
    await call(fake, `${userChannels('alice@example.com')}/general`, { method: 'DELETE' });
    expect((await call(fake, messagesPath)).json.messages.map((m: { from: string }) => m.from)).toEqual(
      before,
    );
  });

  it('gives created channels deterministic SIDs (the same after a reset)', async () => {
    const create = async () =>
      (await call(fake, `/chat/v2/Services/${S}/Channels`, { form: { FriendlyName: 'x' } })).json.sid;
    const first = await create();
    expect(first).toMatch(/^CH[0-9a-f]{32}$/);
    expect(await create()).not.toBe(first);
    fake.reset();
    expect(await create()).toBe(first);
  });

  it('a fully-read horizon equals the newest message index', async () => {
    const opsForAlice = (await call(fake, `${userChannels('alice@example.com')}/ops`)).json;
    const newest = (await call(fake, `/chat/v2/Services/${S}/Channels/ops/Messages?Order=desc&PageSize=1`))
      .json.messages[0];
    expect(opsForAlice.last_consumed_message_index).toBe(newest.index);
    expect(opsForAlice.unread_messages_count).toBe(0);
  });
});

describe('authentication', () => {
  it('needs Basic credentials: none → 401 / 20003', async () => {
    const { status, json, headers } = await call(fake, userChannels('alice@example.com'), {
      authorization: null,
    });
    expect(status).toBe(401);
    expect(json).toMatchObject({ code: 20003, status: 401 });
    expect(headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await call(fake, userChannels('alice@example.com'), { authorization: 'Bearer x' })).status).toBe(
      401,
    );
  });

  it('echoes an AC… username as the account SID when no credentials are configured', async () => {
    const account = `AC${'1'.repeat(32)}`;
    const { json } = await call(fake, userChannels('alice@example.com'), {
      authorization: basicAuth(account, 'x'),
    });
    expect(json.channels[0].account_sid).toBe(account);
  });

  it('checks configured credentials exactly and answers with their account SID', async () => {
    const accountSid = `AC${'a'.repeat(32)}`;
    const strict = createFakeTwilio({
      auth: { accountSid, username: `SK${'b'.repeat(32)}`, password: 'secret' },
    });
    const path = userChannels('alice@example.com');
    expect(
      (await call(strict, path, { authorization: basicAuth(`SK${'b'.repeat(32)}`, 'secret') })).json
        .channels[0].account_sid,
    ).toBe(accountSid);
    for (const authorization of [
      basicAuth(`SK${'b'.repeat(32)}`, 'Secret'),
      basicAuth(accountSid, 'secret'),
      basicAuth('', ''),
    ]) {
      const { status, json } = await call(strict, path, { authorization });
      expect(status).toBe(401);
      expect(json.code).toBe(20003);
    }
  });
});

describe('knobs, faults and the request log', () => {
  const path = userChannels('alice@example.com');

  it('are all off by default', () => {
    expect(fake.knobs).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      failureRate: 0,
      rate429: 0,
      writeLimits: false,
      faults: [],
    });
  });

  it('failureRate 1 answers every request with 500 / 20500; rate429 1 with 429 / 20429', async () => {
    fake.knobs.failureRate = 1;
    expect((await call(fake, path)).json).toMatchObject({ status: 500, code: 20500 });
    fake.knobs.failureRate = 0;
    fake.knobs.rate429 = 1;
    expect((await call(fake, path)).json).toMatchObject({ status: 429, code: 20429 });
    fake.knobs.rate429 = 0;
    expect((await call(fake, path)).status).toBe(200);
  });

  it('a failed mutation changes nothing', async () => {
    fake.knobs.failureRate = 1;
    await call(fake, `${path}/general`, { form: { NotificationLevel: 'muted' } });
    fake.knobs.failureRate = 0;
    expect((await call(fake, `${path}/general`)).json.notification_level).toBe('default');
  });

  describe('with Math.random pinned', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('fails the given share of requests: failureRate 0.3 fails a draw of 0.29, serves 0.31', async () => {
      fake.knobs.failureRate = 0.3;
      vi.spyOn(Math, 'random').mockReturnValue(0.29);
      expect((await call(fake, path)).status).toBe(500);
      vi.spyOn(Math, 'random').mockReturnValue(0.31);
      expect((await call(fake, path)).status).toBe(200);
    });

    it('adds jitter on top of latency: latency 20 + jitter 80 at a draw of 0.5 waits ~60 ms', async () => {
      fake.knobs.latencyMs = 20;
      fake.knobs.jitterMs = 80;
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const started = performance.now();
      await call(fake, path);
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    });
  });

  it('adds latency', async () => {
    fake.knobs.latencyMs = 60;
    const started = performance.now();
    await call(fake, path);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('faults match on method and path, fire `times` times, and carry Retry-After', async () => {
    const added = await fake.fetch(
      new Request('http://fake.test/__fake/faults', {
        method: 'POST',
        body: JSON.stringify({
          method: 'POST',
          pathIncludes: '/Channels/general',
          status: 429,
          retryAfter: 2,
          times: 2,
        }),
      }),
    );
    expect(added.status).toBe(201);
    expect((await call(fake, `${path}/general`)).status).toBe(200); // GET: not matched
    for (let i = 0; i < 2; i++) {
      const hit = await call(fake, `${path}/general`, { form: { NotificationLevel: 'muted' } });
      expect(hit.status).toBe(429);
      expect(hit.json.code).toBe(20429);
      expect(hit.headers.get('retry-after')).toBe('2');
    }
    expect((await call(fake, `${path}/general`, { form: { NotificationLevel: 'muted' } })).status).toBe(200);
    expect(fake.knobs.faults).toEqual([]);
  });

  it('a fault matches a decoded path too, and stays until cleared without `times`', async () => {
    fake.knobs.faults.push({
      pathIncludes: 'zoë smith',
      status: 503,
      code: 20503,
      message: 'Down for maintenance',
    });
    for (let i = 0; i < 3; i++) {
      expect((await call(fake, userChannels(SEED.users.zoe.identity))).json).toEqual({
        code: 20503,
        message: 'Down for maintenance',
        more_info: 'https://www.twilio.com/docs/errors/20503',
        status: 503,
      });
    }
    expect(
      (await fake.fetch(new Request('http://fake.test/__fake/faults', { method: 'DELETE' }))).status,
    ).toBe(204);
    expect((await call(fake, userChannels(SEED.users.zoe.identity))).status).toBe(200);
  });

  it('logs method, raw path, query, form body, user and status', async () => {
    await call(fake, `${path}?PageSize=2`);
    await call(fake, `${path}/general`, { form: { LastConsumedMessageIndex: '' } });
    await call(fake, path, { authorization: null });
    expect(fake.log.map(({ time, ...rest }) => rest)).toEqual([
      { method: 'GET', path, query: { PageSize: '2' }, body: null, user: SEED.accountSid, status: 200 },
      {
        method: 'POST',
        path: `${path}/general`,
        query: {},
        body: { LastConsumedMessageIndex: '' },
        user: SEED.accountSid,
        status: 200,
      },
      { method: 'GET', path, query: {}, body: null, user: null, status: 401 },
    ]);
    const fromEndpoint = await (await fake.fetch(new Request('http://fake.test/__fake/log'))).json();
    expect(fromEndpoint.entries).toHaveLength(3);
    await fake.fetch(new Request('http://fake.test/__fake/log', { method: 'DELETE' }));
    expect(fake.log).toHaveLength(0);
  });

  it('PUT /__fake/knobs patches knobs and rejects bad values with a readable message', async () => {
    const put = (body: string) =>
      fake.fetch(new Request('http://fake.test/__fake/knobs', { method: 'PUT', body }));
    const ok = await put(JSON.stringify({ rate429: 0.5 }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ rate429: 0.5, failureRate: 0 });
    const bad = await put(JSON.stringify({ failureRate: 2 }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/failureRate/);
    expect((await put('{')).status).toBe(400);
    expect((await put(JSON.stringify({ latency: 5 }))).status).toBe(400);
    expect(fake.knobs.failureRate).toBe(0);
  });

  it('POST /__fake/reset restores the seed, turns knobs off (in place) and empties the log', async () => {
    const { knobs } = fake;
    const { faults } = fake.knobs;
    await call(fake, `${path}/general`, { method: 'DELETE' });
    fake.knobs.latencyMs = 5;
    fake.knobs.faults.push({ status: 500 });
    expect((await fake.fetch(new Request('http://fake.test/__fake/reset', { method: 'POST' }))).status).toBe(
      204,
    );
    expect(fake.knobs).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      failureRate: 0,
      rate429: 0,
      writeLimits: false,
      faults: [],
    });
    expect(fake.knobs).toBe(knobs);
    expect(fake.knobs.faults).toBe(faults);
    expect(fake.log).toHaveLength(0);
    expect((await call(fake, path)).json.channels).toHaveLength(6);
  });

  it('unknown control endpoints and wrong methods are 404 / 405', async () => {
    expect((await fake.fetch(new Request('http://fake.test/__fake/nope'))).status).toBe(404);
    expect((await call(fake, `/chat/v2/Services/${S}`, { method: 'DELETE' })).status).toBe(405);
  });

  it('reads knobs from the environment, with a clear error for a bad value', () => {
    expect(knobsFromEnv({ FAKE_TWILIO_LATENCY_MS: '100', FAKE_TWILIO_429_RATE: '0.1' })).toEqual({
      latencyMs: 100,
      rate429: 0.1,
    });
    expect(knobsFromEnv({})).toEqual({});
    expect(() => knobsFromEnv({ FAKE_TWILIO_FAILURE_RATE: '1.5' })).toThrow(/FAKE_TWILIO_FAILURE_RATE=1.5/);
    expect(() => knobsFromEnv({ FAKE_TWILIO_JITTER_MS: 'lots' })).toThrow(/FAKE_TWILIO_JITTER_MS/);
  });

  it('takes initial knobs from options, and reset returns to them', async () => {
    const slow = createFakeTwilio({ knobs: { rate429: 1 } });
    expect((await call(slow, path)).status).toBe(429);
    slow.knobs.rate429 = 0;
    slow.reset();
    expect(slow.knobs.rate429).toBe(1);
  });
});
