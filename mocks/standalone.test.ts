// `npm run fake-twilio` as a child process: environment parsing, credential check, knobs from the environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from './seed.ts';
import { basicAuth } from './test-support.ts';

const script = fileURLToPath(new URL('./standalone.ts', import.meta.url));
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

/** Starts the script; resolves with its URL once it listens, or with its exit code and stderr. */
function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', FAKE_TWILIO_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  return new Promise<{ url?: string; code?: number | null; stderr: string }>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /Fake Twilio on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url) resolve({ url, stderr });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('npm run fake-twilio', () => {
  // Each case spawns tsx (~1–2 s on a loaded machine), so one run checks credentials and an environment knob.
  it('checks FAKE_TWILIO_ACCOUNT_SID / FAKE_TWILIO_AUTH_TOKEN, applies knobs from the environment', async () => {
    const accountSid = `AC${'c'.repeat(32)}`;
    const { url } = await run({
      FAKE_TWILIO_ACCOUNT_SID: accountSid,
      FAKE_TWILIO_AUTH_TOKEN: 'sekret',
      FAKE_TWILIO_LATENCY_MS: '150',
    });
    if (!url) throw new Error('the fake did not start');
    const path = `${url}/chat/v2/Services/${SEED.services.support.sid}/Users/alice%40example.com/Channels`;
    const sent = performance.now();
    const ok = await fetch(path, { headers: { Authorization: basicAuth(accountSid, 'sekret') } });
    expect(performance.now() - sent).toBeGreaterThanOrEqual(140);
    expect(ok.status).toBe(200);
    expect((await ok.json()).channels[0].account_sid).toBe(accountSid);
    const wrong = await fetch(path, { headers: { Authorization: basicAuth(accountSid, 'guess') } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).code).toBe(20003);
  });

  it.each([
    [{ FAKE_TWILIO_ACCOUNT_SID: 'ACnope', FAKE_TWILIO_AUTH_TOKEN: 't' }, /FAKE_TWILIO_ACCOUNT_SID/],
    [{ FAKE_TWILIO_FAILURE_RATE: '3' }, /FAKE_TWILIO_FAILURE_RATE=3/],
  ])('refuses to start with %o and says why', async (env, message) => {
    const result = await run(env);
    expect(result.url).toBeUndefined();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});
