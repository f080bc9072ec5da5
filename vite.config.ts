import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { compileHints } from './scripts/compile-hints.ts';
import { precompress } from './server/precompress.ts';
import { horizonServer } from './server/vite-plugin.ts';

// One config for the app build, the dev server (which mounts Horizon's own /api handler) and Vitest.
export default defineConfig({
  plugins: [react(), horizonServer(), compileHints(), precompress()],
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'console',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['src/testing/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'mocks/**/*.test.ts',
            'server/**/*.test.ts',
            'scripts/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 20_000,
          // A test server opens its database (PGlite) and starts pg-boss: seconds on a busy machine.
          hookTimeout: 30_000,
          globalSetup: ['server/db/testing-global-setup.ts'],
        },
      },
    ],
  },
});
