import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { PostgresAuditTrail } from './pg-trail.ts';
import { freshPgliteDir } from './testing-pglite.ts';

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
