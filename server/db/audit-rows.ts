import { actionOf } from '../audit/query.ts';
import type { AuditEntry } from '../audit/trail.ts';
import type { Queryable } from './database.ts';

// The audit_entries table's rows and the trail's entries, both ways: what the trail writes and every history read.

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

export type Row = {
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

export const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

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

export function entryOf(row: Row): AuditEntry {
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
