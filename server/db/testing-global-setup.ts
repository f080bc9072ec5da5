import type { TestProject } from 'vitest/node';
import { createPgliteTemplate, TEMPLATE_KEY } from './testing-pglite.ts';

// Vitest global setup (node project): one migrated PGlite template for the whole run (see testing-pglite.ts).

export default async function setup(project: TestProject) {
  const template = await createPgliteTemplate();
  project.provide(TEMPLATE_KEY as never, template.dir as never);
  return template.remove;
}
