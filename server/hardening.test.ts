import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { loadConfig } from './config.ts';
import { freshPgliteDir } from './db/testing-pglite.ts';
import { postgresForTests, startTestPostgres } from './db/testing-postgres.ts';
import { startServer } from './node-server.ts';
import {
  basic,
  EDITOR,
  type LiveSetup,
  rawRequest,
  readTrail,
  startLive,
  writeAgentsFile,
} from './testing.ts';

// One test (at least) per finding of the security review (issue 13), each reproducing the attack.

const SERVICE = SEED.services.support.sid;
const ALICE = SEED.users.alice;
const CHANNEL = SEED.channels.general.sid;
const changePath = `/api/chat/v2/Services/${SERVICE}/Users/${ALICE.sid}/Channels/${CHANNEL}`;

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function live(options: Parameters<typeof startLive>[0] = {}): Promise<LiveSetup> {
  const setup = await startLive(options);
  cleanup.push(() => setup.close());
  return setup;
}

function mute(setup: LiveSetup, level: 'muted' | 'default' = 'muted', headers: Record<string, string> = {}) {
  return fetch(`${setup.horizon.url}${changePath}`, {
    method: 'POST',
    body: `NotificationLevel=${level}`,
    headers: {
      Authorization: basic(EDITOR.name, EDITOR.password),
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: setup.horizon.url,
      'X-Horizon-Client': 'console',
      ...headers,
    },
  });
}

const forwardedChanges = (setup: LiveSetup) => setup.fake.fake.log.filter((entry) => entry.method !== 'GET');

describe('1. DNS rebinding: the Host header is checked', () => {
  it('refuses a request for another host name (421), even with a matching Origin, and forwards nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'horizon-host-'));
    const config = loadConfig({
      PORT: '0',
      AUDIT_LOG_FILE: join(dir, 'audit.jsonl'),
      DATABASE_DIR: await freshPgliteDir(dir),
    }); // demo, no sign-in
    const server = await startServer(config, { log: () => undefined });
    cleanup.push(() => server.stop(1000));
    const port = new URL(server.url).port;
    const rebound = `rebind.attacker.example:${port}`;
    const read = await rawRequest(server.url, '/api/session', { headers: { Host: rebound } });
    expect(read.status).toBe(421);
    const write = await rawRequest(server.url, changePath, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        Host: rebound,
        Origin: `http://${rebound}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Horizon-Client': 'console',
      },
    });
    expect(write.status).toBe(421);
    expect(server.fake?.fake.log.length).toBe(0);
    // The loopback names still work, and probes by any name reach /healthz.
    expect(
      (await rawRequest(server.url, '/api/session', { headers: { Host: `localhost:${port}` } })).status,
    ).toBe(200);
    expect((await rawRequest(server.url, '/healthz', { headers: { Host: '10.0.0.7' } })).status).toBe(200);
  });

  it('answers the names in CONSOLE_ALLOWED_HOSTS (or CONSOLE_PUBLIC_ORIGIN) and only those', async () => {
    const setup = await live({ env: { CONSOLE_ALLOWED_HOSTS: 'horizon.internal' } });
    const auth = { Authorization: basic(EDITOR.name, EDITOR.password) };
    const ask = (host: string) =>
      rawRequest(setup.horizon.url, '/api/session', { headers: { ...auth, Host: host } });
    expect((await ask('horizon.internal:8443')).status).toBe(200);
    expect((await ask('127.0.0.1')).status).toBe(421);
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'1a'.repeat(16)}`,
      TWILIO_AUTH_TOKEN: 't',
      CONSOLE_AUTH: 'basic',
      HOST: '0.0.0.0',
      CONSOLE_PUBLIC_ORIGIN: 'https://Horizon.Example.com',
    });
    expect(config.allowedHosts).toEqual(['horizon.example.com']);
    expect(() =>
      loadConfig({
        TWILIO_ACCOUNT_SID: `AC${'1a'.repeat(16)}`,
        TWILIO_AUTH_TOKEN: 't',
        CONSOLE_AUTH: 'basic',
        HOST: '0.0.0.0',
      }),
    ).toThrow(/CONSOLE_PUBLIC_ORIGIN .* or CONSOLE_ALLOWED_HOSTS/);
  });
});

