import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { basic, EDITOR, type LiveSetup, startLive, VIEWER } from './testing.ts';

// Timed mute over the real server, its embedded database and pg-boss: mute now through the audited path, put each
// row's own value back at the time as the agent who scheduled it, and never overwrite a membership changed since.

const SERVICE = SEED.services.support.sid;
const ALICE = SEED.users.alice;
const membership = (channel: string) =>
  `/api/chat/v2/Services/${SERVICE}/Users/${encodeURIComponent(ALICE.identity)}/Channels/${channel}`;

let live: LiveSetup;

beforeAll(async () => {
  live = await startLive();
}, 30_000);
afterAll(async () => {
  await live?.close();
});
beforeEach(() => {
  live.fake.fake.reset();
});

function send(method: string, path: string, body?: unknown, agent = EDITOR) {
  return fetch(`${live.horizon.url}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: {
      Authorization: basic(agent.name, agent.password),
      'Content-Type': 'application/json',
      Origin: live.horizon.url,
      'X-Horizon-Client': 'console',
    },
  });
}

async function level(channel: string): Promise<string> {
  const response = await send('GET', membership(channel));
  return ((await response.json()) as { notification_level: string }).notification_level;
}

type Result = { path: string; state: string; message?: string; schedule?: { id: string; state: string } };

async function timedMute(channels: string[], untilMs: number) {
  const response = await send('POST', '/api/schedules/timed-mute', {
    paths: channels.map(membership),
    until: new Date(Date.now() + untilMs).toISOString(),
    reason: 'weekend',
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { results: Result[] }).results;
}

const scheduleState = async (id: string) => (await live.horizon.scheduler.get(id))?.state;

describe('timed mute', () => {
  it('mutes now and puts the previous value back at the time, as the agent who scheduled it', async () => {
    const general = SEED.channels.general.sid;
    const [result] = await timedMute([general], 4000);
    expect(result).toMatchObject({ state: 'scheduled', schedule: { state: 'scheduled' } });
    expect(await level(general)).toBe('muted');
    const id = result?.schedule?.id as string;
    expect((await (await send('GET', `/api/schedules?channel=${general}`)).json()) as object).toMatchObject({
      schedules: [{ id, setLevel: 'default', agent: EDITOR.name }],
    });

    await expect.poll(() => scheduleState(id), { timeout: 20_000, interval: 250 }).toBe('done');
    expect(await level(general)).toBe('default');
    const { entries } = await live.horizon.store.trail.query({ channel: general });
    expect(entries[0]).toMatchObject({
      agent: EDITOR.name,
      scheduleId: id,
      reason: 'weekend',
      params: { NotificationLevel: 'default' },
      outcome: 'forwarded',
      status: 200,
    });
  }, 30_000);

  it('leaves a membership changed in between as it is, and says why in the history', async () => {
    const general = SEED.channels.general.sid;
    const [result] = await timedMute([general], 4000);
    const id = result?.schedule?.id as string;
    // Someone unmutes and mutes it again by hand... then sets it to default: not what the timed mute left.
    const manual = await fetch(`${live.horizon.url}${membership(general)}`, {
      method: 'POST',
      body: 'NotificationLevel=default',
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(manual.status).toBe(200);
    live.fake.fake.log.clear();
    await expect.poll(() => scheduleState(id), { timeout: 20_000, interval: 250 }).toBe('skipped');
    expect([...live.fake.fake.log].filter((entry) => entry.method === 'POST')).toEqual([]);
    const { entries } = await live.horizon.store.trail.query({ channel: general, outcome: 'refused' });
    expect(entries[0]).toMatchObject({
      scheduleId: id,
      refusal: expect.stringMatching(/changed after the timed mute/),
    });
  }, 30_000);

  it('sends nothing for a row already muted, and cancels a schedule that has not run', async () => {
    const ops = SEED.channels.ops.sid;
    const billing = SEED.channels.billing.sid;
    live.fake.fake.log.clear();
    const [already, scheduled] = await timedMute([ops, billing], 3_600_000);
    expect(already).toMatchObject({ state: 'already-muted' });
    expect(
      [...live.fake.fake.log].filter((entry) => entry.method === 'POST').map((entry) => entry.path),
    ).toEqual([expect.stringContaining(billing)]);
    const id = scheduled?.schedule?.id as string;
    // Moved the way the console's fetch layer sends it (form-encoded).
    const later = new Date(Date.now() + 7_200_000).toISOString();
    const moved = await fetch(`${live.horizon.url}/api/schedules/${id}`, {
      method: 'POST',
      body: new URLSearchParams({ until: later }).toString(),
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(moved.status).toBe(200);
    expect((await live.horizon.scheduler.get(id))?.runAt).toBe(later);
    const cancelled = await send('DELETE', `/api/schedules/${id}`);
    expect(cancelled.status).toBe(200);
    expect(await scheduleState(id)).toBe('cancelled');
    expect((await send('DELETE', `/api/schedules/${id}`)).status).toBe(404);
  });

  it('refuses viewers, a time in the past and paths that are not memberships, and sends nothing', async () => {
    live.fake.fake.log.clear();
    const general = membership(SEED.channels.general.sid);
    const viewer = await send(
      'POST',
      '/api/schedules/timed-mute',
      { paths: [general], until: '2099-01-01T00:00:00Z' },
      VIEWER,
    );
    expect(viewer.status).toBe(403);
    const past = await send('POST', '/api/schedules/timed-mute', {
      paths: [general],
      until: '2020-01-01T00:00:00Z',
    });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { message: string }).message).toBe('until must be in the future');
    const [odd] = await timedMute(['../../etc'], 60_000);
    expect(odd).toMatchObject({ state: 'refused' });
    expect([...live.fake.fake.log].filter((entry) => entry.method === 'POST')).toEqual([]);
  });
});

describe('a timed mute whose end keeps failing at Twilio', () => {
  let quick: LiveSetup;
  beforeAll(async () => {
    // Two retries, 1 s then about 2 s apart: the same path as the default six, 10 s apart, in a test's time.
    quick = await startLive({ env: { SCHEDULE_RETRY_LIMIT: '2', SCHEDULE_RETRY_DELAY_SECONDS: '1' } });
  }, 30_000);
  afterAll(async () => {
    await quick?.close();
  });

  it('is retried with backoff, then reported failed in its list and in the history, with why', async () => {
    const general = SEED.channels.general.sid;
    const post = (path: string, body: unknown) =>
      fetch(`${quick.horizon.url}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          Authorization: basic(EDITOR.name, EDITOR.password),
          'Content-Type': 'application/json',
          Origin: quick.horizon.url,
          'X-Horizon-Client': 'console',
        },
      });
    const muted = await post('/api/schedules/timed-mute', {
      paths: [membership(general)],
      until: new Date(Date.now() + 4000).toISOString(),
      reason: 'ZD-1',
    });
    expect(muted.status, await muted.clone().text()).toBe(200);
    const [result] = ((await muted.json()) as { results: Result[] }).results;
    const id = result?.schedule?.id as string;
    quick.fake.fake.knobs.faults.push({ method: 'POST', pathIncludes: general, status: 500, code: 20500 });

    await expect
      .poll(async () => (await quick.horizon.scheduler.get(id))?.state, { timeout: 25_000, interval: 250 })
      .toBe('failed');
    const posts = [...quick.fake.fake.log].filter((entry) => entry.method === 'POST' && entry.status === 500);
    expect(posts).toHaveLength(3);
    const schedule = await quick.horizon.scheduler.get(id);
    expect(schedule?.result).toMatch(/^Twilio kept failing \(3 tries\): 500/);

    const list = async (query: string) =>
      (
        (await (
          await fetch(`${quick.horizon.url}/api/schedules?${query}`, {
            headers: { Authorization: basic(EDITOR.name, EDITOR.password) },
          })
        ).json()) as { schedules: { id: string; state: string }[] }
      ).schedules;
    expect(await list(`channel=${general}`)).toEqual([]);
    expect(await list(`channel=${general}&finished=1`)).toMatchObject([{ id, state: 'failed' }]);

    const { entries } = await quick.horizon.store.trail.query({ channel: general, outcome: 'refused' });
    expect(entries[0]).toMatchObject({
      scheduleId: id,
      agent: EDITOR.name,
      reason: 'ZD-1',
      status: 502,
      refusal: expect.stringMatching(/^timed mute not undone: Twilio kept failing \(3 tries\)/),
    });
  }, 40_000);
});
