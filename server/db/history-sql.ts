import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT } from '../audit/query.ts';
import type { AuditQuery } from '../audit/trail.ts';

// The history query builder: one history page's SELECT on audit_entries, plain parameterised SQL for both engines.

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
