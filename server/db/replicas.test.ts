import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../mocks/seed.ts';
import { startFakeTwilioServer } from '../../mocks/standalone-server.ts';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../node-server.ts';
import { ACCOUNT_SID, AUTH_TOKEN, basic, EDITOR, liveEnv, writeAgentsFile } from '../testing.ts';
import { postgresForTests, startTestPostgres, type TestPostgres } from './testing-postgres.ts';

// Two Horizon servers on one real PostgreSQL (started here), in front of one fake Twilio: they share the history and
// the schedules. (Two servers in this test process, each with its own pools and pg-boss: what a replica shares with
// another is only the database.)

const SERVICE = SEED.services.support.sid;
const membership = (channel: string) =>
  `/api/chat/v2/Services/${SERVICE}/Users/${encodeURIComponent(SEED.users.alice.identity)}/Channels/${channel}`;

const binaries = postgresForTests();

describe.skipIf(!binaries)('two replicas on one PostgreSQL', () => {
  let server: TestPostgres;
  let fake: Awaited<ReturnType<typeof startFakeTwilioServer>>;
  let dir: string;
  let url: string;
  const running: RunningServer[] = [];

  async function replica(name: string): Promise<RunningServer> {
    const config = loadConfig({
      ...liveEnv(fake.url, join(dir, 'agents.json'), join(dir, `${name}-audit.jsonl`)),
      DATABASE_URL: url,
    });
    const started = await startServer(config, { log: () => undefined });
    running.push(started);
    return started;
  }

  const call = (on: RunningServer, method: string, path: string, body?: string, type?: string) =>
    fetch(`${on.url}${path}`, {
      method,
      body,
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        Origin: on.url,
        'X-Horizon-Client': 'console',
        ...(type ? { 'Content-Type': type } : {}),
      },
    });

  beforeAll(async () => {
    server = await startTestPostgres();
    url = await server.createDatabase('replicas');
    fake = await startFakeTwilioServer({
      port: 0,
      auth: { accountSid: ACCOUNT_SID, username: ACCOUNT_SID, password: AUTH_TOKEN },
    });
    dir = await mkdtemp(join(tmpdir(), 'horizon-replicas-'));
    await writeAgentsFile(dir);
  }, 60_000);

  afterAll(async () => {
    for (const one of running) await one.stop(500).catch(() => undefined);
    await fake?.close();
    await server?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('a change through one is in the other’s history; a schedule due while its replica is down runs once on the other', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const general = SEED.channels.general.sid;
    const billing = SEED.channels.billing.sid;

    const muted = await call(
      a,
      'POST',
      membership(general),
      'NotificationLevel=muted',
      'application/x-www-form-urlencoded',
    );
    expect(muted.status).toBe(200);
    await expect
      .poll(async () => {
        const page = (await (await call(b, 'GET', `/api/history?channel=${general}`)).json()) as {
          entries: { params: Record<string, string> }[];
        };
        return page.entries.map((entry) => entry.params.NotificationLevel);
      })
      .toEqual(['muted']);

    const until = new Date(Date.now() + 4000).toISOString();
    const scheduled = await call(
      a,
      'POST',
      '/api/schedules/timed-mute',
      JSON.stringify({ paths: [membership(billing)], until }),
      'application/json',
    );
    const [result] = ((await scheduled.json()) as { results: { schedule: { id: string } }[] }).results;
    const id = result?.schedule.id as string;
    await a.stop(500);
    fake.fake.log.clear();

    await expect
      .poll(async () => (await b.scheduler.get(id))?.state, { timeout: 25_000, interval: 250 })
      .toBe('done');
    const restores = [...fake.fake.log].filter((entry) => entry.method === 'POST');
    expect(restores).toHaveLength(1);
    expect(String(restores[0]?.path)).toContain(billing);
    const { entries } = await b.store.trail.query({ channel: billing });
    expect(entries[0]).toMatchObject({
      scheduleId: id,
      agent: EDITOR.name,
      outcome: 'forwarded',
      status: 200,
    });
  }, 60_000);
});
