import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database.ts';
import { migrate } from './migrations.ts';
import { Scheduler } from './schedules.ts';

// Tests' embedded databases: creating a PGlite cluster takes seconds (initdb in WASM; 5-15 s on a busy machine),
// opening one under a second. Vitest's global setup makes (and migrates) one template per run; every test server
// gets its own copy of it.

export const TEMPLATE_KEY = 'pgliteTemplate';

export async function createPgliteTemplate(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-pglite-template-'));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db);
  // pg-boss creates its own schema at its first start: once here, not in every test server.
  const unused = () => Promise.reject(new Error('the template runs no schedules'));
  const scheduler = new Scheduler({ db, access: { level: unused, setLevel: unused, recordSkip: unused } });
  await scheduler.start();
  await scheduler.stop();
  await db.close();
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

let local: Promise<string> | null = null;

async function templateDir(): Promise<string> {
  // Outside Vitest (the bench), inject throws: the process makes its own template then.
  const provided = await import('vitest')
    .then(({ inject }) => inject(TEMPLATE_KEY as never) as string | undefined)
    .catch(() => undefined);
  if (provided) return provided;
  local ??= createPgliteTemplate().then((template) => template.dir);
  return local;
}

/** A fresh, migrated PGlite data folder inside `parent` (or a new temporary folder). */
export async function freshPgliteDir(parent?: string): Promise<string> {
  const dir = parent ? join(parent, 'pglite') : await mkdtemp(join(tmpdir(), 'horizon-pglite-'));
  await cp(await templateDir(), dir, { recursive: true });
  return dir;
}
