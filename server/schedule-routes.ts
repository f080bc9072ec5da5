import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Agent } from './agents.ts';
import { matchRoute } from './allowlist.ts';
import type { ChangePath } from './audited-change.ts';
import type { MembershipAccess, Scheduler } from './db/schedules.ts';
import type { HorizonEnv } from './http-answers.ts';

// Timed mute and its schedules (mounted under /api by createApp, after sign-in):
//   POST   /api/schedules/timed-mute  { paths, until, reason? }  mute now, put each row's own value back at `until`
//   GET    /api/schedules?user=&channel=&finished=1             schedules still to run (+ failed/skipped lately)
//   POST   /api/schedules/:id  { until }                         move one
//   DELETE /api/schedules/:id                                    cancel one
// The mute itself goes through Horizon's one change path (performChange), so it is checked and audited exactly like
// a click in the drawer.

export const MAX_TIMED_MUTE_ROWS = 200;
const MAX_AHEAD_MS = 31 * 24 * 3600 * 1000;
/** 200 paths of up to ~300 bytes each, with room to spare. */
const MAX_BODY_BYTES = 128 * 1024;

const until = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'until must be an ISO date-time')
  .transform((value) => new Date(value));

const timedMuteSchema = z.object({
  paths: z
    .array(z.string().startsWith('/api/', 'paths are membership paths under /api/').max(2000))
    .min(1, 'paths must name at least one membership')
    .max(MAX_TIMED_MUTE_ROWS, `at most ${MAX_TIMED_MUTE_ROWS} memberships at a time`),
  until,
  reason: z.string().trim().max(200, 'reason: at most 200 characters').optional(),
});

const listSchema = z.object({
  user: z.string().max(400).optional(),
  channel: z.string().max(400).optional(),
  /** `finished=1`: also the schedules that failed or did nothing in the last 7 days (the drawer reports them). */
  finished: z
    .enum(['0', '1'])
    .optional()
    .transform((value) => value === '1'),
});

function problem(status: number, code: number, message: string): Response {
  return new Response(JSON.stringify({ code, message, more_info: null, status }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** Every problem with a timed mute's `until`, as the agent should read it. */
function untilProblem(at: Date, now: Date): string | null {
  if (at.getTime() <= now.getTime()) return 'until must be in the future';
  if (at.getTime() - now.getTime() > MAX_AHEAD_MS) return 'until must be within 31 days';
  return null;
}

/** JSON, or the console's form encoding (`paths` repeated), as the one fetch layer sends it. */
async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(await request.text());
    const reason = form.get('reason');
    return {
      paths: form.getAll('paths'),
      until: form.get('until') ?? undefined,
      ...(reason ? { reason } : {}),
    };
  }
  return request.json().catch(() => null);
}

export type ScheduleRoutesOptions = {
  scheduler: Scheduler;
  access: Pick<MembershipAccess, 'level'>;
  /** Horizon's one audited change path, for the mute made now. */
  performChange: ChangePath['performChange'];
  /** The same-origin rules of every change (CSRF): why this request breaks them, or null. */
  sameOrigin: (c: Context<HorizonEnv>) => string | null;
  now?: () => Date;
};

export function createScheduleRoutes(options: ScheduleRoutesOptions): Hono<HorizonEnv> {
  const routes = new Hono<HorizonEnv>();
  const now = options.now ?? (() => new Date());

  // Changes need an editor and the console's own header (a custom header can't be sent cross-site without CORS).
  routes.use('/schedules/*', async (c, next) => {
    if (c.req.method === 'GET') return next();
    if (Number(c.req.header('content-length') ?? '0') > MAX_BODY_BYTES) {
      return problem(413, 20413, `request body over ${MAX_BODY_BYTES} bytes`);
    }
    const crossSite = options.sameOrigin(c);
    if (crossSite) return problem(403, 20403, crossSite);
    const agent = c.get('agent');
    if (agent?.role !== 'editor') {
      return problem(403, 20403, `${agent?.name ?? 'this agent'} is a viewer: viewers can't change anything`);
    }
    return next();
  });

  routes.post('/schedules/timed-mute', async (c) => {
    const body = await bodyOf(c.req.raw);
    const parsed = timedMuteSchema.safeParse(body);
    if (!parsed.success)
      return problem(400, 20001, parsed.error.issues.map((issue) => issue.message).join('; '));
    const { paths, reason } = parsed.data;
    const runAt = parsed.data.until;
    const late = untilProblem(runAt, now());
    if (late) return problem(400, 20001, late);
    const agent = c.get('agent') as Agent;
    const results = [];
    // One at a time: these changes share the upstream's concurrency bound with everyone else anyway.
    for (const path of paths) {
      const match = matchRoute('POST', path.replace(/^\/api\//, ''), new URLSearchParams());
      if (!match.ok || !match.target.bodyParams.includes('NotificationLevel')) {
        results.push({ path, state: 'refused', message: match.ok ? 'not a membership' : match.message });
        continue;
      }
      try {
        const previous = await options.access.level(path);
        if (previous === null) {
          results.push({ path, state: 'refused', message: 'the membership does not exist' });
          continue;
        }
        if (previous === 'muted') {
          // Nothing to send now and nothing to put back: a no-op is not a change.
          results.push({
            path,
            state: 'already-muted',
            message: 'already muted: nothing changed or scheduled',
          });
          continue;
        }
        const muted = await options.performChange({
          agent,
          method: 'POST',
          path: path.replace(/^\/api\//, ''),
          form: new URLSearchParams({ NotificationLevel: 'muted' }),
          reason: reason ?? null,
        });
        if (!muted.ok) {
          const answer = (await muted.json().catch(() => ({}))) as { message?: string };
          results.push({
            path,
            state: 'failed',
            status: muted.status,
            message: answer.message ?? 'not muted',
          });
          continue;
        }
        const { target } = match;
        const schedule = await options.scheduler.create({
          path,
          service: target.service,
          user: target.user,
          channel: target.channel,
          setLevel: previous,
          expectLevel: 'muted',
          runAt,
          agent: agent.name,
          reason: reason ?? null,
        });
        results.push({ path, state: 'scheduled', schedule });
      } catch (error) {
        results.push({ path, state: 'failed', message: (error as Error).message });
      }
    }
    return c.json({ results }, 200, { 'Cache-Control': 'no-store' });
  });

  routes.get('/schedules', async (c) => {
    const parsed = listSchema.safeParse(c.req.query());
    if (!parsed.success)
      return problem(400, 20001, parsed.error.issues.map((issue) => issue.message).join('; '));
    return c.json({ schedules: await options.scheduler.list(parsed.data) }, 200, {
      'Cache-Control': 'no-store',
    });
  });

  routes.post('/schedules/:id', async (c) => {
    const parsed = z.object({ until }).safeParse(await bodyOf(c.req.raw));
    if (!parsed.success)
      return problem(400, 20001, parsed.error.issues.map((issue) => issue.message).join('; '));
    const late = untilProblem(parsed.data.until, now());
    if (late) return problem(400, 20001, late);
    const moved = await options.scheduler.reschedule(c.req.param('id'), parsed.data.until);
    if (!moved) return problem(404, 20404, 'no such schedule still to run');
    return c.json({ schedule: moved });
  });

  routes.delete('/schedules/:id', async (c) => {
    const cancelled = await options.scheduler.cancel(c.req.param('id'), (c.get('agent') as Agent).name);
    if (!cancelled) return problem(404, 20404, 'no such schedule still to run');
    return c.json({ schedule: cancelled });
  });

  return routes;
}
