import type { AuditEntry, AuditPage, AuditQuery } from './trail.ts';

// What every audit store means by its query's filters, named actions and cursor (the JSONL store applies these in
// memory; a database store may translate them to SQL, and the contract suite checks both agree).

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 500;

/** The action an agent would name: 'mute', 'unmute', 'read-position', 'remove', else the HTTP method. */
export function actionOf(entry: Pick<AuditEntry, 'method' | 'params'>): string {
  if (entry.method === 'DELETE') return 'remove';
  if (entry.params.NotificationLevel === 'muted') return 'mute';
  if (entry.params.NotificationLevel === 'default') return 'unmute';
  if ('LastConsumedMessageIndex' in entry.params || 'LastReadMessageIndex' in entry.params)
    return 'read-position';
  return entry.method;
}

export function matchesQuery(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.service && entry.service !== query.service) return false;
  if (query.user && entry.user !== query.user && entry.userSid !== query.user) return false;
  if (query.channel && entry.channel !== query.channel && entry.channelSid !== query.channel) return false;
  if (query.agent && entry.agent !== query.agent) return false;
  if (query.reason && !entry.reason?.toLowerCase().includes(query.reason.toLowerCase())) return false;
  if (query.action && entry.method !== query.action && actionOf(entry) !== query.action) return false;
  if (query.outcome && entry.outcome !== query.outcome) return false;
  if (query.from && entry.time < query.from) return false;
  if (query.to && entry.time >= query.to) return false;
  return true;
}

/**
 * Newest first from entries in creation order (ids sort by time). The cursor is the last id a page returned, so a
 * page never repeats or skips an entry while new ones arrive.
 */
export function pageOf(matching: readonly AuditEntry[], query: AuditQuery): AuditPage {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_AUDIT_LIMIT, 1), MAX_AUDIT_LIMIT);
  const entries: AuditEntry[] = [];
  for (let index = matching.length - 1; index >= 0 && entries.length <= limit; index--) {
    const entry = matching[index] as AuditEntry;
    if (query.cursor && entry.id >= query.cursor) continue;
    entries.push(structuredClone(entry));
  }
  const more = entries.length > limit;
  if (more) entries.length = limit;
  return { entries, nextCursor: more ? (entries[entries.length - 1] as AuditEntry).id : null };
}
