import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../../mocks/seed.ts';
import { basic, EDITOR, type LiveSetup, readTrail, startLive } from '../testing.ts';
import { openDatabase } from './database.ts';
import { PostgresAuditTrail } from './pg-trail.ts';
import { freshPgliteDir } from './testing-pglite.ts';
import { postgresForTests, startTestPostgres } from './testing-postgres.ts';

// What the embedded database promises (README, "The database"): an intent begin() resolved for survives the
// process being killed (kill -9), and reads 'unknown' at the next start.

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('keeps an intent through kill -9 and reads it as unknown at the next start', async () => {
  dir = await freshPgliteDir();
  const id = `crash-${Date.now()}`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./testing-crash-child.ts', import.meta.url)), dir, id],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await expect.poll(() => output, { timeout: 30_000, interval: 100 }).toContain('begun');
  child.kill('SIGKILL');
  await once(child, 'exit');

  const db = await openDatabase({ dataDir: dir });
  const trail = new PostgresAuditTrail(db);
  await trail.ready();
  const { entries } = await trail.query({});
  expect(entries.map((entry) => [entry.id, entry.outcome])).toEqual([[id, 'unknown']]);
  await trail.close();
  await db.close();
}, 60_000);

// Store faults while Horizon runs: the database goes away (a PostgreSQL crash) or its disk fills (PGlite). Changes are
// refused with 503 and none reaches Twilio unaudited; once the fault is gone the next change goes through, with no
// restart. (hardening.test.ts covers a clean PostgreSQL shutdown.)

const MEMBERSHIP = `/api/chat/v2/Services/${SEED.services.support.sid}/Users/${SEED.users.alice.sid}/Channels/${SEED.channels.general.sid}`;

const faultCleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of faultCleanup.splice(0).reverse()) await step().catch(() => undefined);
});

function change(setup: LiveSetup, level: 'muted' | 'default') {
  return fetch(`${setup.horizon.url}${MEMBERSHIP}`, {
    method: 'POST',
    body: `NotificationLevel=${level}`,
    headers: {
      Authorization: basic(EDITOR.name, EDITOR.password),
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: setup.horizon.url,
      'X-Horizon-Client': 'console',
    },
  });
}

const writesSent = (setup: LiveSetup) => setup.fake.fake.log.filter((entry) => entry.method !== 'GET');

async function expectRefusedUnsent(setup: LiveSetup) {
  setup.fake.fake.log.clear();
  const refused = await change(setup, 'default');
  expect(refused.status).toBe(503);
  expect(await refused.json()).toMatchObject({
    message: expect.stringMatching(/audit trail cannot be written/),
  });
  expect(writesSent(setup)).toEqual([]);
}

describe.skipIf(!postgresForTests())('a PostgreSQL crash', () => {
  it('refuses changes (503, none sent) and history reads (503) while it is down; recovers by itself', async () => {
    const server = await startTestPostgres();
    faultCleanup.push(() => server.remove());
    const setup = await startLive({ env: { DATABASE_URL: await server.createDatabase('crash') } });
    faultCleanup.push(() => setup.close());
    expect((await change(setup, 'muted')).status).toBe(200);

    await server.stop('immediate');
    await expectRefusedUnsent(setup);
    const history = await fetch(`${setup.horizon.url}/api/history`, {
      headers: { Authorization: basic(EDITOR.name, EDITOR.password) },
    });
    expect(history.status).toBe(503);
    expect(await history.json()).toMatchObject({ message: expect.stringMatching(/not answering/) });

    await server.start();
    expect((await change(setup, 'default')).status).toBe(200);
    expect(writesSent(setup)).toHaveLength(1);
    expect(
      (await readTrail(setup.horizon.store.trail)).map((entry) => [
        entry.params.NotificationLevel,
        entry.outcome,
      ]),
    ).toEqual([
      ['muted', 'forwarded'],
      ['default', 'forwarded'],
    ]);
  }, 90_000);
});

/** A small tmpfs of our own (root with CAP_SYS_ADMIN); elsewhere the disk-full test is skipped with this reason. */
function mountable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-mount-probe-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status === 0;
  if (mounted) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  if (!mounted) console.warn('cannot mount a tmpfs here (needs root): the PGlite disk-full test is skipped');
  return mounted;
}

/** Fills the file system holding `dir` up to the last byte. */
async function fill(file: string): Promise<void> {
  const { bavail, bsize } = await statfs(dirname(file));
  const handle = await open(file, 'w');
  try {
    const chunk = Buffer.alloc(bsize * 64);
    for (let left = bavail * bsize; left > 0; left -= chunk.length) await handle.write(chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    await handle.close();
  }
}

describe.skipIf(!mountable())('PGlite’s disk full', () => {
  it('refuses changes (503, none sent) while its data folder’s disk is full; recovers once there is room', async () => {
    const disk = await mkdtemp(join(tmpdir(), 'horizon-full-disk-'));
    faultCleanup.push(() => rm(disk, { recursive: true, force: true }));
    // The migrated template (~40 MB) and room for it to open, on a file system of its own.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=56m', 'tmpfs', disk]);
    faultCleanup.push(async () => execFileSync('umount', ['-l', disk]));
    const setup = await startLive({ env: { DATABASE_DIR: await freshPgliteDir(disk) } });
    faultCleanup.push(() => setup.close());

    const filler = join(disk, 'filler');
    await fill(filler);
    await expectRefusedUnsent(setup);
    expect(setup.logs.join('\n')).toMatch(/No space left on device/);

    await rm(filler);
    expect((await change(setup, 'muted')).status).toBe(200);
    expect(writesSent(setup)).toHaveLength(1);
    expect((await readTrail(setup.horizon.store.trail)).map((entry) => entry.outcome)).toEqual(['forwarded']);
  }, 90_000);
});
