import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { API_BASE, api, formEncode } from '../../../lib/api-client.ts';

// GET /api/history (server/history-routes.ts): every change made through Horizon, newest first, with cursor pages.

export const ACTIONS = ['mute', 'unmute', 'read-position', 'remove'] as const;
export const OUTCOMES = ['forwarded', 'unchanged', 'refused', 'unknown', 'pending'] as const;

export const historyEntrySchema = z.looseObject({
  id: z.string(),
  time: z.string(),
  agent: z.nullable(z.string()),
  method: z.string(),
  product: z.nullable(z.string()),
  service: z.nullable(z.string()),
  user: z.nullable(z.string()),
  userSid: z.nullable(z.string()),
  channel: z.nullable(z.string()),
  channelSid: z.nullable(z.string()),
  channelName: z.nullable(z.string()),
  params: z.record(z.string(), z.string()),
  before: z.unknown(),
  after: z.unknown(),
  outcome: z.enum(OUTCOMES),
  refusal: z.nullable(z.string()),
  status: z.nullable(z.int()),
  errorCode: z.nullable(z.int()),
  reason: z.nullable(z.string()),
  revertOf: z.nullable(z.string()),
  scheduleId: z.nullable(z.string()),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

const historyPageSchema = z.object({
  entries: z.array(historyEntrySchema),
  nextCursor: z.nullable(z.string()),
});

/** The filters an agent sets; all optional. `from`/`to` are dates (YYYY-MM-DD), `to` inclusive. */
export const historyFiltersSchema = z.object({
  user: z.optional(z.string()),
  channel: z.optional(z.string()),
  agent: z.optional(z.string()),
  reason: z.optional(z.string()),
  action: z.optional(z.enum(ACTIONS)),
  outcome: z.optional(z.enum(OUTCOMES)),
  from: z.optional(z.string().check(z.regex(/^\d{4}-\d\d-\d\d$/))),
  to: z.optional(z.string().check(z.regex(/^\d{4}-\d\d-\d\d$/))),
});

export type HistoryFilters = z.infer<typeof historyFiltersSchema>;

export const HISTORY_PAGE_SIZE = 50;

/** The filters from the page's address (?user=…); anything unreadable is dropped, not guessed. */
export function filtersFromSearch(search: string): HistoryFilters {
  const params = new URLSearchParams(search);
  const filters: Record<string, string> = {};
  for (const key of Object.keys(historyFiltersSchema.shape)) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (historyFiltersSchema.shape[key as keyof HistoryFilters].safeParse(value).success)
      filters[key] = value;
  }
  return filters as HistoryFilters;
}

/** The server's query: dates become times in the agent's own time zone, `to` through the end of that day. */
export function serverQuery(filters: HistoryFilters): Record<string, string | undefined> {
  const dayStart = (day: string) => new Date(`${day}T00:00:00`);
  const nextDay = (day: string) => {
    const date = dayStart(day);
    date.setDate(date.getDate() + 1);
    return date;
  };
  return {
    user: filters.user,
    channel: filters.channel,
    agent: filters.agent,
    reason: filters.reason,
    action: filters.action,
    outcome: filters.outcome,
    from: filters.from ? dayStart(filters.from).toISOString() : undefined,
    to: filters.to ? nextDay(filters.to).toISOString() : undefined,
  };
}

export function historyQuery(filters: HistoryFilters, cursor: string | null) {
  return queryOptions({
    queryKey: ['history', filters, cursor ?? 'first'] as const,
    queryFn: ({ signal }) =>
      api.getJson('history', historyPageSchema, {
        query: { ...serverQuery(filters), cursor: cursor ?? undefined, limit: HISTORY_PAGE_SIZE },
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/** A plain link the browser downloads (the server names the file). */
export function historyExportUrl(filters: HistoryFilters, format: 'csv' | 'json'): string {
  return `${API_BASE}/history/export?${formEncode({ ...serverQuery(filters), format })}`;
}

/** Whether the server can revert this entry (server/change-effect.ts revertOf): a change Twilio accepted, not a removal. */
export const canRevert = (entry: HistoryEntry) =>
  entry.outcome === 'forwarded' &&
  entry.method === 'POST' &&
  entry.status !== null &&
  entry.status >= 200 &&
  entry.status < 300;

/**
 * POST /api/history/:id/revert: puts back the value before that change, as a new change linked to it. A 409 (the
 * value changed since) says what it is now; `force` overwrites it.
 */
export function revertChange(id: string, force: boolean) {
  return api.post(['history', id, 'revert'], force ? { force: true } : {}, z.looseObject({}));
}
