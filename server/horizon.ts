import { createApp, type HorizonApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import type { DatabaseGate, DatabaseState } from './database-gate.ts';
import { Scheduler } from './db/schedules.ts';
import { type StartingStore, startingStore } from './db/store.ts';
import { membershipAccess } from './scheduled-changes.ts';
import { type FetchLike, UpstreamClient } from './upstream.ts';

// Wires a parsed configuration into the handler: the audit trail, the upstream (fake in demo mode) and the app.
// Shared by the Node server (node-server.ts) and the Vite plugin.

export type HorizonOptions = {
  staticDir?: string | null;
  log?: (line: string) => void;
  /** Live mode only: how to reach Twilio (tests may wrap it); the global fetch by default. */
  fetch?: FetchLike;
};

export type Horizon = {
  app: ReturnType<typeof createApp>;
  /** The database: history (the audit trail on PostgreSQL) and schedules; opened by start(). */
  store: StartingStore;
  /** Scheduled changes (pg-boss on the same database). */
  scheduler: Scheduler;
  upstream: UpstreamClient;
  /** Demo mode: the in-process fake (null in live mode). */
  fake: Awaited<ReturnType<typeof createDemoFake>> | null;
  /**
   * Opens the database, then starts the schedules (once; later calls return the same promise). The server calls it
   * once it listens: until it resolves, what needs the database waits for it (server/database-gate.ts).
   */
  start(): Promise<void>;
  /** Stops the schedules and closes the database; stopped while starting, it lets the start finish first. */
  stop(): Promise<void>;
};

// The fake is loaded only in demo mode, so a live deployment never even imports it.
async function createDemoFake() {
  const { createFakeTwilio, knobsFromEnv } = await import('../mocks/fake-twilio.ts');
  const { SEED } = await import('../mocks/seed.ts');
  return { fake: createFakeTwilio({ knobs: knobsFromEnv(process.env) }), accountSid: SEED.accountSid };
}

export async function createHorizon(config: ServerConfig, options: HorizonOptions = {}): Promise<Horizon> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Opened by start(), after the server listens: PGlite's WASM, its first initdb and the migrations are most of a
  // cold start, and the console and Twilio reads need none of it.
  const store = startingStore(config, log);

  let demo: Awaited<ReturnType<typeof createDemoFake>> | null = null;
  let upstream: UpstreamClient;
  const limits = {
    timeoutMs: config.upstreamTimeoutMs,
    concurrency: config.upstreamConcurrency,
    bodyLimitBytes: config.upstreamBodyLimitBytes,
  };
  if (config.mode === 'demo' || !config.credentials) {
    demo = await createDemoFake();
    const fake = demo.fake;
    upstream = new UpstreamClient({
      ...limits,
      bases: {
        chat: 'http://fake.twilio.invalid/chat',
        conversations: 'http://fake.twilio.invalid/conversations',
      },
      // The demo fake accepts any Basic credentials; these are not secrets.
      credentials: { username: demo.accountSid, password: 'demo' },
      fetch: (request) => fake.fetch(request),
    });
  } else {
    upstream = new UpstreamClient({
      ...limits,
      // No Chat in the region: the proxy refuses Chat paths (app.ts); `.invalid` never resolves, should one slip by.
      bases: {
        chat: config.chatBaseUrl ?? 'https://chat-not-offered-in-region.invalid',
        conversations: config.conversationsBaseUrl,
      },
      credentials: config.credentials,
      fetch: options.fetch ?? ((request) => fetch(request)),
    });
  }
  // A schedule's change goes through the app's own change path (performChange), so it is checked and audited once.
  let changes: HorizonApp | null = null;
  const access = membershipAccess(upstream, () => changes as HorizonApp);
  const scheduler = new Scheduler({
    db: store.database,
    databaseUrl: config.databaseUrl,
    access,
    log,
    retry: config.scheduleRetry,
  });

  let state: DatabaseState = 'starting';
  let begin: ((started: Promise<void>) => void) | null = null;
  const ready = new Promise<void>((resolve) => {
    begin = resolve;
  });
  ready.then(
    () => {
      state = 'open';
    },
    () => {
      state = 'failed';
    },
  );
  const database: DatabaseGate = { state: () => state, ready };
  const start = () => {
    // The scheduler starts once the app exists and the database is open: a job due at start runs through its
    // change path.
    begin?.(store.open().then(() => scheduler.start()));
    begin = null;
    return ready;
  };

  // The PostgreSQL trail IS the audit trail: the change path writes each intent and outcome straight to it.
  const app = createApp({
    config,
    trail: store.trail,
    database,
    schedules: { scheduler, access },
    upstream,
    fake: demo?.fake ?? null,
    staticDir: options.staticDir ?? null,
    log,
  });
  changes = app;
  const stop = async () => {
    if (!begin) await ready.catch(() => undefined);
    await scheduler.stop();
    await store.close();
  };
  return { app, store, scheduler, upstream, fake: demo, start, stop };
}
