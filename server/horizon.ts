import { createApp } from './app.ts';
import { AuditLog, type AuditEntry as LegacyEntry } from './audit.ts';
import type { ServerConfig } from './config.ts';
import { fromLegacyEntry } from './db/legacy-import.ts';
import { insertEntries } from './db/pg-trail.ts';
import { Scheduler } from './db/schedules.ts';
import { openStore, type Store } from './db/store.ts';
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
  audit: AuditLog;
  /** The database: history (the audit trail on PostgreSQL) and schedules. */
  store: Store;
  /** Scheduled changes (pg-boss on the same database). */
  scheduler: Scheduler;
  upstream: UpstreamClient;
  /** Demo mode: the in-process fake (null in live mode). */
  fake: Awaited<ReturnType<typeof createDemoFake>> | null;
};

// The fake is loaded only in demo mode, so a live deployment never even imports it.
async function createDemoFake() {
  const { createFakeTwilio, knobsFromEnv } = await import('../mocks/fake-twilio.ts');
  const { SEED } = await import('../mocks/seed.ts');
  return { fake: createFakeTwilio({ knobs: knobsFromEnv(process.env) }), accountSid: SEED.accountSid };
}

export async function createHorizon(config: ServerConfig, options: HorizonOptions = {}): Promise<Horizon> {
  const log = options.log ?? ((line: string) => console.log(line));
  const store = await openStore(config, log);
  // Seam until the change path writes the AuditTrail itself (the hardening issue's performChange): each line the
  // JSONL trail has made durable is copied into the database, so the history and the other replicas see it.
  const copyToHistory = (line: string) => {
    insertEntries(store.db, [fromLegacyEntry(JSON.parse(line) as LegacyEntry)]).catch((error: Error) =>
      log(`history: could not copy an audit line to the database: ${error.message}`),
    );
  };
  const audit = new AuditLog(config.auditLogFile, (line) => {
    if (config.auditToStdout) process.stdout.write(`audit ${line}\n`);
    copyToHistory(line);
  });
  // Fail at startup, not at the first change, when the trail can't be written.
  await audit.ready();

  let demo: Awaited<ReturnType<typeof createDemoFake>> | null = null;
  let upstream: UpstreamClient;
  const limits = { timeoutMs: config.upstreamTimeoutMs, concurrency: config.upstreamConcurrency };
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
      bases: { chat: config.chatBaseUrl, conversations: config.conversationsBaseUrl },
      credentials: config.credentials,
      fetch: options.fetch ?? ((request) => fetch(request)),
    });
  }
  const access = membershipAccess(upstream, store.trail);
  const scheduler = new Scheduler({ db: store.db, databaseUrl: config.databaseUrl, access, log });
  await scheduler.start();
  const app = createApp({
    config,
    audit,
    trail: store.trail,
    schedules: { scheduler, access },
    upstream,
    fake: demo?.fake ?? null,
    staticDir: options.staticDir ?? null,
    log,
  });
  return { app, audit, store, scheduler, upstream, fake: demo };
}
