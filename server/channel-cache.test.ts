import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { ChannelCache } from './channel-cache.ts';
import { basic, EDITOR, type LiveSetup, startLive, VIEWER } from './testing.ts';
import type { UpstreamResponse } from './upstream.ts';

const SERVICE = SEED.services.support.sid;
const BEE = SEED.users.busyBee.sid;

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

/** What the console asks for a Chat v2 lookup: the user, the first page of channels, then each channel's name. */
async function lookup(setup: LiveSetup, agent: { name: string; password: string }): Promise<string[]> {
  const headers = { Authorization: basic(agent.name, agent.password) };
  const base = `${setup.horizon.url}/api/chat/v2/Services/${SERVICE}`;
  expect((await fetch(`${base}/Users/${BEE}`, { headers })).status).toBe(200);
  const page = (await (await fetch(`${base}/Users/${BEE}/Channels?PageSize=50`, { headers })).json()) as {
    channels: { channel_sid: string }[];
  };
  const sids = page.channels.map((row) => row.channel_sid);
  for (let start = 0; start < sids.length; start += 6) {
    await Promise.all(
      sids.slice(start, start + 6).map(async (sid) => {
        const response = await fetch(`${base}/Channels/${sid}`, { headers });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }),
    );
  }
  return sids;
}

describe('the shared channel cache', () => {
  it("serves a second agent's lookup of the same user from the cache: at most 3 Twilio requests", async () => {
    const setup = await startLive();
    cleanup.push(() => setup.close());
    const sids = await lookup(setup, EDITOR);
    expect(sids).toHaveLength(50);
    const first = setup.fake.fake.log.length;
    expect(first).toBe(52);
    setup.fake.fake.log.clear();
    await lookup(setup, VIEWER);
    expect(setup.fake.fake.log.length).toBeLessThanOrEqual(3);

    // Horizon changes a membership in one channel: that channel alone is read again next time.
    const changed = sids[0] as string;
    const response = await fetch(
      `${setup.horizon.url}/api/chat/v2/Services/${SERVICE}/Users/${BEE}/Channels/${changed}`,
      {
        method: 'POST',
        body: 'NotificationLevel=muted',
        headers: {
          Authorization: basic(EDITOR.name, EDITOR.password),
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: setup.horizon.url,
          'X-Horizon-Client': 'console',
        },
      },
    );
    expect(response.status).toBe(200);
    setup.fake.fake.log.clear();
    await lookup(setup, VIEWER);
    const channelReads = setup.fake.fake.log.filter((entry) =>
      /\/Channels\/CH[0-9a-f]{32}$/.test(entry.path),
    );
    expect(channelReads.map((entry) => entry.path)).toEqual([
      `/chat/v2/Services/${SERVICE}/Channels/${changed}`,
    ]);
  });

  it('is off with CHANNEL_CACHE_SIZE=0: every lookup reads every channel', async () => {
    const setup = await startLive({ env: { CHANNEL_CACHE_SIZE: '0' } });
    cleanup.push(() => setup.close());
    await lookup(setup, EDITOR);
    setup.fake.fake.log.clear();
    await lookup(setup, VIEWER);
    expect(setup.fake.fake.log.length).toBe(52);
  });
});

describe('ChannelCache', () => {
  const answer = (sid: string): UpstreamResponse => ({
    status: 200,
    contentType: 'application/json',
    retryAfter: null,
    body: new TextEncoder().encode(
      JSON.stringify({ sid, unique_name: `u-${sid}` }),
    ) as Uint8Array<ArrayBuffer>,
  });

  it('keeps at most maxEntries, dropping the least recently used; reads again once stale', async () => {
    let now = 0;
    const cache = new ChannelCache(2, 1000, () => now);
    let loads = 0;
    const get = (sid: string) =>
      cache.fetch(sid, { service: 'IS1', channel: sid }, async () => {
        loads++;
        return answer(sid);
      });
    await get('CH1');
    await get('CH2');
    await get('CH1'); // CH1 is now the most recent
    await get('CH3'); // evicts CH2
    expect(loads).toBe(3);
    await get('CH1');
    expect(loads).toBe(3);
    await get('CH2');
    expect(loads).toBe(4);
    now = 1001;
    await get('CH2');
    expect(loads).toBe(5);
    expect(cache.stats.size).toBe(2);
  });

  it('shares one load between concurrent misses, does not keep errors, and drops by SID or unique name', async () => {
    const cache = new ChannelCache(10, 60_000);
    let loads = 0;
    const load = (status: number) => async () => {
      loads++;
      return { ...answer('CH1'), status };
    };
    await Promise.all(
      [1, 2, 3].map(() => cache.fetch('k', { service: 'IS1', channel: 'general' }, load(200))),
    );
    expect(loads).toBe(1);
    cache.drop('IS1', ['u-CH1']);
    await cache.fetch('k', { service: 'IS1', channel: 'general' }, load(200));
    expect(loads).toBe(2);
    cache.drop('IS2', ['CH1']); // another service: kept
    await cache.fetch('k', { service: 'IS1', channel: 'general' }, load(200));
    expect(loads).toBe(2);
    await cache.fetch('e', { service: 'IS1', channel: 'x' }, load(500));
    await cache.fetch('e', { service: 'IS1', channel: 'x' }, load(500));
    expect(loads).toBe(4);
  });
});
