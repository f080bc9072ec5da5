import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { createFakeTwilio, type FakeKnobs } from '../mocks/fake-twilio.ts';
import { SEED } from '../mocks/seed.ts';
import { type FakeAuth, startFakeTwilioServer } from '../mocks/standalone-server.ts';
import { hashPassword } from './agents.ts';
import type { AuditEntry, AuditTrail } from './audit/trail.ts';
import { openStore } from './db/store.ts';
import { freshPgliteDir } from './db/testing-pglite.ts';
import { loadConfig } from './config.ts';
import { type RunningServer, startServer } from './node-server.ts';
import type { FetchLike } from './upstream.ts';

// Test helpers for server/**/*.test.ts: Horizon in live mode in front of the standalone fake, credential check on.

export const ACCOUNT_SID = `AC${'1a'.repeat(16)}`;
export const AUTH_TOKEN = 'tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const EDITOR = { name: 'erin', password: 'erin-password-123' };
export const VIEWER = { name: 'victor', password: 'victor-password-123' };

export const basic = (name: string, password: string) =>
  `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

export async function writeAgentsFile(dir: string): Promise<string> {
  const path = join(dir, 'agents.json');
  const agents = [
    { name: EDITOR.name, role: 'editor', password: await hashPassword(EDITOR.password) },
    { name: VIEWER.name, role: 'viewer', password: await hashPassword(VIEWER.password) },
  ];
  await writeFile(path, JSON.stringify({ agents }));
  return path;
}

/** Live mode on a free loopback port, in front of the fake at `fakeUrl`, agents signing in with Basic auth. */
export function liveEnv(fakeUrl: string, agentsFile: string, auditFile: string): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_CHAT_BASE_URL: `${fakeUrl}/chat`,
    TWILIO_CONVERSATIONS_BASE_URL: `${fakeUrl}/conversations`,
    CONSOLE_AUTH: 'basic',
    CONSOLE_USERS_FILE: agentsFile,
    AUDIT_LOG_FILE: auditFile,
  };
}

export type LiveSetup = {
  horizon: RunningServer;
  fake: Awaited<ReturnType<typeof startFakeTwilioServer>>;
  logs: string[];
  dir: string;
  auditFile: string;
  /** The PGlite folder holding its trail (read it with readTrail once the server stopped). */
  databaseDir: string;
  close(): Promise<void>;
};

export async function startLive(
  options: {
    env?: Record<string, string>;
    fakeAuth?: FakeAuth;
    wrapFetch?: (inner: FetchLike) => FetchLike;
    agentsFile?: string;
  } = {},
): Promise<LiveSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-server-'));
  const fake = await startFakeTwilioServer({
    port: 0,
    auth: options.fakeAuth ?? { accountSid: ACCOUNT_SID, username: ACCOUNT_SID, password: AUTH_TOKEN },
  });
  // In a folder of its own: tests delete it to fault the trail, and the agents file must survive that.
  const auditFile = join(dir, 'audit', 'audit.jsonl');
  const databaseDir = await freshPgliteDir(dir);
  const config = loadConfig({
    ...liveEnv(fake.url, options.agentsFile ?? (await writeAgentsFile(dir)), auditFile),
    DATABASE_DIR: databaseDir,
    ...options.env,
  });
  const logs: string[] = [];
  const inner: FetchLike = (request) => fetch(request);
  const horizon = await startServer(config, {
    log: (line) => logs.push(line),
    fetch: options.wrapFetch ? options.wrapFetch(inner) : inner,
  });
  await horizon.ready;
  return {
    horizon,
    fake,
    logs,
    dir,
    auditFile,
    databaseDir,
    async close() {
      await horizon.stop(1000);
      await fake.close();
    },
  };
}

/** A raw HTTP request: the target is sent byte for byte (fetch would normalise `..` and drop `#…`). */
export function rawRequest(
  baseUrl: string,
  target: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, path: target, method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/**
 * Every entry of a trail, oldest first: a running server's (`store.trail`), or the database in a PGlite folder as the
 * next start reads it (intents of a dead process as 'unknown').
 */
export async function readTrail(source: Pick<AuditTrail, 'query'> | string): Promise<AuditEntry[]> {
  const store =
    typeof source === 'string'
      ? await openStore(
          {
            databaseUrl: null,
            databaseDir: source,
            auditLogFile: '/nonexistent/audit.jsonl',
            auditToStdout: false,
          },
          () => undefined,
        )
      : null;
  const trail = store?.trail ?? (source as Pick<AuditTrail, 'query'>);
  const entries: AuditEntry[] = [];
  let cursor: string | null = null;
  try {
    do {
      const page = await trail.query({ limit: 500, ...(cursor ? { cursor } : {}) });
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
  } finally {
    await store?.close();
  }
  return entries.reverse();
}

/** One request the recording upstream answered: when it arrived and when its answer was ready (performance.now()). */
export type Exchange = { method: string; path: string; start: number; end: number; status: number };

/**
 * The fake on a loopback port, behind a counter of requests it is still answering (so a test knows when its log is
 * final) and a record of each exchange's timing (the bench splits a change's time with it).
 */
export async function recordingUpstream(knobs: Partial<FakeKnobs> = { latencyMs: 20, jitterMs: 20 }) {
  const fake = createFakeTwilio({
    auth: { accountSid: ACCOUNT_SID, username: ACCOUNT_SID, password: AUTH_TOKEN },
    knobs,
  });
  let answering = 0;
  const exchanges: Exchange[] = [];
  const server = createServer(
    getRequestListener(async (request) => {
      answering++;
      const start = performance.now();
      let status = 0;
      try {
        const response = await fake.fetch(request);
        status = response.status;
        return response;
      } finally {
        answering--;
        const path = new URL(request.url).pathname;
        exchanges.push({ method: request.method, path, start, end: performance.now(), status });
      }
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}`, fake, answering: () => answering, exchanges, close };
}

/** `server/main.ts` as its own process (for kill -9 and its RSS). */
export function startHorizonProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HORIZON_STATIC_DIR: 'does-not-exist', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const url = /Horizon listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    exited.then(() => reject(new Error(`exited before listening:\n${output}`)));
  });
  // output(): everything it printed so far (stdout and stderr), for a failing test's message.
  return { child, exited, listening, output: () => output };
}

/**
 * Horizon as its own process in live mode in front of `upstreamUrl` (Twilio's stand-in), with a fresh database and
 * the test agents signing in with Basic auth; `env` overrides (CONSOLE_AUTH=none: anyone on loopback).
 */
export async function startLiveProcess(upstreamUrl: string, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-process-'));
  const databaseDir = await freshPgliteDir(dir);
  const horizon = startHorizonProcess({
    ...liveEnv(upstreamUrl, await writeAgentsFile(dir), join(dir, 'audit.jsonl')),
    DATABASE_DIR: databaseDir,
    ...env,
  });
  return {
    ...horizon,
    databaseDir,
    /** kill -9: the tests that use a process either crash it on purpose or need nothing flushed. */
    async kill() {
      if (horizon.child.exitCode === null) horizon.child.kill('SIGKILL');
      await horizon.exited;
    },
  };
}

/** Polls `condition` until it holds (or `timeoutMs` passes): waits for a state, never for a fixed time. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The crash experiment (test and bench): Horizon as a process in live mode against a recording fake, a burst of
 * `changes` numbered changes, kill -9 once `killAfterWrites` have reached the fake, then the fake's final log (once it
 * has answered everything Horizon sent) and the trail as the next start reads it.
 */
export async function killMidBurst(options: { changes: number; killAfterWrites: number }) {
  const upstream = await recordingUpstream();
  const horizon = await startLiveProcess(upstream.url, { CONSOLE_AUTH: 'none' });
  try {
    const url = await horizon.listening;
    // It listens before its database is open: the burst is to meet an open trail, not wait at the gate for it.
    await until(() => /history database open/.test(horizon.output()), 30_000, 'the database to open');
    const bee = SEED.users.busyBee.sid;
    const channels = [...upstream.fake.store.members.values()]
      .filter((member) => member.userSid === bee)
      .map((member) => member.channelSid);
    const base = `${url}/api/chat/v2/Services/${SEED.services.support.sid}/Users/${bee}/Channels`;
    const burst = Array.from({ length: options.changes }, (_, index) =>
      fetch(`${base}/${channels[index % channels.length]}`, {
        method: 'POST',
        // Each change carries its own number, so upstream's log and the trail can be matched one to one.
        body: `LastConsumedMessageIndex=${index}`,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: url,
          'X-Horizon-Client': 'console',
        },
      }).catch(() => null),
    );
    const posts = () => upstream.fake.log.filter((entry) => entry.method === 'POST');
    await until(() => posts().length >= options.killAfterWrites, 15_000, 'writes to reach the fake');
    await horizon.kill();
    await Promise.all(burst);
    // Requests Horizon sent before it died are still being answered: the log is final once none is.
    await until(() => upstream.answering() === 0, 10_000, 'the fake to answer what it was sent');
    const reached = posts().map((entry) => entry.body?.LastConsumedMessageIndex as string);
    return { reached, trail: await readTrail(horizon.databaseDir) };
  } finally {
    await horizon.kill();
    await upstream.close();
  }
}
