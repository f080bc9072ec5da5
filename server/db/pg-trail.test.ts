import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../audit/trail.ts';
import { auditEntry, auditTrailContract } from '../audit/trail-contract.ts';
import { type Database, openDatabase } from './database.ts';
import { migrate } from './migrations.ts';
import { PostgresAuditTrail } from './pg-trail.ts';
import { freshPgliteDir } from './testing-pglite.ts';
import { postgresForTests, startTestPostgres, type TestPostgres } from './testing-postgres.ts';

// The PostgreSQL audit trail against the shared contract, on both engines it runs on: embedded PGlite (a data
// folder) and a real PostgreSQL server started for this file.

/** The outcome of a change Twilio accepted, with nothing learnt from its answer. */
const FORWARDED: AuditResult = {
  outcome: 'forwarded',
  after: null,
  status: 200,
  errorCode: null,
  refusal: null,
  userSid: null,
  channelSid: null,
};

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function embedded(): Promise<{ open: () => Promise<Database> }> {
  const dataDir = await freshPgliteDir();
  folders.push(dataDir);
  return { open: () => openDatabase({ dataDir }) };
}

async function trailOn(open: () => Promise<Database>) {
  let db = await open();
  await migrate(db);
  const trail = new PostgresAuditTrail(db);
  return {
    trail,
    reopen: async () => {
      // A restart: the process goes away with its intents unfinished, a new one opens the same store.
      await trail.close();
      await db.close();
      db = await open();
      await migrate(db);
      return new PostgresAuditTrail(db);
    },
  };
}

auditTrailContract('PostgreSQL on PGlite', async () => trailOn((await embedded()).open));

describe('group commit on PGlite', () => {
  it('writes a burst of 50 changes (intent, then outcome) in a handful of commits, every entry kept', async () => {
    const { open } = await embedded();
    const db = await open();
    await migrate(db);
    let commits = 0;
    // Every statement outside a transaction is a commit of its own, and so is every transaction.
    const counted: Database = {
      ...db,
      query: (text, params) => {
        commits += 1;
        return db.query(text, params);
      },
      transaction: (work) => {
        commits += 1;
        return db.transaction(work);
      },
    };
    const trail = new PostgresAuditTrail(counted);
    await trail.ready();
    commits = 0;
    const entries = Array.from({ length: 50 }, () => auditEntry());
    await Promise.all(
      entries.map(async (entry) => {
        await trail.begin(entry);
        await trail.finish(entry.id, FORWARDED);
      }),
    );
    expect(commits).toBeLessThanOrEqual(6);
    const stored = await db.query<{ outcome: string }>('select outcome from audit_entries');
    expect(stored.rows).toHaveLength(50);
    expect(new Set(stored.rows.map((row) => row.outcome))).toEqual(new Set(['forwarded']));
    await trail.close();
    await db.close();
  });
});

const binaries = postgresForTests();

describe.skipIf(!binaries)('on a real PostgreSQL server', () => {
  let server: TestPostgres;
  let databases = 0;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.remove();
  });

  auditTrailContract('PostgreSQL server', async () => {
    const url = await server.createDatabase(`contract_${++databases}`);
    return trailOn(() => openDatabase({ url, dataDir: '' }));
  });

  it('leaves a live replica’s intent pending and marks only a dead one’s unknown', async () => {
    const url = await server.createDatabase('replicas');
    const [one, two] = [await openDatabase({ url, dataDir: '' }), await openDatabase({ url, dataDir: '' })];
    await migrate(one);
    const alive = new PostgresAuditTrail(one);
    await alive.ready();
    const inFlight = auditEntry();
    await alive.begin(inFlight);
    const other = new PostgresAuditTrail(two);
    await other.ready();
    expect((await other.query({})).entries[0]).toMatchObject({ id: inFlight.id, outcome: 'pending' });

    await alive.close();
    await one.close();
    const third = new PostgresAuditTrail(two);
    await third.ready();
    expect((await third.query({})).entries[0]).toMatchObject({ id: inFlight.id, outcome: 'unknown' });
    await Promise.all([other.close(), third.close()]);
    await two.close();
  });

  it('refuses while the database is down and recovers without a restart', async () => {
    const url = await server.createDatabase('outage');
    const logged: string[] = [];
    const db = await openDatabase({ url, dataDir: '', onError: (error) => logged.push(error.message) });
    await migrate(db);
    const trail = new PostgresAuditTrail(db);
    await trail.ready();
    const before = auditEntry();
    await trail.begin(before);

    await server.stop();
    await expect(trail.begin(auditEntry())).rejects.toThrow();
    await expect(trail.ready()).rejects.toThrow();

    await server.start();
    await trail.ready();
    const after = auditEntry();
    await trail.begin(after);
    await trail.finish(after.id, FORWARDED);
    const ids = (await trail.query({})).entries.map((entry) => [entry.id, entry.outcome]);
    expect(ids).toEqual([
      [after.id, 'forwarded'],
      [before.id, 'pending'],
    ]);
    await trail.close();
    await db.close();
  }, 30_000);
});
