// Saves the README's screenshots of the console in demo mode:
//   docs/screenshots/table.png   busy.bee@example.com's channels (first page)
//   docs/screenshots/drawer.png  alice@example.com's "General" channel open in the drawer
//   docs/screenshots/conversations.png  alice@example.com's conversations (Conversations mode, State column)
//   docs/screenshots/participant.png    the SMS customer +15551234567 found by phone number
//
// Run it against a running server (not part of npm test); it only reads, so any demo server will do:
//   npm start                        # or: npm run build && npm run serve
//   npx tsx e2e/take-screenshots.ts  # HORIZON_URL=http://127.0.0.1:3100 to use another server
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect } from '@playwright/test';
import { bodyRows, drawer, viewPath } from './console.ts';
import { SEED } from '../mocks/seed.ts';
import { CHANNELS, SUPPORT, USERS } from './data.ts';

const baseURL = process.env.HORIZON_URL ?? 'http://127.0.0.1:3000';
const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/screenshots');
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: existsSync(systemChromium) ? systemChromium : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({
      baseURL,
      viewport: { width: 1280, height: 860 },
      deviceScaleFactor: 1,
      colorScheme: 'light',
    });
    const page = await context.newPage();

    // The table: wait for the rows and for the channel names (fetched after the rows) to fill in.
    await page.goto(viewPath('chatV2', SUPPORT.sid, USERS.busyBee.identity));
    await expect(bodyRows(page)).toHaveCount(50, { timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    await expect(bodyRows(page).getByRole('link', { name: 'General', exact: true })).toBeVisible();
    await page.screenshot({ path: resolve(outDir, 'table.png') });

    // The drawer: a deep link to Alice's "General".
    await page.goto(viewPath('chatV2', SUPPORT.sid, USERS.alice.identity, CHANNELS.general.sid));
    const dialog = drawer(page, 'General');
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog.getByRole('radio', { name: 'Default' })).toBeChecked();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: resolve(outDir, 'drawer.png') });

    // Conversations mode: alice's conversations, the State column filled in (one of them is closed).
    await page.goto(viewPath('conversations', SUPPORT.sid, USERS.alice.identity));
    await expect(bodyRows(page)).toHaveCount(USERS.alice.channels, { timeout: 15_000 });
    await expect(page.getByRole('columnheader', { name: /State/ })).toBeVisible();
    await expect(bodyRows(page).filter({ hasText: 'Closed' })).not.toHaveCount(0);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: resolve(outDir, 'conversations.png') });

    // A customer reachable only by phone number: their conversations, state, binding and timers.
    const phone = SEED.addresses.phone;
    await page.goto(`/conversations/services/${SUPPORT.sid}/participants/${encodeURIComponent(phone)}`);
    await expect(page.getByRole('table', { name: `Conversations with ${phone}` })).toBeVisible({
      timeout: 15_000,
    });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: resolve(outDir, 'participant.png') });

    const saved = ['table', 'drawer', 'conversations', 'participant'].map((name) => `${name}.png`);
    console.log(`saved ${saved.join(', ')} in ${outDir} from ${baseURL}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
