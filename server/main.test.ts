import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { readTrail } from './testing.ts';
import { freshPgliteDir } from './db/testing-pglite.ts';

// `npm run serve` as a real process: the startup line, a configuration error, and SIGTERM with a request in flight.

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HORIZON_STATIC_DIR: 'does-not-exist', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const check = setInterval(() => {
      const url = /Horizon listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearInterval(check);
        resolve(url);
      }
    }, 25);
    exited.then(() => {
      clearInterval(check);
      reject(new Error(`exited before listening:\n${output}`));
    });
  });
  return { child, exited, listening, output: () => output };
}

describe('server/main.ts', () => {
  it('says demo mode on startup and finishes an in-flight change on SIGTERM before exiting 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'horizon-main-'));
    const databaseDir = await freshPgliteDir(dir);
    const server = serve({
      AUDIT_LOG_FILE: join(dir, 'audit.jsonl'),
      DATABASE_DIR: databaseDir,
      // Each Twilio request takes a second: wide enough to see the change in flight, and send SIGTERM then.
      FAKE_TWILIO_LATENCY_MS: '1000',
    });
    const url = await server.listening;
    expect(server.output()).toMatch(/DEMO mode: answering \/api from the built-in fake Twilio/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // It listens before its database is open; this change is to be in flight at SIGTERM, not waiting for the open.
    await expect.poll(server.output, { timeout: 15_000, interval: 50 }).toMatch(/history database open/);

    const path = `/api/chat/v2/Services/${SEED.services.support.sid}/Users/${SEED.users.alice.sid}/Channels/${SEED.channels.general.sid}`;
    const inFlight = fetch(`${url}${path}`, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: url,
        'X-Horizon-Client': 'console',
      },
    });
    // In flight: its intent is recorded (after the read of the record, before the write), and Twilio hasn't answered.
    const latestOutcome = async () => {
      const response = await fetch(`${url}/api/history?limit=1`);
      const { entries } = (await response.json()) as { entries: { outcome: string }[] };
      return entries[0]?.outcome;
    };
    await expect.poll(latestOutcome, { timeout: 15_000, interval: 20 }).toBe('pending');
    server.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ notification_level: 'muted' });
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: finishing in-flight requests/);
    expect(await readTrail(databaseDir)).toMatchObject([
      { agent: 'demo', outcome: 'forwarded', status: 200 },
    ]);
  });

  it('exits 1 with what to fix when the configuration is wrong', async () => {
    const server = serve({
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'secret-token-value',
    });
    await expect(server.listening).rejects.toThrow();
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/live mode needs agent sign-in/);
    expect(server.output()).not.toContain('secret-token-value');
  });
});
