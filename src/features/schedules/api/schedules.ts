import { queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api, buildApiPath, type PathSegments } from '../../../lib/api-client.ts';

// Timed mute and its schedules (server/schedule-routes.ts), for the drawer and the bulk bar: "Mute for 1 hour /
// 8 hours / until tomorrow 09:00 / until a date and time". Horizon mutes now and puts each membership's own previous
// value back at the time, as the agent who scheduled it.

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

export type MuteFor = { hours: 1 | 8 } | { tomorrowAt: number } | { until: Date };

/** When a timed mute ends, in the agent's own time zone ("until tomorrow 09:00" is 09:00 where the agent is). */
export function muteEnds(choice: MuteFor, now: Date = new Date()): Date {
  if ('hours' in choice) return new Date(now.getTime() + choice.hours * 3600_000);
  if ('until' in choice) return choice.until;
  const end = new Date(now);
  end.setDate(end.getDate() + 1);
  end.setHours(choice.tomorrowAt, 0, 0, 0);
  return end;
}

/** Mutes the memberships (their Twilio path segments) now and schedules each one's own value back at `until`. */
export async function timedMute(memberships: readonly PathSegments[], until: Date, reason?: string) {
  const body = await api.post(
    ['schedules', 'timed-mute'],
    { paths: memberships.map((segments) => buildApiPath(segments)), until: until.toISOString(), reason },
    z.object({ results: z.array(resultSchema) }),
  );
  return body.results;
}

export const schedulesQuery = (filter: { user?: string; channel?: string }) =>
  queryOptions({
    queryKey: ['schedules', filter.user ?? '*', filter.channel ?? '*'] as const,
    queryFn: async ({ signal }) =>
      (
        await api.getJson('schedules', z.object({ schedules: z.array(scheduleSchema) }), {
          query: filter,
          signal,
        })
      ).schedules,
  });

export const cancelSchedule = (id: string) => api.delete(['schedules', id]);

export const moveSchedule = (id: string, until: Date) =>
  api.post(['schedules', id], { until: until.toISOString() }, z.object({ schedule: scheduleSchema }));
