import { randomUUID } from 'node:crypto';
import { actionOf, DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from '../audit/query.ts';
import type { AuditEntry, AuditPage, AuditQuery, AuditResult, AuditTrail } from '../audit/trail.ts';
import type { Database, Queryable } from './database.ts';

// The audit trail on PostgreSQL (PGlite by default, a server with DATABASE_URL). Each begin/finish/refuse is one
// autocommitted statement: it resolves after COMMIT. A write that fails marks the store faulted: ready() then
// rejects (the change path answers 503) until a probe write succeeds again, without a restart.

const COLUMNS = [
  'id',
  'time',
  'agent',
  'role',
  'method',
  'path',
  'product',
  'service',
  'user_segment',
  'user_sid',
  'channel_segment',
  'channel_sid',
  'action',
  'params',
  'before',
  'after',
  'outcome',
  'refusal',
  'status',
  'error_code',
  'reason',
  'revert_of',
  'schedule_id',
  'instance',
] as const;

const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = {
  time: 'timestamptz',
  params: 'jsonb',
  before: 'jsonb',
  after: 'jsonb',
};

type Row = {
  id: string;
  time: Date | string;
  agent: string | null;
  role: AuditEntry['role'];
  method: string;
  path: string;
  product: AuditEntry['product'];
  service: string | null;
  user_segment: string | null;
  user_sid: string | null;
  channel_segment: string | null;
  channel_sid: string | null;
  params: Record<string, string>;
  before: unknown;
  after: unknown;
  outcome: AuditEntry['outcome'];
  refusal: string | null;
  status: number | null;
  error_code: number | null;
  reason: string | null;
  revert_of: string | null;
  schedule_id: string | null;
};

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

function rowValues(entry: AuditEntry, instance: string | null): unknown[] {
  return [
    entry.id,
    entry.time,
    entry.agent,
    entry.role,
    entry.method,
    entry.path,
    entry.product,
    entry.service,
    entry.user,
    entry.userSid,
    entry.channel,
    entry.channelSid,
    actionOf(entry),
    json(entry.params ?? {}),
    json(entry.before),
    json(entry.after),
    entry.outcome,
    entry.refusal,
    entry.status,
    entry.errorCode,
    entry.reason,
    entry.revertOf,
    entry.scheduleId,
    instance,
  ];
}

/** Inserts entries as given (ids already present are skipped): the trail, the JSONL import and the bench use it. */
export async function insertEntries(
  db: Queryable,
  entries: readonly AuditEntry[],
  instance: string | null = null,
): Promise<void> {
  if (entries.length === 0) return;
  const params: unknown[] = [];
  const tuples = entries.map((entry) => {
    const values = rowValues(entry, instance);
    const placeholders = values.map((value, index) => {
      params.push(value);
      const cast = CASTS[COLUMNS[index] as (typeof COLUMNS)[number]];
      return `$${params.length}${cast ? `::${cast}` : ''}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  await db.query(
    `insert into audit_entries (${COLUMNS.join(', ')}) values ${tuples.join(', ')} on conflict (id) do nothing`,
    params,
  );
}

function entryOf(row: Row): AuditEntry {
  return {
    id: row.id,
    time: row.time instanceof Date ? row.time.toISOString() : new Date(row.time).toISOString(),
    agent: row.agent,
    role: row.role,
    method: row.method,
    path: row.path,
    product: row.product,
    service: row.service,
    user: row.user_segment,
    userSid: row.user_sid,
    channel: row.channel_segment,
    channelSid: row.channel_sid,
    params: row.params ?? {},
    before: row.before ?? null,
    after: row.after ?? null,
    outcome: row.outcome,
    refusal: row.refusal,
    status: row.status,
    errorCode: row.error_code,
    reason: row.reason,
    revertOf: row.revert_of,
    scheduleId: row.schedule_id,
  };
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The SELECT for one history page, newest first (by time, then id: ids sort by creation too). User and channel match the segment as sent OR the SID; an OR across two indexes
 * would read every match before sorting, so each alternative is its own index range (newest first, LIMIT), and the
 * page is the newest of their union. That keeps a page at a few index reads however long a user's history is.
 */
export function historySql(query: AuditQuery): { text: string; params: unknown[]; limit: number } {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_AUDIT_LIMIT, 1), MAX_AUDIT_LIMIT);
  const params: unknown[] = [];
  const param = (value: unknown, cast = '') => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const common: string[] = [];
  if (query.service) common.push(`service = ${param(query.service)}`);
  if (query.agent) common.push(`agent = ${param(query.agent)}`);
  // A substring, as agents remember a ticket; LIKE's own wildcards in it are matched as themselves.
  if (query.reason) common.push(`reason ilike ${param(`%${query.reason.replace(/[\\%_]/g, '\\$&')}%`)}`);
  if (query.action) {
    common.push(
      METHODS.has(query.action) ? `method = ${param(query.action)}` : `action = ${param(query.action)}`,
    );
  }
  if (query.outcome) common.push(`outcome = ${param(query.outcome)}`);
  if (query.from) common.push(`time >= ${param(query.from, '::timestamptz')}`);
  if (query.to) common.push(`time < ${param(query.to, '::timestamptz')}`);
  // The cursor is the last id a page returned; its time is looked up, so the keyset uses the (…, time, id) indexes.
  if (query.cursor) {
    const cursor = param(query.cursor);
    common.push(`(time, id) < ((select time from audit_entries where id = ${cursor}), ${cursor})`);
  }

  let branches: string[][] = [[]];
  const either = (value: string | undefined, columns: [string, string]) => {
    if (!value) return;
    const placeholder = param(value);
    branches = branches.flatMap((branch) =>
      columns.map((column) => [...branch, `${column} = ${placeholder}`]),
    );
  };
  either(query.user, ['user_segment', 'user_sid']);
  either(query.channel, ['channel_segment', 'channel_sid']);

  const take = param(limit + 1);
  const newestFirst = 'order by time desc, id desc';
  const select = (conditions: string[]) =>
    `select * from audit_entries${conditions.length ? ` where ${conditions.join(' and ')}` : ''} ` +
    `${newestFirst} limit ${take}`;
  if (branches.length === 1)
    return { text: select([...common, ...(branches[0] as string[])]), params, limit };
  const union = branches.map((branch) => `(${select([...common, ...branch])})`).join(' union all ');
  // A row can match two alternatives (segment and SID are the same string): keep it once.
  return {
    text: `select * from (select distinct on (id) * from (${union}) as hits) as once ${newestFirst} limit ${take}`,
    params,
    limit,
  };
}

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
    await this.write(() => insertEntries(this.db, [{ ...entry, outcome: 'pending' }], this.instance));
    this.options.mirror?.(JSON.stringify({ kind: 'intent', entry }));
  }

  async finish(id: string, result: AuditResult): Promise<void> {
    await this.write(async () => {
      const { rows } = await this.db.query(
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
    });
    this.options.mirror?.(JSON.stringify({ kind: 'outcome', id, result }));
  }

  async refuse(entry: AuditEntry): Promise<void> {
    await this.write(() => insertEntries(this.db, [{ ...entry, outcome: 'refused' }]));
    this.options.mirror?.(JSON.stringify({ kind: 'refusal', entry }));
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
