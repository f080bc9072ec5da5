import type { Context, MiddlewareHandler } from 'hono';
import { type HorizonEnv, MUTATING, twilioError } from './http-answers.ts';

// The database opens after the server listens (PGlite's start and migrations are most of a cold start): the console,
// sign-in and Twilio reads are served from the first moment. What needs the database (every change, whose intent is
// recorded first; the history; schedules) waits for it a while, then is refused with 503 and nothing is sent.

export type DatabaseState = 'starting' | 'open' | 'failed';

export type DatabaseGate = {
  state(): DatabaseState;
  /** Settles once the database is open and the schedules run (rejects if it could not open). */
  ready: Promise<void>;
};

/** How long a request that needs the database waits for it at start before a 503. */
export const DATABASE_WAIT_MS = 10_000;

const USES_DATABASE = /^\/api\/(history|audit|schedules)(\/|$)/;

const needsDatabase = (c: Context<HorizonEnv>) =>
  MUTATING.has(c.req.method) || USES_DATABASE.test(new URL(c.req.url).pathname);

export function waitForDatabase(
  gate: DatabaseGate,
  waitMs = DATABASE_WAIT_MS,
): MiddlewareHandler<HorizonEnv> {
  return async (c, next) => {
    if (gate.state() === 'open' || !needsDatabase(c)) return next();
    if (gate.state() === 'starting') {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        gate.ready.catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, waitMs);
        }),
      ]);
      clearTimeout(timer);
    }
    if (gate.state() === 'open') return next();
    if (gate.state() === 'starting') {
      return twilioError(
        503,
        20503,
        'the history database is starting: nothing was sent; try again in a few seconds',
        { 'Retry-After': '5' },
      );
    }
    return twilioError(
      503,
      20503,
      'the history database could not be opened: nothing was sent; see the server log',
    );
  };
}
