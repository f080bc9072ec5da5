// `npx tsx bench/history.ts`: the history database's figures (issue 16), on embedded PGlite and on a PostgreSQL 15
// server started for the run (skipped without the binaries). Not part of `npm test`; results go to BENCHMARKS.md.
//
//   --entries=1000000   history size (default 1,000,000)
//   --queries=200       queries per kind (p50/p95 over these)
//   --writes=2000       changes per write-throughput run (begin + finish, each its own commit)
//   --only=pglite|postgres
//
// History: users 2,000 (a few hot ones hold a large share), channels 5,000, agents 40, one year of changes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditEntry } from '../server/audit/trail-contract.ts';
import type { AuditQuery } from '../server/audit/trail.ts';
import { type Database, openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrations.ts';
import { PostgresAuditTrail } from '../server/db/pg-trail.ts';
import { Scheduler } from '../server/db/schedules.ts';
import { postgresBinaries, startTestPostgres } from '../server/db/testing-postgres.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '200' },
    writes: { type: 'string', default: '2000' },
    only: { type: 'string' },
    schedules: { type: 'string', default: '30' },
  },
});
const ENTRIES = Number(values.entries);
const QUERIES = Number(values.queries);
const WRITES = Number(values.writes);
const USERS = 2000;
const CHANNELS = 5000;
const AGENTS = 40;
const YEAR_START = Date.parse('2025-11-29T00:00:00Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Fills the history in SQL (generate_series), in the trail's own columns. Ids keep the trail's rule (they sort by
 * time): the time in ms as 12 hex digits plus the row number. Users: every 10th change is one of 20 hot users.
 */
async function fill(db: Database): Promise<void> {
  const chunk = 100_000;
  for (let start = 1; start <= ENTRIES; start += chunk) {
    const end = Math.min(start + chunk - 1, ENTRIES);
    await db.query(
      `insert into audit_entries (id, time, agent, role, method, path, product, service, user_segment, user_sid,
         channel_segment, channel_sid, action, params, before, after, outcome, status)
       select lpad(to_hex(ms), 12, '0') || '-' || lpad(to_hex(i), 8, '0'), to_timestamp(ms / 1000.0), 'agent' || (i % $3),
         'editor', 'POST', '/api/chat/v2/Services/IS1/Users/u/Channels/c', 'chat-v2', 'IS1', 'user' || u || '@example.com',
         'US' || lpad(u::text, 32, '0'), 'CH' || lpad(ch::text, 32, '0'), 'CH' || lpad(ch::text, 32, '0'),
         case when i % 2 = 0 then 'mute' else 'unmute' end,
         jsonb_build_object('NotificationLevel', case when i % 2 = 0 then 'muted' else 'default' end),
         '{"notification_level":"default"}'::jsonb, '{"notification_level":"muted"}'::jsonb, 'forwarded', 200
       from (select i, $4::bigint + (i::bigint * $5::bigint / $6::bigint) as ms,
                    case when i % 10 = 0 then i % 20 else (i::bigint * 7919) % $7 end as u,
                    (i::bigint * 104729) % $8 as ch
               from generate_series($1::int, $2::int) as i) as g`,
      [start, end, AGENTS, YEAR_START, YEAR_MS, ENTRIES, USERS, CHANNELS],
    );
    process.stdout.write(`\r  filled ${end.toLocaleString('en')} / ${ENTRIES.toLocaleString('en')}`);
  }
  process.stdout.write('\n');
  await db.query('analyze audit_entries');
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

async function timeQueries(trail: PostgresAuditTrail, make: (i: number) => AuditQuery) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    const page = await trail.query(make(i));
    times.push(performance.now() - started);
    rows += page.entries.length;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), meanRows: rows / QUERIES };
}

