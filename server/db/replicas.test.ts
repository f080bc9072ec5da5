import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../mocks/seed.ts';
import { startFakeTwilioServer } from '../../mocks/standalone-server.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  basic,
  EDITOR,
  liveEnv,
  startHorizonProcess,
  writeAgentsFile,
} from '../testing.ts';
import { postgresForTests, startTestPostgres, type TestPostgres } from './testing-postgres.ts';

// Two Horizon replicas as two real processes (`server/main.ts`, as `npm run serve` starts it), each on its own
// loopback port, on one real PostgreSQL (started here), in front of one fake Twilio (served from this process, so
// both see the same Twilio state and the test reads the one request log). What they share is only the database.

const SERVICE = SEED.services.support.sid;
const ALICE = SEED.users.alice.identity;
const membership = (channel: string) =>
  `/api/chat/v2/Services/${SERVICE}/Users/${encodeURIComponent(ALICE)}/Channels/${channel}`;

type Replica = ReturnType<typeof startHorizonProcess> & { url: string };
type HistoryEntry = {
  id: string;
  params: Record<string, string>;
  outcome: string;
  scheduleId: string | null;
};

describe.skipIf(!postgresForTests())('two replicas (two processes) on one PostgreSQL', () => {
  let postgres: TestPostgres | undefined;
  let fake: Awaited<ReturnType<typeof startFakeTwilioServer>> | undefined;
  let sql: pg.Client | undefined;
  let dir = '';
  const replicas: Replica[] = [];
  let a: Replica;
  let b: Replica;

  async function replica(name: string, databaseUrl: string, agentsFile: string): Promise<Replica> {
    const started = startHorizonProcess({
      ...liveEnv((fake as NonNullable<typeof fake>).url, agentsFile, join(dir, `${name}-audit.jsonl`)),
      DATABASE_URL: databaseUrl,
    });
    replicas.push(started as Replica);
    const url = await started.listening;
    return Object.assign(started, { url });
  }

  const call = (on: Replica, method: string, path: string, json?: unknown) =>
    fetch(`${on.url}${path}`, {
      method,
      body: json === undefined ? undefined : JSON.stringify(json),
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        Origin: on.url,
        'X-Horizon-Client': 'console',
        ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
    });

  const history = async (on: Replica, channel: string) => {
    const answer = await call(on, 'GET', `/api/history?channel=${channel}`);
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { entries: HistoryEntry[] }).entries;
  };

  const scheduleRow = async (id: string) =>
    (
      await (sql as pg.Client).query<{ state: string; job_id: string }>(
        'select state, job_id from schedules where id = $1',
        [id],
      )
    ).rows[0];

  /** The restoring writes Twilio received for a membership (NotificationLevel back to `default`). */
  const restores = (channel: string) =>
    (fake as NonNullable<typeof fake>).fake.log.filter(
      (entry) =>
        entry.method === 'POST' &&
        entry.path.endsWith(`/Channels/${channel}`) &&
        entry.body?.NotificationLevel === 'default',
    );

  async function timedMute(on: Replica, channel: string, until: Date): Promise<string> {
    const answer = await call(on, 'POST', '/api/schedules/timed-mute', {
      paths: [membership(channel)],
      until: until.toISOString(),
    });
    expect(answer.status).toBe(200);
    const { results } = (await answer.json()) as {
      results: { state: string; schedule?: { id: string } }[];
    };
    expect(results.map((result) => result.state)).toEqual(['scheduled']);
    return results[0]?.schedule?.id as string;
  }

  beforeAll(async () => {
    postgres = await startTestPostgres();
    const databaseUrl = await postgres.createDatabase('replicas');
    sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    fake = await startFakeTwilioServer({
      port: 0,
      auth: { accountSid: ACCOUNT_SID, username: ACCOUNT_SID, password: AUTH_TOKEN },
    });
    dir = await mkdtemp(join(tmpdir(), 'horizon-replicas-'));
    const agentsFile = await writeAgentsFile(dir);
    // Started together, as a deploy starts them: both migrate the empty database and start pg-boss at once.
    [a, b] = await Promise.all([
      replica('a', databaseUrl, agentsFile),
      replica('b', databaseUrl, agentsFile),
    ]);
  }, 120_000);

  afterAll(async () => {
    // Whatever failed above, no replica outlives the test: SIGKILL by pid, then the cluster and its folder go.
    for (const one of replicas) {
      if (one.child.exitCode === null && one.child.signalCode === null) {
        one.child.kill('SIGKILL');
        await one.exited;
      }
    }
    await sql?.end().catch(() => undefined);
    await fake?.close();
    await postgres?.remove();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('a change through A is in B’s history', async () => {
    const general = SEED.channels.general.sid;
    const muted = await fetch(`${a.url}${membership(general)}`, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        Origin: a.url,
        'X-Horizon-Client': 'console',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    });
    expect(muted.status).toBe(200);
    const id = muted.headers.get('x-horizon-audit-id');
    expect(id).toBeTruthy();
    const entries = await history(b, general);
    expect(entries.map((entry) => [entry.id, entry.params.NotificationLevel, entry.outcome])).toEqual([
      [id, 'muted', 'forwarded'],
    ]);
  }, 30_000);

  it('a schedule due while both run is carried out once', async () => {
    const billing = SEED.channels.billing.sid;
    // Due in 3 s: both replicas' workers poll for it (every 2 s), one gets it.
    const id = await timedMute(a, billing, new Date(Date.now() + 3000));
    await expect
      .poll(async () => (await scheduleRow(id))?.state, { timeout: 30_000, interval: 200 })
      .toBe('done');
    expect(restores(billing)).toHaveLength(1);
    const ran = (await history(b, billing)).filter((entry) => entry.scheduleId === id);
    expect(ran.map((entry) => [entry.params.NotificationLevel, entry.outcome])).toEqual([
      ['default', 'forwarded'],
    ]);
  }, 60_000);

  it('a schedule created on A, due while A is stopped, runs once on B', async () => {
    const untitled = SEED.channels.untitled.sid;
    // Due in an hour, so A cannot have run it before it stopped; once A has exited the test brings it forward in
    // the database, as if that hour had passed while A was down (the test's fake timer: no race with A's shutdown).
    const id = await timedMute(a, untitled, new Date(Date.now() + 3600_000));
    a.child.kill('SIGTERM');
    await a.exited;
    expect(a.child.exitCode, a.output()).toBe(0);
    const row = await scheduleRow(id);
    expect(row?.state).toBe('scheduled');
    await (sql as pg.Client).query('update schedules set run_at = now() where id = $1', [id]);
    const moved = await (sql as pg.Client).query(
      `update pgboss.job set start_after = now() where id = $1::uuid and state = 'created'`,
      [row?.job_id],
    );
    expect(moved.rowCount).toBe(1);

    await expect
      .poll(async () => (await scheduleRow(id))?.state, { timeout: 30_000, interval: 200 })
      .toBe('done');
    expect(restores(untitled)).toHaveLength(1);
    const ran = (await history(b, untitled)).filter((entry) => entry.scheduleId === id);
    expect(ran.map((entry) => [entry.params.NotificationLevel, entry.outcome])).toEqual([
      ['default', 'forwarded'],
    ]);
    // Written by B: its intent carries B's instance, not the one A's mute (the same schedule's first change) had.
    const { rows } = await (sql as pg.Client).query<{ id: string; instance: string }>(
      `select id, instance from audit_entries where $1 in (channel_segment, channel_sid) order by time`,
      [untitled],
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]?.instance).not.toBe(rows[0]?.instance);
  }, 60_000);
});
