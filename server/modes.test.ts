import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { Agent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { loadConfig } from './config.ts';
import { freshPgliteDir } from './db/testing-pglite.ts';
import { type RunningServer, startServer } from './node-server.ts';
import { basic, EDITOR, type LiveSetup, readTrail, startLive } from './testing.ts';

// Demo mode, SSO header sign-in, the static console, the audit trail failing, and a graceful stop.

const SERVICE = SEED.services.support.sid;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close();
});

async function startDemo(env: Record<string, string> = {}): Promise<RunningServer & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-demo-'));
  const config = loadConfig({
    PORT: '0',
    AUDIT_LOG_FILE: join(dir, 'audit.jsonl'),
    DATABASE_DIR: await freshPgliteDir(dir),
    ...env,
  });
  const running = await startServer(config, {
    staticDir: env.HORIZON_STATIC_DIR ?? null,
    log: () => undefined,
  });
  cleanup.push(() => running.stop(500));
  await running.ready;
  return { ...running, dir };
}

describe('demo mode', () => {
  it('answers from the in-process fake as the "demo" editor', async () => {
    const demo = await startDemo();
    expect(await (await fetch(`${demo.url}/api/session`)).json()).toEqual({
      mode: 'demo',
      auth: 'none',
      agent: { name: 'demo', role: 'editor' },
      apis: ['chat-v2', 'chat-v1', 'conversations'],
      upstreamConcurrency: 10,
    });
    const user = await fetch(`${demo.url}/api/chat/v2/Services/${SERVICE}/Users/${SEED.users.alice.sid}`);
    expect(await user.json()).toMatchObject({ identity: SEED.users.alice.identity });
    expect(demo.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('tells the console its bound on requests to Twilio at once (UPSTREAM_CONCURRENCY), which sizes bulk changes', async () => {
    const demo = await startDemo({ UPSTREAM_CONCURRENCY: '3' });
    expect(await (await fetch(`${demo.url}/api/session`)).json()).toMatchObject({ upstreamConcurrency: 3 });
    expect(demo.upstream.limit.max).toBe(3);
  });

  it('keeps an idle connection open past Node’s 5 s default, so a first lookup after typing reuses it', async () => {
    const demo = await startDemo();
    const agent = new Agent({ keepAlive: true });
    cleanup.push(async () => agent.destroy());
    const get = () =>
      new Promise<{ reused: boolean; keepAlive: string | undefined }>((resolve, reject) => {
        const request = httpGet(`${demo.url}/api/session`, { agent }, (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ reused: request.reusedSocket, keepAlive: String(response.headers['keep-alive']) }),
          );
        });
        request.on('error', reject);
      });
    // The server tells the client how long it keeps an idle connection (Node's Agent and browsers go by it): longer
    // than an agent takes to type, and than a load balancer's usual 60 s idle timeout.
    const first = await get();
    expect(first.reused).toBe(false);
    expect(Number(/timeout=(\d+)/.exec(first.keepAlive ?? '')?.[1])).toBeGreaterThan(60);
    expect((await get()).reused).toBe(true);
  });

  it('mounts /__fake/* only with HORIZON_FAKE_CONTROL=1', async () => {
    const plain = await startDemo();
    expect((await fetch(`${plain.url}/__fake/log`)).status).toBe(404);
    const controlled = await startDemo({ HORIZON_FAKE_CONTROL: '1' });
    await fetch(`${controlled.url}/api/chat/v2/Services`);
    const log = (await (await fetch(`${controlled.url}/__fake/log`)).json()) as {
      entries: { path: string }[];
    };
    expect(log.entries.map((entry) => entry.path)).toEqual(['/chat/v2/Services']);
    expect((await fetch(`${controlled.url}/__fake/reset`, { method: 'POST' })).status).toBe(204);
  });

  it('serves the console: hashed assets immutable, client routes get index.html, unknown assets 404', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'horizon-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Horizon</title>');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    const demo = await startDemo({ HORIZON_STATIC_DIR: dist });
    const asset = await fetch(`${demo.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    const route = await fetch(
      `${demo.url}/chat-v2/services/${SERVICE}/users/alice%40example.com/channels/${SEED.channels.general.sid}`,
      { headers: { Accept: 'text/html' } },
    );
    expect(route.status).toBe(200);
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(await route.text()).toContain('<title>Horizon</title>');
    expect((await fetch(`${demo.url}/assets/gone-123.js`)).status).toBe(404);
    expect(
      (await fetch(`${demo.url}/%2e%2e/%2e%2e/etc/passwd`, { headers: { Accept: 'text/html' } })).status,
    ).not.toBe(500);
  });
});

describe('compression', () => {
  it('sends a precompressed asset the client accepts, with Vary, and the file itself otherwise', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'horizon-dist-'));
    await mkdir(join(dist, 'assets'));
    const source = `console.log(${JSON.stringify('x'.repeat(4000))});`;
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Horizon</title>');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), source);
    await writeFile(join(dist, 'assets', 'index-abc123.js.br'), brotliCompressSync(source));
    await writeFile(join(dist, 'assets', 'index-abc123.js.gz'), gzipSync(source));
    const demo = await startDemo({ HORIZON_STATIC_DIR: dist });
    const url = `${demo.url}/assets/index-abc123.js`;
    const br = await fetch(url, { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(br.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await br.text()).toBe(source);
    const gz = await fetch(url, { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(await gz.text()).toBe(source);
    const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(source);
  });

  it('compresses /api JSON of 1 KB or more, keeps the security headers and leaves small answers alone', async () => {
    const demo = await startDemo();
    const list = await fetch(
      `${demo.url}/api/chat/v2/Services/${SERVICE}/Users/${SEED.users.alice.sid}/Channels`,
      {
        headers: { 'Accept-Encoding': 'gzip' },
      },
    );
    expect(list.status).toBe(200);
    expect(list.headers.get('content-encoding')).toBe('gzip');
    expect(list.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await list.json()).toMatchObject({ channels: expect.any(Array) });
    const session = await fetch(`${demo.url}/api/session`, { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(session.headers.get('content-encoding')).toBeNull();
    expect(await session.json()).toMatchObject({ mode: 'demo' });
  });
});

describe('SSO header sign-in', () => {
  async function startHeaderMode(trusted: string): Promise<LiveSetup> {
    const dir = await mkdtemp(join(tmpdir(), 'horizon-sso-'));
    const agentsFile = join(dir, 'agents.json');
    await writeFile(agentsFile, JSON.stringify({ agents: [{ name: 'erin', role: 'editor' }] }));
    const live = await startLive({
      agentsFile,
      env: {
        CONSOLE_AUTH: 'header',
        CONSOLE_TRUSTED_PROXIES: trusted,
        CONSOLE_AUTH_HEADER: 'X-Forwarded-User',
      },
    });
    cleanup.push(() => live.close());
    return live;
  }

  it('trusts the identity header from a trusted proxy; unknown names are viewers', async () => {
    const live = await startHeaderMode('127.0.0.1');
    const session = async (user: string) =>
      (await fetch(`${live.horizon.url}/api/session`, { headers: { 'X-Forwarded-User': user } })).json();
    expect(await session('erin')).toMatchObject({ auth: 'header', agent: { name: 'erin', role: 'editor' } });
    expect(await session('someone.else')).toMatchObject({ agent: { name: 'someone.else', role: 'viewer' } });
    expect((await fetch(`${live.horizon.url}/api/session`)).status).toBe(401);
  });

  it('ignores the header from anyone else', async () => {
    const live = await startHeaderMode('10.9.8.7');
    const response = await fetch(`${live.horizon.url}/api/session`, {
      headers: { 'X-Forwarded-User': 'erin' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });
});

describe('the audit trail across restarts', () => {
  it('serves entries written before a restart from GET /api/audit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'horizon-restart-'));
    const env = {
      PORT: '0',
      AUDIT_LOG_FILE: join(dir, 'audit.jsonl'),
      DATABASE_DIR: await freshPgliteDir(dir),
    };
    const path = `/api/chat/v2/Services/${SERVICE}/Users/${SEED.users.alice.sid}/Channels/${SEED.channels.general.sid}`;
    const first = await startServer(loadConfig(env), { log: () => undefined });
    await first.ready;
    const changed = await fetch(`${first.url}${path}`, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: first.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(changed.status).toBe(200);
    await first.stop(500);

    const second = await startServer(loadConfig(env), { log: () => undefined });
    cleanup.push(() => second.stop(500));
    await second.ready;
    const { entries } = (await (
      await fetch(`${second.url}/api/audit?user=${SEED.users.alice.sid}`)
    ).json()) as {
      entries: { path: string; params: Record<string, string> }[];
    };
    expect(entries).toMatchObject([{ path, params: { NotificationLevel: 'muted' } }]);
  });
});

describe('the audit trail cannot be written', () => {
  it('sends no change upstream and says why', async () => {
    const live = await startLive();
    cleanup.push(() => live.close());
    await live.horizon.store.trail.close(); // from now on every write fails
    const path = `/api/chat/v2/Services/${SERVICE}/Users/${SEED.users.alice.sid}/Channels/${SEED.channels.general.sid}`;
    live.fake.fake.log.clear();
    const response = await fetch(`${live.horizon.url}${path}`, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      message: expect.stringMatching(/audit trail cannot be written/),
    });
    expect([...live.fake.fake.log]).toEqual([]);
  });

  it('does not open the database when the old audit file cannot be read, and refuses changes (main.ts exits)', async () => {
    // A directory where the file should be: fails for root too, unlike a permission check.
    const dir = await mkdtemp(join(tmpdir(), 'horizon-audit-dir-'));
    const config = loadConfig({ PORT: '0', AUDIT_LOG_FILE: dir, DATABASE_DIR: await freshPgliteDir(dir) });
    const running = await startServer(config, { log: () => undefined });
    cleanup.push(() => running.stop(500));
    await expect(running.ready).rejects.toThrow(/EISDIR/);
    expect(await (await fetch(`${running.url}/healthz`)).json()).toMatchObject({ database: 'failed' });
    const path = `/api/chat/v2/Services/${SERVICE}/Users/${SEED.users.alice.sid}/Channels/${SEED.channels.general.sid}`;
    const refused = await fetch(`${running.url}${path}`, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: running.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/could not be opened/) });
  });
});

describe('graceful stop', () => {
  it('finishes in-flight requests, refuses new connections, and flushes the audit trail', async () => {
    const live = await startLive();
    live.fake.fake.knobs.latencyMs = 300;
    const path = `/api/chat/v2/Services/${SERVICE}/Users/${SEED.users.alice.sid}/Channels/${SEED.channels.general.sid}`;
    const inFlight = fetch(`${live.horizon.url}${path}`, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
        Connection: 'close',
      },
    });
    // The record was read (Twilio answers slowly): the change itself is on its way when the stop begins.
    await vi.waitFor(() => expect(live.fake.fake.log.map((e) => e.method)).toEqual(['GET']), {
      timeout: 5000,
    });
    const stopped = live.horizon.stop(5000);
    const response = await inFlight;
    expect(response.status).toBe(200);
    await stopped;
    await expect(fetch(`${live.horizon.url}/healthz`)).rejects.toThrow();
    expect(await readTrail(live.databaseDir)).toMatchObject([{ outcome: 'forwarded', status: 200 }]);
    await live.fake.close();
  });
});
