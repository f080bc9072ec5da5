import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DatabaseGate, type DatabaseState, waitForDatabase } from './database-gate.ts';
import type { HorizonEnv } from './http-answers.ts';

// The gate in front of what needs the database while it opens at start (the real server's open is covered by
// modes.test.ts and the fault tests; here its timing, on fake timers).

function gate() {
  let state: DatabaseState = 'starting';
  let settle: { open(): void; fail(): void } = { open: () => undefined, fail: () => undefined };
  const ready = new Promise<void>((resolve, reject) => {
    settle = {
      open: () => {
        state = 'open';
        resolve();
      },
      fail: () => {
        state = 'failed';
        reject(new Error('no database'));
      },
    };
  });
  ready.catch(() => undefined);
  return { gate: { state: () => state, ready } satisfies DatabaseGate, ...settle };
}

function app(database: DatabaseGate) {
  const reached: string[] = [];
  const routes = new Hono<HorizonEnv>();
  routes.use('/api/*', waitForDatabase(database, 10_000));
  routes.all('/api/*', (c) => {
    reached.push(`${c.req.method} ${new URL(c.req.url).pathname}`);
    return c.json({ ok: true });
  });
  return { routes, reached };
}

const change = { method: 'POST', body: 'NotificationLevel=muted' };
const MEMBERSHIP = '/api/chat/v2/Services/IS1/Users/alice/Channels/CH1';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('while the database opens', () => {
  it('answers Twilio reads at once; a change and a history read wait, and go on once it is open', async () => {
    const { gate: database, open } = gate();
    const { routes, reached } = app(database);
    expect((await routes.request(MEMBERSHIP)).status).toBe(200);
    const changed = routes.request(MEMBERSHIP, change);
    const history = routes.request('/api/history?user=alice');
    await vi.advanceTimersByTimeAsync(9_000);
    expect(reached).toEqual([`GET ${MEMBERSHIP}`]);
    open();
    expect((await changed).status).toBe(200);
    expect((await history).status).toBe(200);
    expect(reached).toEqual([`GET ${MEMBERSHIP}`, `POST ${MEMBERSHIP}`, 'GET /api/history']);
  });

  it('refuses a change with 503 after the wait, sending nothing, and says to try again', async () => {
    const { gate: database } = gate();
    const { routes, reached } = app(database);
    const changed = routes.request(MEMBERSHIP, change);
    const schedules = routes.request('/api/schedules?user=alice');
    await vi.advanceTimersByTimeAsync(10_000);
    const answer = await changed;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await answer.json()).toMatchObject({
      code: 20503,
      message: expect.stringMatching(/history database is starting: nothing was sent/),
    });
    expect((await schedules).status).toBe(503);
    expect(reached).toEqual([]);
  });

  it('refuses at once, sending nothing, when the database could not be opened', async () => {
    const { gate: database, fail } = gate();
    const { routes, reached } = app(database);
    const waiting = routes.request(MEMBERSHIP, change);
    fail();
    const answer = await waiting;
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ message: expect.stringMatching(/could not be opened/) });
    expect((await routes.request('/api/audit')).status).toBe(503);
    expect(reached).toEqual([]);
  });
});
