import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Agent } from './agents.ts';
import { actionOf, MAX_AUDIT_LIMIT } from './audit/query.ts';
import type { AuditEntry, AuditQuery, AuditTrail } from './audit/trail.ts';
import type { ChangePath } from './audited-change.ts';
import { revertOf } from './change-effect.ts';
import type { HorizonEnv } from './http-answers.ts';

// The history of every change made through Horizon (GET /api/history, also as GET /api/audit) and its export (GET /api/history/export), read
// from the audit trail, and revert from it (POST /api/history/:id/revert: a new change through the one change path,
// linked to the original). A sub-app: createApp mounts it under /api after sign-in, so only agents reach it.

const text = (max: number) => z.string().trim().min(1).max(max).optional();
const isoTime = z
  .string()
  .trim()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'from/to must be ISO dates or date-times')
  .transform((value) => new Date(value).toISOString())
  .optional();

export const historyQuerySchema = z.object({
  service: text(200),
  user: text(400),
  channel: text(400),
  agent: text(200),
  reason: text(200),
  action: z.enum(['mute', 'unmute', 'read-position', 'remove', 'POST', 'DELETE']).optional(),
  outcome: z.enum(['pending', 'forwarded', 'refused', 'unknown', 'unchanged']).optional(),
  from: isoTime,
  to: isoTime,
  cursor: z
    .string()
    .regex(/^[0-9a-z-]{1,64}$/, 'cursor must be a nextCursor from a previous page')
    .optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, `limit must be 1-${MAX_AUDIT_LIMIT}`)
    .max(MAX_AUDIT_LIMIT, `limit must be 1-${MAX_AUDIT_LIMIT}`)
    .optional(),
});

const exportSchema = historyQuerySchema.omit({ cursor: true, limit: true }).extend({
  format: z.enum(['csv', 'json'], { message: 'format must be csv or json' }).default('json'),
});

/** Export stops here: a history larger than this is narrowed with filters (the response says it was cut). */
export const EXPORT_MAX_ENTRIES = 50_000;

export type HistoryEntry = AuditEntry & { channelName: string | null };

const NAME_FIELDS = ['friendly_name', 'unique_name'] as const;

/** The channel's or conversation's name as the records Twilio returned around the change tell it (null if none did). */
export function channelNameOf(entry: AuditEntry): string | null {
  for (const record of [entry.after, entry.before]) {
    if (!record || typeof record !== 'object') continue;
    for (const field of NAME_FIELDS) {
      const value = (record as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.trim()) return value;
    }
  }
  return null;
}

const withName = (entry: AuditEntry): HistoryEntry => ({ ...entry, channelName: channelNameOf(entry) });

export const EXPORT_COLUMNS = [
  'id',
  'time',
  'agent',
  'action',
  'outcome',
  'service',
  'user',
  'user_sid',
  'channel',
  'channel_name',
  'channel_sid',
  'params',
  'status',
  'error_code',
  'refusal',
  'reason',
  'revert_of',
  'schedule_id',
] as const;

/** RFC 4180 field; text a spreadsheet would run as a formula gets a leading apostrophe (identities are user-typed). */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(entry: HistoryEntry): string {
  const record: Record<(typeof EXPORT_COLUMNS)[number], string | number | null> = {
    id: entry.id,
    time: entry.time,
    agent: entry.agent,
    action: actionOf(entry),
    outcome: entry.outcome,
    service: entry.service,
    user: entry.user,
    user_sid: entry.userSid,
    channel: entry.channel,
    channel_name: entry.channelName,
    channel_sid: entry.channelSid,
    params: new URLSearchParams(entry.params).toString(),
    status: entry.status,
    error_code: entry.errorCode,
    refusal: entry.refusal,
    reason: entry.reason,
    revert_of: entry.revertOf,
    schedule_id: entry.scheduleId,
  };
  return EXPORT_COLUMNS.map((column) => csvField(record[column])).join(',');
}

const problem = (status: number, code: number, message: string) =>
  Response.json({ code, message, more_info: null, status }, { status });

const badRequest = (issues: z.core.$ZodIssue[]) =>
  problem(400, 20001, issues.map((issue) => issue.message).join('; '));

const ENTRY_ID = /^[0-9a-z-]{1,64}$/;

