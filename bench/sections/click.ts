import type { Browser, Page } from '@playwright/test';
import { channelRows, fillLookup, lookUpButton, newContext, openConsole, trackApi } from '../lib/browser.ts';
import type { FakeControl } from '../lib/fake-control.ts';
import { type Summary, summarize } from '../lib/stats.ts';

// 3. Click to screen: an optimistic mute/unmute in the drawer while the fake takes `latencyMs` per request. Measured
// in the page: from the click event's time stamp to the moment the channel's row in the table (the second place
// the change shows, behind the drawer) reads the new level (MutationObserver), and to the end of the frame that
// paints it. Each click waits for the change and its refresh to settle before the next one; it alternates Muted /
// Default so every click is a real change.

export interface ClickResult {
  latencyMs: number;
  clicks: number;
  /** Click → row cell shows the new level, in the DOM (ms). */
  toDom: Summary;
  /** Click → end of the frame that painted it (ms). */
  toFrame: Summary;
  /** Changes whose row did not end on the level clicked (a rollback or a lost update). */
  notKept: number;
  timeouts: number;
}

async function armChange(page: Page, href: string, target: string): Promise<void> {
  await page.evaluate(
    ({ href, target }) => {
      const tables = [...document.querySelectorAll<HTMLTableElement>('#main table')].filter((t) =>
        (t.caption?.textContent ?? t.getAttribute('aria-label') ?? '').trim().startsWith('Channels'),
      );
      const cellText = (): string | null => {
        for (const table of tables) {
          const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
          const column = headers.findIndex((text) => text.startsWith('Notifications'));
          if (column < 0) continue;
          for (const row of table.querySelectorAll('tbody tr')) {
            if (!row.querySelector(`a[href="${CSS.escape(href)}"]`)) continue;
            return row.querySelectorAll(':scope > td, :scope > th')[column]?.textContent ?? null;
          }
        }
        return null;
      };
      window.__bench.resetClick();
      window.__bench.change = new Promise((resolve, reject) => {
        const start = cellText();
        if (start === null) {
          reject(new Error(`no Notifications cell for ${href}`));
          return;
        }
        if (start.includes(target)) {
          reject(new Error(`the row already reads ${target}`));
          return;
        }
        const observer = new MutationObserver(() => {
          if (!cellText()?.includes(target)) return;
          observer.disconnect();
          const dom = performance.now();
          void window.__bench.afterFrame().then((frame) => resolve({ dom, ...frame }));
        });
        for (const table of tables) {
          observer.observe(table, { childList: true, subtree: true, characterData: true });
        }
      });
    },
    { href, target },
  );
}

export async function measureClickToScreen(
  browser: Browser,
  origin: string,
  fake: FakeControl,
  { clicks, latencyMs }: { clicks: number; latencyMs: number },
): Promise<ClickResult> {
  await fake.reset();
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  await openConsole(page, origin);
  await fillLookup(page, 'alice@example.com');
  await lookUpButton(page).click();
  const link = channelRows(page).first().locator('a[href], button').first();
  await link.waitFor();
  const href = await link.getAttribute('href');
  if (!href) throw new Error('the first channel row has no link (href) to follow');
  await link.click();
  const dialog = page.getByRole('dialog').first();
  const group = dialog.getByRole('radiogroup', { name: 'Notifications' });
  await group.waitFor();
  await api.idle();
  await fake.knobs({ latencyMs });

  const toDom: number[] = [];
  const toFrame: number[] = [];
  let notKept = 0;
  let timeouts = 0;
  // One extra click first as a warm-up (its figures are dropped).
  for (let i = 0; i <= clicks; i++) {
    const muted = await group.getByRole('radio', { name: 'Muted', exact: true }).isChecked();
    const target = muted ? 'Default' : 'Muted';
    await armChange(page, href, target);
    await group.getByRole('radio', { name: target, exact: true }).click();
    const change = await page
      .evaluate(async () => {
        const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000));
        const result = await Promise.race([window.__bench.change, timeout]);
        return result ? { ...result, click: window.__bench.lastClick } : null;
      })
      .catch((error: Error) => {
        throw new Error(`click ${i}: ${error.message}`);
      });
    await api.idle(200);
    const kept = await group.getByRole('radio', { name: target, exact: true }).isChecked();
    if (i === 0) continue;
    if (!change) {
      timeouts += 1;
      continue;
    }
    if (!kept) notKept += 1;
    toDom.push(change.dom - change.click);
    toFrame.push(change.painted - change.click);
  }
  await fake.knobs({ latencyMs: 0 });
  await context.close();
  return { latencyMs, clicks, toDom: summarize(toDom), toFrame: summarize(toFrame), notKept, timeouts };
}
