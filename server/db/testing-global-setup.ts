import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createPgliteTemplate, TEMPLATE_KEY } from './testing-pglite.ts';

// Vitest global setup (node project): one migrated PGlite template for the whole run (see testing-pglite.ts), and one
// scratch folder for the run. Its tests (and the servers they start as processes) make their temporary folders in
// it through TMPDIR, and it is removed when the run ends: a test server's folder holds a database (~40 MB), and a
// run left hundreds of them behind.

export default async function setup(project: TestProject) {
  const scratch = await mkdtemp(join(tmpdir(), 'horizon-test-run-'));
  // The PostgreSQL tests run the server as the postgres user, in folders of their own inside this one.
  await chmod(scratch, 0o755);
  process.env.TMPDIR = scratch;
  const template = await createPgliteTemplate();
  project.provide(TEMPLATE_KEY as never, template.dir as never);
  return async () => {
    await template.remove();
    await rm(scratch, { recursive: true, force: true });
  };
}
