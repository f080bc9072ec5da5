import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Database } from './database.ts';
import { withSchemaLock } from './migrations.ts';

// Scheduled changes (a timed mute running out) on pg-boss: the job sits in the database, so it survives restarts,
// runs once across replicas (pg-boss hands a job to one worker: SELECT … FOR UPDATE SKIP LOCKED) and is retried with
// backoff when Twilio fails. The `schedules` row is what agents see; the job checks it before acting, and never
// overwrites a membership someone changed after the timed mute.

export const TIMED_MUTE_QUEUE = 'timed-mute-restore';
/** Twilio failures (5xx, 429, timeouts) are retried this often, 10 s, 20 s, 40 s… apart, then reported as failed. */
export const RETRY_LIMIT = 6;
const RETRY_DELAY_SECONDS = 10;

export type ScheduleState = 'scheduled' | 'done' | 'skipped' | 'failed' | 'cancelled';

export type Schedule = {
  id: string;
  kind: 'timed-mute';
  path: string;
  service: string | null;
  user: string | null;
  channel: string | null;
  /** The value put back at `runAt` (the membership's own previous level) and the one it must still hold then. */
  setLevel: string;
  expectLevel: string;
  runAt: string;
  agent: string;
  reason: string | null;
  state: ScheduleState;
  result: string | null;
};

/** How the scheduler reads and changes a membership: the proxy's upstream and the audited change path. */
export type MembershipAccess = {
  /** The membership's notification level now, or null when it no longer exists; throws on a Twilio failure. */
  level(path: string): Promise<string | null>;
  /** Sets it through the audited change path, recorded as `agent` with `scheduleId`; throws on a Twilio failure. */
  setLevel(
    path: string,
    level: string,
    as: { agent: string; scheduleId: string; reason: string | null },
  ): Promise<void>;
  /**
   * Records in the history why a schedule did nothing (refused entry with the schedule's id): 409 when the membership
   * was changed since, 502 when Twilio kept failing.
   */
  recordSkip(
    path: string,
    why: string,
    as: { agent: string; scheduleId: string; reason: string | null },
    status?: 409 | 502,
  ): Promise<void>;
};

type Row = {
  id: string;
  kind: 'timed-mute';
  path: string;
  service: string | null;
  user_segment: string | null;
  channel_segment: string | null;
  set_level: string;
  expect_level: string;
  run_at: Date | string;
  agent: string;
  reason: string | null;
  state: ScheduleState;
  result: string | null;
  job_id: string | null;
};

const scheduleOf = (row: Row): Schedule => ({
  id: row.id,
  kind: row.kind,
  path: row.path,
  service: row.service,
  user: row.user_segment,
  channel: row.channel_segment,
  setLevel: row.set_level,
  expectLevel: row.expect_level,
  runAt: new Date(row.run_at).toISOString(),
  agent: row.agent,
  reason: row.reason,
  state: row.state,
  result: row.result,
});

/** A failure worth retrying (Twilio 5xx, 429, a timeout): the job throws it and pg-boss tries again later. */
export class RetryableError extends Error {}

export type SchedulerOptions = {
  /** The database, or how to wait for it (a server starting: the scheduler starts once it is open). */
  db: Database | (() => Promise<Database>);
  /** A server: pg-boss gets its own pool (LISTEN/NOTIFY and all). Unset: PGlite, through pg-boss's `db` adapter. */
  databaseUrl?: string | null;
  access: MembershipAccess;
  log?: (line: string) => void;
  /** How often an idle worker looks for due jobs (pg-boss polls); lateness is at most about this. */
  pollingIntervalSeconds?: number;
  /** Twilio failures are retried this often (RETRY_LIMIT by default), the first after this many seconds (doubling). */
  retry?: { limit: number; delaySeconds: number };
};

type Running = { db: Database; boss: PgBoss };

export class Scheduler {
  private running: Promise<Running> | null = null;

  constructor(private readonly options: SchedulerOptions) {}

  /** Starts pg-boss and the worker; calls made meanwhile wait for it. */
  async start(): Promise<void> {
    this.running ??= this.launch();
    await this.running;
  }

