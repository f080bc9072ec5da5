import { mkdtemp, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeAuth, startFakeTwilioServer } from '../mocks/standalone-server.ts';
import { hashPassword } from './agents.ts';
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
  const auditFile = join(dir, 'audit.jsonl');
  const config = loadConfig({
    ...liveEnv(fake.url, options.agentsFile ?? (await writeAgentsFile(dir)), auditFile),
    DATABASE_DIR: await freshPgliteDir(dir),
    ...options.env,
  });
  const logs: string[] = [];
  const inner: FetchLike = (request) => fetch(request);
  const horizon = await startServer(config, {
    log: (line) => logs.push(line),
    fetch: options.wrapFetch ? options.wrapFetch(inner) : inner,
  });
  return {
    horizon,
    fake,
    logs,
    dir,
    auditFile,
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