describe('3. failed sign-ins are limited', () => {
  it('answers 429 without checking once a client has failed too often; a verified agent is not held up', async () => {
    const setup = await live();
    // The editor signs in first (as the console would have, before the flood began).
    expect((await mute(setup)).status).toBe(200);
    const guess = (n: number) =>
      fetch(`${setup.horizon.url}/api/session`, {
        headers: { Authorization: basic(EDITOR.name, `guess-${n}`) },
      });
    const statuses: number[] = [];
    for (let n = 0; n < 14; n++) statuses.push((await guess(n)).status);
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    const refused = await guess(99);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({
      code: 20429,
      message: expect.stringMatching(/failed sign-ins/),
    });
    // Same address, right password already verified: straight through.
    expect((await mute(setup, 'default')).status).toBe(200);
  });
});

describe.skipIf(!postgresForTests())('4/5. audit store faults', () => {
  // The whole server on a real PostgreSQL (started here) that goes away and comes back: what an outage looks like.
  it('refuses changes with 503 while the database is gone, sends none, and recovers by itself', async () => {
    const server = await startTestPostgres();
    cleanup.push(() => server.remove());
    const setup = await live({ env: { DATABASE_URL: await server.createDatabase('outage') } });
    expect((await mute(setup)).status).toBe(200);
    await server.stop();
    setup.fake.fake.log.clear();
    const refused = await mute(setup, 'default');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({
      message: expect.stringMatching(/audit trail cannot be written/),
    });
    expect(forwardedChanges(setup)).toEqual([]);
    // The database comes back: no restart, the next change is sent and recorded.
    await server.start();
    expect((await mute(setup, 'default')).status).toBe(200);
    expect(forwardedChanges(setup)).toHaveLength(1);
    const trail = await readTrail(setup.horizon.store.trail);
    expect(trail.map((entry) => [entry.params.NotificationLevel, entry.outcome])).toEqual([
      ['muted', 'forwarded'],
      ['default', 'forwarded'],
    ]);
  }, 60_000);
});

describe('7/8. the agents file', () => {
  it('fails closed when the file breaks: no agent signs in (logged), not the last good list', async () => {
    const setup = await live();
    const auth = { Authorization: basic(EDITOR.name, EDITOR.password) };
    expect((await fetch(`${setup.horizon.url}/api/session`, { headers: auth })).status).toBe(200);
    const file = join(setup.dir, 'agents.json');
    await writeFile(file, '{ not json');
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    await expect
      .poll(async () => (await fetch(`${setup.horizon.url}/api/session`, { headers: auth })).status, {
        timeout: 5000,
        interval: 100,
      })
      .toBe(401);
    expect(setup.logs.join('\n')).toMatch(/agents file unusable, no agent can sign in/);
  });

  it('answers requests that arrive while the file first loads against it, not an empty list', async () => {
    const setup = await live();
    const auth = { Authorization: basic(EDITOR.name, EDITOR.password) };
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () => fetch(`${setup.horizon.url}/api/session`, { headers: auth })),
    ).then((responses) => responses.map((response) => response.status));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });
});

