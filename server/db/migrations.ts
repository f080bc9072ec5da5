import type { Database } from './database.ts';

// Versioned schema changes, applied in order at start inside one transaction. A replica starting at the same time
// waits on the advisory lock and then finds them applied. Never edit a released migration: add the next one.

export type Migration = { version: number; name: string; sql: string };

/** Any fixed number: the lock every Horizon process takes while it changes the schema (migrations, pg-boss's setup). */
const MIGRATION_LOCK = 7_346_001;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit trail',
    sql: `
      create table audit_entries (
        id text primary key,
        time timestamptz not null,
        agent text,
        role text,
        method text not null,
        path text not null,
        product text,
        service text,
        user_segment text,
        user_sid text,
        channel_segment text,
        channel_sid text,
        action text not null,
        params jsonb not null,
        before jsonb,
        after jsonb,
        outcome text not null check (outcome in ('pending', 'forwarded', 'refused', 'unknown')),
        refusal text,
        status integer,
        error_code integer,
        reason text,
        revert_of text,
        schedule_id text,
        -- The process that wrote the intent, so a restart marks only its own unfinished intents 'unknown'.
        instance text
      );
      -- Every history query is "newest first" within one of these: an equality, then a time range and the page's
      -- keyset (time, id) on the same index, read backwards.
      create index audit_by_user on audit_entries (user_segment, time, id);
      create index audit_by_user_sid on audit_entries (user_sid, time, id) where user_sid is not null;
      create index audit_by_channel on audit_entries (channel_segment, time, id);
      create index audit_by_channel_sid on audit_entries (channel_sid, time, id) where channel_sid is not null;
      create index audit_by_agent on audit_entries (agent, time, id);
      create index audit_by_time on audit_entries (time, id);
      create index audit_pending on audit_entries (instance) where outcome = 'pending';
      create index audit_by_schedule on audit_entries (schedule_id) where schedule_id is not null;

      -- One row per Horizon process that wrote here, touched by the health probe.
      create table horizon_instances (instance text primary key, seen_at timestamptz not null);
      -- One-off imports done (the JSONL audit file of earlier versions).
      create table horizon_imports (name text primary key, entries integer not null, imported_at timestamptz not null);
    `,
  },
  {
    version: 2,
    name: 'schedules',
    sql: `
      -- A scheduled change (a timed mute running out): what to put back, where, when, for whom. The job that runs it
      -- lives in pg-boss's own schema; this row is what agents see and what the job checks before acting.
      create table schedules (
        id text primary key,
        kind text not null,
        path text not null,
        service text,
        user_segment text,
        channel_segment text,
        set_level text not null,
        expect_level text not null,
        run_at timestamptz not null,
        agent text not null,
        reason text,
        state text not null check (state in ('scheduled', 'done', 'skipped', 'failed', 'cancelled')),
        result text,
        job_id text,
        created_at timestamptz not null default now(),
        finished_at timestamptz
      );
      create index schedules_by_user on schedules (user_segment, run_at) where state = 'scheduled';
      create index schedules_by_channel on schedules (channel_segment, run_at) where state = 'scheduled';
    `,
  },
  {
    version: 3,
    name: 'no-change outcome',
    sql: `
      -- A change that would set what the record already holds is not sent; its entry says 'unchanged'.
      alter table audit_entries drop constraint audit_entries_outcome_check;
      alter table audit_entries add constraint audit_entries_outcome_check
        check (outcome in ('pending', 'forwarded', 'refused', 'unknown', 'unchanged'));
    `,
  },
];

/** Applies the migrations this database lacks; returns the versions applied now. */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      `create table if not exists horizon_migrations (
         version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const { rows } = await tx.query<{ version: number }>('select version from horizon_migrations');
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into horizon_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}

/**
 * Runs `work` holding the schema lock on a connection of its own: pg-boss's setup (its schema, then the queue's
 * partition) deadlocked when two replicas started at once, so they take turns, as migrations do.
 */
export async function withSchemaLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  const connection = await db.connect();
  let broken = false;
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {
        // A lost connection has dropped its session locks with it.
        broken = true;
      });
    }
  } finally {
    connection.release(broken);
  }
}
