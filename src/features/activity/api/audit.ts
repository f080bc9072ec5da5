import { queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client.ts';
import { membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';

/** Horizon's audit entry (server/audit/trail.ts), the fields the console shows; anything else passes through unread. */
export const auditEntrySchema = z.looseObject({
  time: z.string(),
  agent: z.nullable(z.string()),
  role: z.nullish(z.string()),
  method: z.string(),
  path: z.string(),
  user: z.nullable(z.string()),
  channel: z.nullable(z.string()),
  channelSid: z.nullish(z.string()),
  params: z.record(z.string(), z.string()),
  before: z.unknown(),
  after: z.unknown(),
  outcome: z.enum(['pending', 'forwarded', 'refused', 'unknown', 'unchanged']),
  refusal: z.nullable(z.string()),
  status: z.nullable(z.int()),
  errorCode: z.nullable(z.int()),
  reason: z.nullish(z.string()),
  scheduleId: z.nullish(z.string()),
});

export type AuditEntry = z.infer<typeof auditEntrySchema>;

const auditListSchema = z.object({ entries: z.array(auditEntrySchema) });

/**
 * Under the user's membership key on purpose: the refresh after a change (membership-mutations' onSettled)
 * refetches the trail too, so a change the agent just made appears without polling.
 */
export function auditQuery(ref: UserRef, channel: string | null, limit: number) {
  return queryOptions({
    queryKey: [...membershipKeys.user(ref), 'audit', channel ?? '*', limit] as const,
    queryFn: async ({ signal }) => {
      // The history (GET /api/history): the same trail, with the filters the history page uses.
      const body = await api.getJson('history', auditListSchema, {
        query: { service: ref.service, user: ref.user, channel: channel ?? undefined, limit },
        signal,
      });
      return body.entries;
    },
    staleTime: 0,
  });
}

/** One field an audited change touched: its name as the console says it, and its value before and after. */
export interface AuditFieldChange {
  field: string;
  before: string;
  after: string;
}

const FIELDS: Record<string, { label: string; record: string[] }> = {
  NotificationLevel: { label: 'Notifications', record: ['notification_level'] },
  LastConsumedMessageIndex: { label: 'Read position', record: ['last_consumed_message_index'] },
  LastReadMessageIndex: { label: 'Read position', record: ['last_read_message_index'] },
  LastConsumptionTimestamp: { label: 'Last read time', record: [] },
  LastReadTimestamp: { label: 'Last read time', record: [] },
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'not set';
  if (value === 'muted') return 'Muted';
  if (value === 'default') return 'Default';
  return String(value);
}

function field(record: unknown, names: string[]): unknown {
  if (!record || typeof record !== 'object') return undefined;
  for (const name of names) if (name in record) return (record as Record<string, unknown>)[name];
  return undefined;
}

export function describeAudit(entry: AuditEntry): {
  what: string;
  changes: AuditFieldChange[];
  failed: string | null;
} {
  const failed =
    entry.outcome === 'unknown'
      ? 'Outcome unknown: Horizon stopped before Twilio answered. Check the channel before trying again'
      : entry.outcome === 'refused'
        ? entry.scheduleId
          ? `Scheduled change not made: ${entry.refusal ?? 'no reason recorded'}`
          : `Refused by Horizon: ${entry.refusal ?? 'not allowed'}`
        : entry.status !== null && (entry.status < 200 || entry.status >= 300)
          ? `Twilio answered ${entry.status}${entry.errorCode ? ` (error ${entry.errorCode})` : ''}; nothing changed`
          : null;
  if (entry.method === 'DELETE') return { what: 'Removed from the channel', changes: [], failed };
  const changes: AuditFieldChange[] = [];
  for (const [param, sent] of Object.entries(entry.params)) {
    const known = FIELDS[param];
    if (!known) {
      changes.push({ field: param, before: '—', after: show(sent) });
      continue;
    }
    const before = field(entry.before, known.record);
    const after = failed ? before : field(entry.after, known.record);
    changes.push({
      field: known.label,
      before: known.record.length === 0 ? '—' : show(before),
      after: known.record.length === 0 || after === undefined ? show(sent) : show(after),
    });
  }
  return { what: changes.length ? 'Changed' : 'Change', changes, failed };
}