describe('9. upstream bodies are bounded', () => {
  it('cuts off an answer over UPSTREAM_BODY_LIMIT_BYTES with a clear 502, without reading it whole', async () => {
    let pulled = 0;
    const setup = await live({
      env: { UPSTREAM_BODY_LIMIT_BYTES: String(256 * 1024) },
      wrapFetch: (inner) => async (request) => {
        if (!request.url.includes('/Users/')) return inner(request);
        const chunk = new TextEncoder().encode(`"${'x'.repeat(64 * 1024 - 2)}"`);
        // 200 MB, if anyone read it all.
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += chunk.byteLength;
            if (pulled > 200 * 1024 * 1024) controller.close();
            else controller.enqueue(chunk);
          },
        });
        return new Response(body, { headers: { 'Content-Type': 'application/json' } });
      },
    });
    const response = await fetch(`${setup.horizon.url}/api/chat/v2/Services/${SERVICE}/Users/${ALICE.sid}`, {
      headers: { Authorization: basic(EDITOR.name, EDITOR.password) },
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      code: 20502,
      message: expect.stringMatching(/larger than 262144 bytes/),
    });
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('10. the deadline covers the wait for a slot', () => {
  it('answers queued requests 504 at the deadline, without ever sending them', async () => {
    const releases: (() => void)[] = [];
    const setup = await live({
      env: { UPSTREAM_CONCURRENCY: '1', UPSTREAM_TIMEOUT_MS: '300' },
      wrapFetch: (inner) => async (request) => {
        if (request.method === 'GET') await new Promise<void>((resolve) => releases.push(resolve));
        return inner(request);
      },
    });
    const auth = { Authorization: basic(EDITOR.name, EDITOR.password) };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${setup.horizon.url}/api/chat/v2/Services/${SERVICE}/Users/${ALICE.sid}`, { headers: auth }),
      ),
    );
    for (const release of releases) release();
    const bodies = await Promise.all(
      responses.map((response) => response.json() as Promise<{ message: string }>),
    );
    expect(responses.map((response) => response.status)).toEqual([504, 504, 504, 504, 504]);
    // One reached the (stuck) upstream; the other four timed out in Horizon's queue and were never sent.
    expect(releases).toHaveLength(1);
    expect(
      bodies.filter((body) => /queued past the 300 ms deadline; nothing was sent/.test(body.message)),
    ).toHaveLength(4);
  });
});

describe('the change path', () => {
  it('stores the agent’s reason (percent-encoded UTF-8 header, bounded) with the change', async () => {
    const setup = await live();
    const reason = 'Ticket #4411 — zoë asked';
    const response = await mute(setup, 'muted', { 'X-Horizon-Reason': encodeURIComponent(reason) });
    expect(response.status).toBe(200);
    const id = response.headers.get('x-horizon-audit-id');
    const [entry] = await readTrail(setup.horizon.store.trail);
    expect(entry).toMatchObject({ id, reason, outcome: 'forwarded' });
    const tooLong = await mute(setup, 'default', { 'X-Horizon-Reason': 'x'.repeat(201) });
    expect(tooLong.status).toBe(400);
    expect(forwardedChanges(setup)).toHaveLength(1);
  });

  it('is callable without HTTP (a schedule), with the same checks and trail', async () => {
    const setup = await live();
    const path = changePath.replace(/^\/api\//, '');
    const done = await setup.horizon.app.performChange({
      agent: { name: 'scheduler', role: 'editor' },
      method: 'POST',
      path,
      form: new URLSearchParams({ NotificationLevel: 'muted' }),
      scheduleId: 'sched-7',
    });
    expect(done.status).toBe(200);
    const refused = await setup.horizon.app.performChange({
      agent: { name: 'scheduler', role: 'editor' },
      method: 'POST',
      path,
      form: new URLSearchParams({ FriendlyName: 'x' }),
    });
    expect(refused.status).toBe(403);
    expect(
      (await readTrail(setup.horizon.store.trail)).map((entry) => [entry.scheduleId, entry.outcome]),
    ).toEqual([
      ['sched-7', 'forwarded'],
      [null, 'refused'],
    ]);
    expect(forwardedChanges(setup)).toHaveLength(1);
  });
});

describe('agents file helper', () => {
  it('writes a file the server accepts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'horizon-agents-'));
    expect(await readFile(await writeAgentsFile(dir), 'utf8')).toContain(EDITOR.name);
  });
});
