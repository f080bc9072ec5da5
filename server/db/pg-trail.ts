import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditPage, AuditQuery, AuditResult, AuditTrail } from '../audit/trail.ts';
import { entryOf, insertEntries, json, type Row } from './audit-rows.ts';
import type { Database, Queryable } from './database.ts';
import { createGroupCommit } from './group-commit.ts';
import { historySql } from './history-sql.ts';

// The audit trail on PostgreSQL (PGlite by default, a server with DATABASE_URL). Each begin/finish/refuse resolves
// after the COMMIT that holds it; the writes of a burst share commits (group-commit.ts). A write that fails marks
// the store faulted: ready() then rejects (the change path answers 503) until a probe write succeeds again, without
// a restart.

type TrailWrite =
  | { kind: 'intent' | 'refusal'; entry: AuditEntry }
  | { kind: 'outcome'; id: string; result: AuditResult };

export type PostgresTrailOptions = {
  /** This process's name in the intents it writes; unique per process (a new one each start by default). */
  instance?: string;
  log?: (line: string) => void;
  /** Each intent, outcome and refusal as a JSON line once written (AUDIT_LOG_STDOUT: a copy for the log collector). */
  mirror?: ((line: string) => void) | null;
};

export class PostgresAuditTrail implements AuditTrail {
  readonly instance: string;
  private opening: Promise<void> | null = null;
  private fault: unknown = null;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Server only: the connection holding this instance's advisory lock, which tells other replicas we are alive. */
  private lockHolder: Awaited<ReturnType<Database['connect']>> | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: PostgresTrailOptions = {},
  ) {
    this.instance = options.instance ?? randomUUID();
  }

  async ready(): Promise<void> {
    if (this.closed) throw new Error('audit trail is closed');
    // A failed open is retried at the next call: a database that comes back needs no restart.
    this.opening ??= this.open().catch((error) => {
      this.opening = null;
      throw error;
    });
    await this.opening;
    if (this.fault) await this.probe();
  }

  async begin(entry: AuditEntry): Promise<void> {
    await this.write(() => this.commit({ kind: 'intent', entry }));
    this.options.mirror?.(JSON.stringify({ kind: 'intent', entry }));
  }

  async finish(id: string, result: AuditResult): Promise<void> {
    await this.write(() => this.commit({ kind: 'outcome', id, result }));
    this.options.mirror?.(JSON.stringify({ kind: 'outcome', id, result }));
  }

  async refuse(entry: AuditEntry): Promise<void> {
    await this.write(() => this.commit({ kind: 'refusal', entry }));
    this.options.mirror?.(JSON.stringify({ kind: 'refusal', entry }));
  }

  /** One write alone in its own statement; several in one transaction: intents and refusals first, then outcomes. */
  private readonly commit = createGroupCommit<TrailWrite>((writes) =>
    writes.length === 1 ? this.apply(this.db, writes) : this.db.transaction((tx) => this.apply(tx, writes)),
  );

  private async apply(db: Queryable, writes: readonly TrailWrite[]): Promise<void> {
    const entries = (kind: 'intent' | 'refusal') =>
      writes.flatMap((write) => (write.kind === kind ? [write.entry] : []));
    await insertEntries(
      db,
      entries('intent').map((entry) => ({ ...entry, outcome: 'pending' })),
      this.instance,
    );
    await insertEntries(
      db,
      entries('refusal').map((entry) => ({ ...entry, outcome: 'refused' })),
    );
    for (const write of writes) {
      if (write.kind !== 'outcome') continue;
      const { id, result } = write;
      const { rows } = await db.query(
        `update audit_entries
            set outcome = $2, after = $3::jsonb, status = $4, error_code = $5, refusal = $6,
                user_sid = coalesce($7, user_sid), channel_sid = coalesce($8, channel_sid)
          where id = $1
          returning id`,
        [
          id,
          result.outcome,
          json(result.after),
          result.status,
          result.errorCode,
          result.refusal,
          result.userSid,
          result.channelSid,
        ],
      );
      if (rows.length === 0) throw new Error(`audit entry ${id} has no recorded intent`);
    }
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    const { text, params, limit } = historySql(query);
    const { rows } = await this.db.query<Row>(text, params);
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(entryOf);
    return { entries, nextCursor: more ? (entries[entries.length - 1] as AuditEntry).id : null };
  }

  async get(id: string): Promise<AuditEntry | null> {
    const { rows } = await this.db.query<Row>('select * from audit_entries where id = $1', [id]);
    return rows[0] ? entryOf(rows[0]) : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    const holder = this.lockHolder;
    this.lockHolder = null;
    if (holder) {
      await holder.query('select pg_advisory_unlock_all()').catch(() => undefined);
      holder.release();
    }
  }

  private async write(work: () => Promise<void>): Promise<void> {
    if (this.closed) throw new Error('audit trail is closed');
    const running = work().catch((error: unknown) => {
      this.fault = error;
      this.options.log?.(`audit store write failed: ${(error as Error).message}`);
      throw error;
    });
    this.inFlight.add(running);
    try {
      await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  /** A real write: the store is healthy again only when it can commit. */
  private async probe(): Promise<void> {
    await this.holdInstanceLock();
    await this.db.query(
      `insert into horizon_instances (instance, seen_at) values ($1, now())
       on conflict (instance) do update set seen_at = excluded.seen_at`,
      [this.instance],
    );
    this.fault = null;
  }

  private async open(): Promise<void> {
    await this.probe();
    await this.markAbandonedIntents();
  }

  /** An intent whose process is gone never gets its outcome: it reads 'unknown' (it may have reached Twilio). */
  private async markAbandonedIntents(): Promise<void> {
    if (this.db.kind === 'pglite') {
      // One process per data folder: every pending intent from before this start is abandoned.
      await this.db.query(
        `update audit_entries set outcome = 'unknown' where outcome = 'pending' and instance is distinct from $1`,
        [this.instance],
      );
      return;
    }
    // On a server, other replicas are alive while they hold their instance lock; only dead ones' intents are swept.
    const holder = this.lockHolder as NonNullable<typeof this.lockHolder>;
    const { rows } = await this.db.query<{ instance: string }>(
      `select distinct instance from audit_entries where outcome = 'pending' and instance <> $1`,
      [this.instance],
    );
    for (const { instance } of rows) {
      const { rows: got } = await holder.query<{ free: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as free',
        [instance],
      );
      if (!got[0]?.free) continue;
      await this.db.query(
        `update audit_entries set outcome = 'unknown' where outcome = 'pending' and instance = $1`,
        [instance],
      );
      await holder.query('select pg_advisory_unlock(hashtextextended($1, 0))', [instance]);
    }
  }

  private async holdInstanceLock(): Promise<void> {
    if (this.db.kind === 'pglite') return;
    if (this.lockHolder) {
      try {
        await this.lockHolder.query('select 1');
        return;
      } catch {
        this.lockHolder.release(true);
        this.lockHolder = null;
      }
    }
    const holder = await this.db.connect();
    try {
      await holder.query('select pg_advisory_lock(hashtextextended($1, 0))', [this.instance]);
    } catch (error) {
      holder.release(true);
      throw error;
    }
    this.lockHolder = holder;
  }
}