async function writeThroughput(trail: PostgresAuditTrail, concurrency: number) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < WRITES) {
      next++;
      const entry = auditEntry({ user: 'bench-writer', agent: 'bench' });
      await trail.begin(entry);
      await trail.finish(entry.id, {
        outcome: 'forwarded',
        after: { notification_level: 'muted' },
        status: 200,
        errorCode: null,
        refusal: null,
        userSid: 'US1',
        channelSid: 'CH1',
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return WRITES / ((performance.now() - started) / 1000);
}

async function measure(label: string, db: Database) {
  await migrate(db);
  const filling = performance.now();
  await fill(db);
  console.log(`  fill + analyze: ${((performance.now() - filling) / 1000).toFixed(0)} s`);
  const trail = new PostgresAuditTrail(db);
  await trail.ready();
  const user = (i: number) => `user${i % 3 === 0 ? i % 20 : (i * 31) % USERS}@example.com`;
  const channel = (i: number) => `CH${String((i * 17) % CHANNELS).padStart(32, '0')}`;
  const week = (i: number) => {
    const from = YEAR_START + ((i * 7 * 24 * 3600 * 1000) % (YEAR_MS - 7 * 24 * 3600 * 1000));
    return { from: new Date(from).toISOString(), to: new Date(from + 7 * 24 * 3600 * 1000).toISOString() };
  };
  const results: Record<string, { p50: number; p95: number; meanRows: number }> = {
    'by user (identity or SID)': await timeQueries(trail, (i) => ({ user: user(i), limit: 50 })),
    'by channel': await timeQueries(trail, (i) => ({ channel: channel(i), limit: 50 })),
    'by agent + week': await timeQueries(trail, (i) => ({
      agent: `agent${i % AGENTS}`,
      ...week(i),
      limit: 50,
    })),
    'user + channel': await timeQueries(trail, (i) => ({ user: user(i), channel: channel(i), limit: 50 })),
  };
  // Page 5: a real cursor from the user's fourth page.
  const deepTimes: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    let cursor: string | undefined;
    for (let page = 0; page < 4; page++)
      cursor = (await trail.query({ user: user(i), limit: 50, cursor })).nextCursor ?? undefined;
    const started = performance.now();
    await trail.query({ user: user(i), limit: 50, cursor });
    deepTimes.push(performance.now() - started);
  }
  deepTimes.sort((a, b) => a - b);
  results['by user, page 5'] = {
    p50: percentile(deepTimes, 50),
    p95: percentile(deepTimes, 95),
    meanRows: 50,
  };
  console.log(`\n${label}: history of ${ENTRIES.toLocaleString('en')} entries, ${QUERIES} queries each (ms)`);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(28)} p50 ${r.p50.toFixed(2).padStart(7)}  p95 ${r.p95.toFixed(2).padStart(7)}  rows ${r.meanRows.toFixed(1)}`,
    );
  }
  const one = await writeThroughput(trail, 1);
  const fifty = await writeThroughput(trail, 50);
  console.log(
    `  audit writes (begin + finish, a commit each): ${one.toFixed(0)} changes/s at 1, ${fifty.toFixed(0)} at 50 concurrent`,
  );
  await trail.close();
}

/**
 * Schedule lateness: schedules due 1–4 s ahead on PGlite with pg-boss at Horizon's polling interval; lateness = when
 * the change was made − when it was due. The change itself is a no-op here (Twilio's time is not the scheduler's).
 */
async function scheduleLateness(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-bench-schedules-'));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db);
  const ranAt = new Map<string, number>();
  const scheduler = new Scheduler({
    db,
    access: {
      level: async () => 'muted',
      setLevel: async (_path, _level, as) => {
        ranAt.set(as.scheduleId, Date.now());
      },
      recordSkip: async () => undefined,
    },
  });
  await scheduler.start();
  const count = Number(values.schedules);
  const due = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const runAt = new Date(Date.now() + 1000 + ((i * 97) % 3000));
    const schedule = await scheduler.create({
      path: `/api/chat/v2/Services/IS1/Users/u${i}/Channels/CH1`,
      service: 'IS1',
      user: `u${i}`,
      channel: 'CH1',
      setLevel: 'default',
      expectLevel: 'muted',
      runAt,
      agent: 'bench',
      reason: null,
    });
    due.set(schedule.id, runAt.getTime());
  }
  while (ranAt.size < count) await new Promise((resolve) => setTimeout(resolve, 100));
  const late = [...due].map(([id, at]) => ((ranAt.get(id) as number) - at) / 1000).sort((a, b) => a - b);
  console.log(
    `Schedule lateness (PGlite, ${count} schedules): p50 ${percentile(late, 50).toFixed(2)} s, p95 ${percentile(late, 95).toFixed(2)} s, max ${(late.at(-1) as number).toFixed(2)} s`,
  );
  await scheduler.stop();
  await db.close();
  await rm(dir, { recursive: true, force: true });
}

if (values.only === 'schedules' || !values.only) await scheduleLateness();
if (values.only === 'schedules') process.exit(0);

if (values.only !== 'postgres') {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-bench-pglite-'));
  const db = await openDatabase({ dataDir: dir });
  console.log(`PGlite in ${dir}`);
  try {
    await measure('PGlite', db);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
if (values.only !== 'pglite') {
  if (!postgresBinaries()) console.log('PostgreSQL binaries missing: server figures skipped');
  else {
    const server = await startTestPostgres();
    const db = await openDatabase({
      url: await server.createDatabase('bench'),
      dataDir: '',
      maxConnections: 10,
    });
    try {
      await measure('PostgreSQL 15 (pool of 10 connections)', db);
    } finally {
      await db.close();
      await server.remove();
    }
  }
}