  private async launch(): Promise<Running> {
    const { databaseUrl } = this.options;
    const db = typeof this.options.db === 'function' ? await this.options.db() : this.options.db;
    const boss = databaseUrl
      ? new PgBoss({ connectionString: databaseUrl, max: 4 })
      : new PgBoss({
          db: {
            executeSql: (text, values) => (values?.length ? db.query(text, values) : db.exec(text)),
          },
        });
    boss.on('error', (error) => this.options.log?.(`schedules: ${error.message}`));
    const retry = this.retry;
    const queue = { retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: true };
    await withSchemaLock(db, async () => {
      await boss.start();
      const existing = await boss.getQueue(TIMED_MUTE_QUEUE);
      if (!existing) await boss.createQueue(TIMED_MUTE_QUEUE, { name: TIMED_MUTE_QUEUE, ...queue });
      // A queue made by an earlier start keeps its options otherwise.
      else if (existing.retryLimit !== queue.retryLimit || existing.retryDelay !== queue.retryDelay)
        await boss.updateQueue(TIMED_MUTE_QUEUE, { name: TIMED_MUTE_QUEUE, ...queue });
    });
    const running = { db, boss };
    // A batch per poll (a single job per poll made a burst of schedules due together minutes late); each job
    // fails on its own (retried with backoff), the rest of the batch completes.
    await boss.work<{ scheduleId: string }>(
      TIMED_MUTE_QUEUE,
      {
        pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2,
        includeMetadata: true,
        batchSize: 20,
      },
      async (jobs) => {
        const outcomes = await Promise.allSettled(
          jobs.map((job) =>
            this.run(running, job.data.scheduleId, job.retryCount >= retry.limit, job.retryCount + 1),
          ),
        );
        await Promise.all(
          outcomes.map((outcome, index) =>
            outcome.status === 'rejected'
              ? boss.fail(TIMED_MUTE_QUEUE, (jobs[index] as { id: string }).id, {
                  message: (outcome.reason as Error).message,
                })
              : undefined,
          ),
        );
      },
    );
    return running;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    const boss = (await running?.catch(() => null))?.boss;
    // Graceful: a running job finishes (its row records what it did); a due job waits for the next start or replica.
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  private get retry() {
    return this.options.retry ?? { limit: RETRY_LIMIT, delaySeconds: RETRY_DELAY_SECONDS };
  }

  private async started(): Promise<Running> {
    if (!this.running) throw new Error('schedules are not running');
    return this.running;
  }

  /** Records the schedule and its job; the membership must already hold `expectLevel` (the change made now). */
  async create(
    input: Omit<Schedule, 'id' | 'kind' | 'runAt' | 'state' | 'result'> & { runAt: Date },
  ): Promise<Schedule> {
    const id = randomUUID();
    const { db } = await this.started();
    const { rows } = await db.query<Row>(
      `insert into schedules (id, kind, path, service, user_segment, channel_segment, set_level, expect_level, run_at,
         agent, reason, state)
       values ($1, 'timed-mute', $2, $3, $4, $5, $6, $7, $8::timestamptz, $9, $10, 'scheduled') returning *`,
      [
        id,
        input.path,
        input.service,
        input.user,
        input.channel,
        input.setLevel,
        input.expectLevel,
        input.runAt.toISOString(),
        input.agent,
        input.reason,
      ],
    );
    await this.enqueue(id, input.runAt);
    return scheduleOf(rows[0] as Row);
  }

  private async enqueue(id: string, runAt: Date): Promise<void> {
    const { db, boss } = await this.started();
    const jobId = await boss.send(TIMED_MUTE_QUEUE, { scheduleId: id }, { startAfter: runAt });
    await db.query('update schedules set job_id = $2 where id = $1', [id, jobId]);
  }

  async get(id: string): Promise<Schedule | null> {
    const { db } = await this.started();
    const { rows } = await db.query<Row>('select * from schedules where id = $1', [id]);
    return rows[0] ? scheduleOf(rows[0]) : null;
  }

  /**
   * Schedules still to run, soonest first, for a user and/or channel (as sent); with `finished`, also those that
   * failed or did nothing in the last 7 days (what the drawer reports), after them.
   */
  async list(filter: {
    user?: string;
    channel?: string;
    limit?: number;
    finished?: boolean;
  }): Promise<Schedule[]> {
    const { db } = await this.started();
    const { rows } = await db.query<Row>(
      `select * from schedules
        where (state = 'scheduled'
               or ($4 and state in ('failed', 'skipped') and finished_at > now() - interval '7 days'))
          and ($1::text is null or user_segment = $1) and ($2::text is null or channel_segment = $2)
        order by state <> 'scheduled', run_at limit $3`,
      [filter.user ?? null, filter.channel ?? null, filter.limit ?? 200, filter.finished ?? false],
    );
    return rows.map(scheduleOf);
  }

  /** Cancels a schedule that has not run; null when there is none (unknown, or already run). */
  async cancel(id: string, by: string): Promise<Schedule | null> {
    const { db, boss } = await this.started();
    const { rows } = await db.query<Row>(
      `update schedules set state = 'cancelled', result = $2, finished_at = now()
        where id = $1 and state = 'scheduled' returning *`,
      [id, `cancelled by ${by}`],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.job_id) await boss.cancel(TIMED_MUTE_QUEUE, row.job_id);
    return scheduleOf(row);
  }

  /** Moves a schedule that has not run to another time. */
  async reschedule(id: string, runAt: Date): Promise<Schedule | null> {
    const { db, boss } = await this.started();
    const { rows } = await db.query<Row>(
      `update schedules set run_at = $2::timestamptz where id = $1 and state = 'scheduled' returning *`,
      [id, runAt.toISOString()],
    );
    const row = rows[0];
    if (!row) return null;
    // The old job finds nothing to do if it is already running; cancelled, it never will.
    if (row.job_id) await boss.cancel(TIMED_MUTE_QUEUE, row.job_id);
    await this.enqueue(id, runAt);
    return this.get(id);
  }

  /** The job: put the previous value back, unless the membership changed since (then say why and leave it). */
  private async run({ db }: Running, id: string, lastAttempt: boolean, attempt: number): Promise<void> {
    const finish = (state: ScheduleState, result: string) =>
      db.query(
        `update schedules set state = $2, result = $3, finished_at = now() where id = $1 and state = 'scheduled'`,
        [id, state, result],
      );
    const { rows } = await db.query<Row>('select * from schedules where id = $1', [id]);
    const schedule = rows[0] ? scheduleOf(rows[0]) : null;
    if (schedule?.state !== 'scheduled') return;
    const as = { agent: schedule.agent, scheduleId: id, reason: schedule.reason };
    const { access } = this.options;
    try {
      const now = await access.level(schedule.path);
      if (now === null) {
        await finish('skipped', 'the membership no longer exists');
        await access.recordSkip(schedule.path, 'timed mute not undone: the membership no longer exists', as);
        return;
      }
      if (now !== schedule.expectLevel) {
        const why = `left as ${now}: the membership was changed after the timed mute`;
        await finish('skipped', why);
        await access.recordSkip(schedule.path, `timed mute not undone: ${why}`, as);
        return;
      }
      await access.setLevel(schedule.path, schedule.setLevel, as);
      await finish('done', `set back to ${schedule.setLevel}`);
    } catch (error) {
      const message = (error as Error).message;
      if (error instanceof RetryableError && !lastAttempt) {
        await db.query('update schedules set result = $2 where id = $1', [id, `retrying: ${message}`]);
        throw error;
      }
      const why =
        error instanceof RetryableError ? `Twilio kept failing (${attempt} tries): ${message}` : message;
      await finish('failed', why);
      this.options.log?.(`schedule ${id} failed: ${why}`);
      // The history says so too: the agent looking there sees the value was not put back, and why.
      await access
        .recordSkip(schedule.path, `timed mute not undone: ${why}`, as, 502)
        .catch((recording: Error) => this.options.log?.(`schedule ${id}: ${recording.message}`));
    }
  }
}
