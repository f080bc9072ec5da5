import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium where it exists (CI, these machines); Playwright's own browsers elsewhere.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  // One server, one in-memory fake Twilio: tests that change data reset it, so they run one at a time.
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // The production server over the built console, in demo mode, with the fake's test controls on. Each run starts
    // from an empty database: history and schedules left by an earlier run (a failed timed mute stays listed for
    // 7 days) would show on the seeded users' rows.
    command: 'rm -rf test-results/e2e-pglite test-results/e2e-pglite.lock && npm run serve',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    // A first start creates the embedded database (PGlite's initdb: several seconds on a busy machine).
    timeout: 90_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      HORIZON_FAKE_CONTROL: '1',
      AUDIT_LOG_FILE: 'test-results/e2e-audit.jsonl',
      DATABASE_DIR: 'test-results/e2e-pglite',
      // A schedule Twilio keeps failing gives up after 2 retries about 1 s and 2 s apart (e2e/schedules.spec.ts).
      SCHEDULE_RETRY_LIMIT: '2',
      SCHEDULE_RETRY_DELAY_SECONDS: '1',
    },
  },
});