/** `force=true` (the agent confirmed overwriting a value changed since), as a form or JSON. */
async function forceOf(request: Request): Promise<boolean> {
  const text = await request.text().catch(() => '');
  if (request.headers.get('content-type')?.startsWith('application/json')) {
    try {
      return (JSON.parse(text) as { force?: unknown }).force === true;
    } catch {
      return false;
    }
  }
  return new URLSearchParams(text).get('force') === 'true';
}

/** `X-Horizon-Reason`, percent-encoded as on every change; undecodable: none. */
function reasonOf(header: string | undefined): string | null {
  if (!header) return null;
  try {
    return decodeURIComponent(header);
  } catch {
    return null;
  }
}

export type HistoryRoutesOptions = {
  trail: Pick<AuditTrail, 'query' | 'get'>;
  /** The one audited change path, for reverts, and the same-origin rules of every change. */
  changes?: {
    performChange: ChangePath['performChange'];
    sameOrigin: (c: Context<HorizonEnv>) => string | null;
  };
  now?: () => Date;
};

export function createHistoryRoutes(options: HistoryRoutesOptions): Hono<HorizonEnv> {
  const routes = new Hono<HorizonEnv>();
  const now = options.now ?? (() => new Date());

  const list = async (c: Context<HorizonEnv>) => {
    const parsed = historyQuerySchema.safeParse(c.req.query());
    if (!parsed.success) return badRequest(parsed.error.issues);
    const page = await options.trail.query(parsed.data as AuditQuery);
    return c.json({ entries: page.entries.map(withName), nextCursor: page.nextCursor }, 200, {
      'Cache-Control': 'no-store',
    });
  };
  routes.get('/history', list);
  // The list's older name: the console reads /history, scripts and tests written against /audit keep working.
  routes.get('/audit', list);

  routes.get('/history/export', async (c) => {
    const parsed = exportSchema.safeParse(c.req.query());
    if (!parsed.success) return badRequest(parsed.error.issues);
    const { format, ...filters } = parsed.data;
    const entries: HistoryEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await options.trail.query({ ...filters, cursor, limit: MAX_AUDIT_LIMIT });
      entries.push(...page.entries.map(withName));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && entries.length < EXPORT_MAX_ENTRIES);
    const truncated = entries.length > EXPORT_MAX_ENTRIES || Boolean(cursor);
    entries.length = Math.min(entries.length, EXPORT_MAX_ENTRIES);
    const day = now().toISOString().slice(0, 10);
    const headers: Record<string, string> = {
      'Cache-Control': 'no-store',
      'Content-Disposition': `attachment; filename="horizon-history-${day}.${format}"`,
      'X-Horizon-Export-Truncated': truncated ? 'true' : 'false',
    };
    if (format === 'json') {
      const body = { exportedAt: now().toISOString(), filters, truncated, entries };
      return c.body(`${JSON.stringify(body, null, 2)}\n`, 200, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
      });
    }
    const lines = [EXPORT_COLUMNS.join(','), ...entries.map(csvLine)];
    return c.body(`${lines.join('\r\n')}\r\n`, 200, {
      ...headers,
      'Content-Type': 'text/csv; charset=utf-8',
    });
  });

  const changes = options.changes;
  if (changes) {
    // Puts back the values the entry's record had before it, as a new change by this agent (`revertOf` links them).
    // If the record no longer holds what that change wrote, 409 with what it holds now, unless `force`.
    routes.post('/history/:id/revert', async (c) => {
      const crossSite = changes.sameOrigin(c);
      if (crossSite) return problem(403, 20403, crossSite);
      const id = c.req.param('id');
      if (!ENTRY_ID.test(id)) return problem(400, 20001, 'not a history entry id');
      const entry = await options.trail.get(id);
      if (!entry) return problem(404, 20404, 'no such history entry');
      const plan = revertOf(entry);
      if ('problem' in plan) return problem(422, 20422, `cannot revert: ${plan.problem}`);
      const force = await forceOf(c.req.raw);
      return changes.performChange({
        agent: c.get('agent') as Agent,
        method: 'POST',
        path: entry.path.replace(/^\/api\//, ''),
        form: plan.form,
        reason: reasonOf(c.req.header('x-horizon-reason')),
        revertOf: entry.id,
        expect: force ? null : entry.params,
      });
    });
  }

  return routes;
}
