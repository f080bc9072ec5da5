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

const readsDatabase = (c: Context<HorizonEnv>) => USES_DATABASE.test(new URL(c.req.url).pathname);
const needsDatabase = (c: Context<HorizonEnv>) => MUTATING.has(c.req.method) || readsDatabase(c);

/** The history or schedules failed on a database gone away (an outage, a full disk): a 503 to retry, not a 500. */
async function unavailableOnFailure(c: Context<HorizonEnv>, next: () => Promise<void>): Promise<void> {
  await next();
  if (c.error && readsDatabase(c)) {
    c.res = twilioError(503, 20503, 'the history database is not answering: try again shortly', {
      'Retry-After': '5',
    });
  }
}

export function waitForDatabase(
  gate: DatabaseGate,
  waitMs = DATABASE_WAIT_MS,
): MiddlewareHandler<HorizonEnv> {
  return async (c, next) => {
    if (!needsDatabase(c)) return next();
    if (gate.state() === 'open') return unavailableOnFailure(c, next);
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
    if (gate.state() === 'open') return unavailableOnFailure(c, next);
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
