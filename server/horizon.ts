import { createApp } from './app.ts';
import { JsonlAuditTrail } from './audit/jsonl-trail.ts';
import type { ServerConfig } from './config.ts';
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
  trail: JsonlAuditTrail;
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
  const trail = new JsonlAuditTrail(config.auditLogFile, {
    mirror: config.auditToStdout ? (line) => process.stdout.write(`audit ${line}\n`) : null,
    log,
  });
  // Fail at startup, not at the first change, when the trail can't be written.
  await trail.ready();

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
  const app = createApp({
    config,
    trail,
    upstream,
    fake: demo?.fake ?? null,
    staticDir: options.staticDir ?? null,
    log,
  });
  return { app, trail, upstream, fake: demo };
}
