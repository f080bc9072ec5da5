import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './database.ts';

// The embedded database's first start creates its folder (initdb: seconds to tens of seconds). A newcomer who stops
// `npm start` then must not be left with a folder no later start can open.

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const entries = (path: string) => readdir(path).catch(() => null);

it('a first start killed while it creates the database leaves no half-made folder; the next start creates it', async () => {
  dir = await mkdtemp(join(tmpdir(), 'horizon-first-start-'));
  const dataDir = join(dir, 'pglite');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./testing-crash-child.ts', import.meta.url)),
      dataDir,
      'first',
    ],
    { stdio: 'ignore' },
  );
  // Killed as soon as the cluster's files start to appear, well before initdb is done.
  await expect
    .poll(async () => (await entries(`${dataDir}.creating`))?.length ?? 0, { timeout: 30_000, interval: 20 })
    .toBeGreaterThan(0);
  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(await entries(dataDir)).toBeNull();

  const db = await openDatabase({ dataDir });
  expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
  await db.close();
  expect(await entries(dataDir)).toContain('PG_VERSION');
  expect(await entries(`${dataDir}.creating`)).toBeNull();
}, 120_000);

it('refuses a folder that holds other files, and says what to do', async () => {
  dir = await mkdtemp(join(tmpdir(), 'horizon-first-start-'));
  const dataDir = join(dir, 'not-a-database');
  await mkdir(dataDir);
  await writeFile(join(dataDir, 'notes.txt'), 'mine');
  await expect(openDatabase({ dataDir })).rejects.toThrow(/holds files but no database.*empty or new folder/);
  // Nothing of it was touched, and the lock was given back.
  expect(await entries(dataDir)).toEqual(['notes.txt']);
  expect(await entries(dir)).toEqual(['not-a-database']);
});
