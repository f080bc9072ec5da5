import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DataFolderInUseError, lockDataFolder } from './data-folder-lock.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('refuses a second holder with a message that names the owner and the ways out', async () => {
  dir = await mkdtemp(join(tmpdir(), 'horizon-lock-'));
  const dataDir = join(dir, 'pglite');
  const release = await lockDataFolder(dataDir);
  const second = lockDataFolder(dataDir);
  await expect(second).rejects.toBeInstanceOf(DataFolderInUseError);
  await expect(second).rejects.toThrow(`in use by another Horizon (pid ${process.pid})`);
  await expect(second).rejects.toThrow(/DATABASE_DIR.*DATABASE_URL/);
  await release();
  // Released: the next holder gets it.
  const again = await lockDataFolder(dataDir);
  expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
  await again();
});

it('takes over a lock whose process is gone (a kill -9 leaves its lock behind)', async () => {
  dir = await mkdtemp(join(tmpdir(), 'horizon-lock-'));
  const dataDir = join(dir, 'pglite');
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  await writeFile(`${dataDir}.lock`, String(child.pid));
  const release = await lockDataFolder(dataDir);
  expect(await readFile(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
  await release();
});
