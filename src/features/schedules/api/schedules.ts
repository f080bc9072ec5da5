import { type QueryClient, queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api, buildApiPath } from '../../../lib/api-client.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';

// Timed mute and its schedules (server/schedule-routes.ts), for the drawer and the bulk bar. Horizon mutes now and
// puts each membership's own previous value back at the time, as the agent who scheduled it.

export const scheduleSchema = z.object({
  id: z.string(),
  kind: z.literal('timed-mute'),
  path: z.string(),
  service: z.nullable(z.string()),
  user: z.nullable(z.string()),
  channel: z.nullable(z.string()),
  setLevel: z.string(),
  expectLevel: z.string(),
  runAt: z.string(),
  agent: z.string(),
  reason: z.nullable(z.string()),
  state: z.enum(['scheduled', 'done', 'skipped', 'failed', 'cancelled']),
  result: z.nullable(z.string()),
});
export type Schedule = z.infer<typeof scheduleSchema>;

const resultSchema = z.object({
  path: z.string(),
  state: z.enum(['scheduled', 'already-muted', 'refused', 'failed']),
  message: z.optional(z.string()),
  status: z.optional(z.int()),
  schedule: z.optional(scheduleSchema),
});
export type TimedMuteResult = z.infer<typeof resultSchema>;

/** The server takes at most this many memberships per request (MAX_TIMED_MUTE_ROWS). */
const ROWS_PER_REQUEST = 200;

/** Where the membership's notification level lives, as the server names a schedule's `path`. */
export function membershipApiPath(ref: UserRef, channel: string): string | null {
  const path = adapters[ref.api].membershipPath;
  return path ? buildApiPath(path(ref.service, ref.user, channel)) : null;
}

/** Mutes the memberships now and schedules each one's own value back at `until`; one result per path, in order. */
export async function timedMute(paths: readonly string[], until: Date, reason?: string) {
  const results: TimedMuteResult[] = [];
  for (let start = 0; start < paths.length; start += ROWS_PER_REQUEST) {
    const body = await api.post(
      ['schedules', 'timed-mute'],
      { paths: paths.slice(start, start + ROWS_PER_REQUEST), until: until.toISOString(), reason },
      z.object({ results: z.array(resultSchema) }),
    );
    results.push(...body.results);
  }
  return results;
}

const scheduleKeys = {
  all: ['schedules'] as const,
  user: (ref: UserRef) => [...scheduleKeys.all, ref.api, ref.service, ref.user] as const,
};

/**
 * The user's schedules still to run, and those that failed or did nothing lately: ONE request for the whole view
 * (every row's note and the drawer read this one query). When one falls due it is read again until it has run, and
 * then the user's memberships, which it changed.
 */
export const userSchedulesQuery = (queryClient: QueryClient, ref: UserRef) =>
  queryOptions({
    queryKey: scheduleKeys.user(ref),
    queryFn: async ({ signal }) => {
      const previous = queryClient.getQueryData<Schedule[]>(scheduleKeys.user(ref));
      const { schedules } = await api.getJson('schedules', z.object({ schedules: z.array(scheduleSchema) }), {
        query: { user: ref.user, finished: 1 },
        signal,
      });
      const pending = new Set(schedules.filter((s) => s.state === 'scheduled').map((s) => s.id));
      if (previous?.some((s) => s.state === 'scheduled' && !pending.has(s.id))) {
        void queryClient.invalidateQueries({ queryKey: membershipKeys.user(ref) });
      }
      return schedules;
    },
    refetchInterval: (query) => {
      const due = (query.state.data ?? [])
        .filter((s) => s.state === 'scheduled')
        .map((s) => Date.parse(s.runAt) - Date.now());
      if (due.length === 0) return false;
      // Past due: the server runs it within a few seconds (its workers poll); look every 2 s until it has.
      return Math.min(Math.max(Math.min(...due) + 1000, 2000), 2 ** 31 - 1);
    },
  });

/** After a timed mute, a cancel or a move: the user's schedules and memberships as the server now has them. */
export function refreshAfterScheduleChange(queryClient: QueryClient, ref: UserRef) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: scheduleKeys.user(ref) }),
    queryClient.invalidateQueries({ queryKey: membershipKeys.user(ref) }),
  ]);
}

/** The newest schedule of one membership worth showing: the one still to run, else the last that failed or skipped. */
export function scheduleOf(schedules: readonly Schedule[] | undefined, path: string | null): Schedule | null {
  if (!schedules || path === null) return null;
  const own = schedules.filter((s) => s.path === path);
  return (
    own.find((s) => s.state === 'scheduled') ??
    own.sort((a, b) => Date.parse(b.runAt) - Date.parse(a.runAt))[0] ??
    null
  );
}

export const cancelSchedule = (id: string) => api.delete(['schedules', id]);

export const moveSchedule = (id: string, until: Date) =>
  api.post(['schedules', id], { until: until.toISOString() }, z.object({ schedule: scheduleSchema }));
