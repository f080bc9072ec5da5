import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from '@playwright/test';

// Chromium as e2e/ drives it: Debian's build where it exists (CHROMIUM_PATH overrides), else Playwright's own.
const systemChromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumPath = existsSync(systemChromium) ? systemChromium : undefined;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Exact performance.memory figures (otherwise bucketed) — the heap figure also comes from CDP.
      '--enable-precise-memory-info',
    ],
  });
}

/**
 * In-page probes installed before any of the console's code runs:
 *  - the time stamp of the latest click (the input event's own time stamp, so it includes input dispatch),
 *  - a large resource-timing buffer (a lookup with names can make hundreds of requests),
 *  - `afterFrame()`: resolves after the next frame has been produced (rAF, then a user-blocking task posted from
 *    it, which runs once that frame's style, layout and paint are done).
 */
export interface BenchProbes {
  /** Time stamp of the first click since the last resetClick() (a label click also clicks its input: ignored). */
  lastClick: number;
  resetClick(): void;
  afterFrame(): Promise<{ raf: number; painted: number }>;
  /** Set by armFirstRow(): resolves when a channel row is on screen, then after the frame that shows it. */
  firstRow?: Promise<{ dom: number; raf: number; painted: number }>;
  /** Set by the click section: resolves when the row shows the new level, then after the frame that shows it. */
  change?: Promise<{ dom: number; raf: number; painted: number }>;
  /** Set by the show-all section. */
  allRows?: Promise<{ rows: number; usable: number; inDom: number }>;
}

declare global {
  interface Window {
    __bench: BenchProbes;
  }
}

const probes = () => {
  const bench: BenchProbes = {
    lastClick: Number.NaN,
    resetClick() {
      bench.lastClick = Number.NaN;
    },
    afterFrame(): Promise<{ raf: number; painted: number }> {
      return new Promise((resolve) => {
        requestAnimationFrame(() => {
          const raf = performance.now();
          const painted = () => resolve({ raf, painted: performance.now() });
          // The first task after the frame, ahead of the page's own normal-priority tasks: work the console defers
          // to "after this frame" (setTimeout from rAF) is queued in the same frame, and a plain posted message ran
          // behind it, so the paint was dated late by that work (BENCHMARKS.md, "How the first row is timed").
          const scheduler = (
            globalThis as {
              scheduler?: { postTask?: (task: () => void, options: { priority: string }) => Promise<void> };
            }
          ).scheduler;
          if (scheduler?.postTask) {
            void scheduler.postTask(painted, { priority: 'user-blocking' });
            return;
          }
          const channel = new MessageChannel();
          channel.port1.onmessage = painted;
          channel.port2.postMessage(0);
        });
      });
    },
  };
  window.__bench = bench;
  performance.setResourceTimingBufferSize(100_000);
  addEventListener(
    'click',
    (event) => {
      if (Number.isNaN(bench.lastClick)) bench.lastClick = event.timeStamp;
    },
    true,
  );
};

export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  // tsx (esbuild, keepNames) wraps named functions in __name(…); functions sent to the page need it defined there.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await context.addInitScript(probes);
  return context;
}

/** Opens the console's home page and waits until the lookup form can be used (services listed). */
export async function openConsole(page: Page, origin: string, path = '/'): Promise<void> {
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  await serviceSelect(page)
    .locator('option', { hasText: 'Acme Support' })
    .first()
    .waitFor({ state: 'attached', timeout: 15_000 });
}

export const serviceSelect = (page: Page) => page.getByRole('combobox', { name: 'Service', exact: true });

/** Fills the lookup form as an agent does (API, Service, User) without pressing Look up; `typed`: key by key. */
export async function fillLookup(
  page: Page,
  user: string,
  { apiLabel = 'Chat v2', service = 'Acme Support', typed = false } = {},
) {
  await selectByText(page.getByRole('combobox', { name: 'API', exact: true }), apiLabel);
  await selectByText(serviceSelect(page), service);
  const field = page.getByRole('textbox', { name: 'User', exact: true });
  if (typed) {
    await field.fill('');
    await field.pressSequentially(user);
  } else {
    await field.fill(user);
  }
}

export const lookUpButton = (page: Page) => page.getByRole('button', { name: 'Look up', exact: true });

/**
 * A person's click, in two steps: `pointAt` moves the pointer over the target (a hand already on the mouse, the
 * hover drawn), and the function it returns presses and releases the button. Raw input through CDP: Playwright's own
 * `click()` checks the target with listeners it injects into the page's pointer and click events, so its work would
 * run inside the task the figure measures.
 */
export async function pointAt(target: Locator): Promise<() => Promise<void>> {
  const page = target.page();
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('pointAt: the target has no box (not visible)');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  return async () => {
    await page.mouse.down();
    await page.mouse.up();
  };
}

async function selectByText(select: Locator, text: string): Promise<void> {
  const option = select.locator('option', { hasText: text }).first();
  await option.waitFor({ state: 'attached' });
  const value = await option.getAttribute('value');
  await select.selectOption(value ?? { label: text });
}

/** The user's table, named by the API's own word: "Channels of …" (Chat) or "Conversations of …"; either when unsaid. */
export type TableName = 'Channels' | 'Conversations';

export const channelsTable = (page: Page, name?: TableName) =>
  page.getByRole('table', { name: new RegExp(`^${name ?? '(Channels|Conversations)'} of`) });

/** Body rows that hold a channel (a link or button to open it), not skeleton rows. */
export const channelRows = (page: Page, name?: TableName) =>
  channelsTable(page, name)
    .getByRole('row')
    .filter({ has: page.getByRole('cell') })
    .filter({ has: page.locator('a[href], button') });

/**
 * Tracks Horizon /api requests in flight from the browser, so a step can wait until the console has stopped
 * talking to the server (names filled in, prefetches done).
 */
export function trackApi(page: Page) {
  let inFlight = 0;
  let lastChange = Date.now();
  const isApi = (url: string) => new URL(url).pathname.startsWith('/api/');
  page.on('request', (request) => {
    if (!isApi(request.url())) return;
    inFlight += 1;
    lastChange = Date.now();
  });
  const done = (request: { url(): string }) => {
    if (!isApi(request.url())) return;
    inFlight -= 1;
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return {
    get inFlight() {
      return inFlight;
    },
    /** Resolves once no /api request has been in flight for `quietMs` (or throws after `timeoutMs`). */
    async idle(quietMs = 300, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (inFlight <= 0 && Date.now() - lastChange >= quietMs) return;
        if (Date.now() > deadline)
          throw new Error(`/api still busy after ${timeoutMs} ms (${inFlight} in flight)`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** `/api` resource timings in the page, optionally only those started after `since` (page time, ms). */
export async function apiTimings(page: Page, since = 0) {
  return page.evaluate((after) => {
    return performance
      .getEntriesByType('resource')
      .filter((entry) => new URL(entry.name).pathname.startsWith('/api/') && entry.startTime >= after)
      .map((entry) => {
        const timing = entry as PerformanceResourceTiming;
        return {
          url: timing.name,
          path: new URL(timing.name).pathname,
          start: timing.startTime,
          requestStart: timing.requestStart,
          end: timing.responseEnd,
        };
      });
  }, since);
}

/**
 * Arms an in-page watcher for the first channel row on screen: a body row of the table named "Channels…" in #main
 * that holds the link or button opening a channel, that was not there when armed
 * (so a previous user's rows don't count).
 * A MutationObserver notices it as soon as it is in the DOM (a per-frame check backs it up) without forcing a
 * layout; once that frame is painted, the row must be inside the viewport (else the watch goes on). The result
 * carries the DOM moment and the end of the frame that painted the row.
 */
export async function armFirstRow(page: Page, name: TableName = 'Channels'): Promise<void> {
  await page.evaluate((name) => {
    const tableName = (table: HTMLTableElement) => {
      const labelledBy = table.getAttribute('aria-labelledby');
      if (labelledBy) {
        return labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
      }
      return table.getAttribute('aria-label') ?? table.caption?.textContent ?? '';
    };
    const rows = (): Element[] => {
      const found: Element[] = [];
      for (const table of document.querySelectorAll<HTMLTableElement>('#main table')) {
        if (!tableName(table).trim().startsWith(name)) continue;
        for (const row of table.querySelectorAll('tbody tr')) {
          if (row.querySelector('td') && row.querySelector('a[href], button')) found.push(row);
        }
      }
      return found;
    };
    const before = new WeakSet(rows());
    const newRow = () => rows().find((row) => !before.has(row)) ?? null;
    window.__bench.resetClick();
    window.__bench.firstRow = new Promise((resolve) => {
      let checking = false;
      let done = false;
      const check = () => {
        if (done || checking || !newRow()) return;
        checking = true;
        const dom = performance.now();
        void window.__bench.afterFrame().then((frame) => {
          checking = false;
          const row = newRow();
          const box = row?.getBoundingClientRect();
          if (
            !box ||
            box.height === 0 ||
            box.bottom <= 0 ||
            box.top >= innerHeight ||
            box.right <= 0 ||
            box.left >= innerWidth
          )
            return;
          done = true;
          observer.disconnect();
          resolve({ dom, ...frame });
        });
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
      });
      const poll = () => {
        if (done) return;
        check();
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
  }, name);
}

export async function firstRowResult(page: Page) {
  return page.evaluate(async () => {
    const row = await window.__bench.firstRow;
    if (!row) throw new Error('armFirstRow() was not called');
    return { ...row, click: window.__bench.lastClick };
  });
}

/** One round trip through Horizon from the page, fetched the way the console fetches: the middle of three (ms). */
export async function measureRoundTrip(page: Page, url: string): Promise<number> {
  return page.evaluate(async (url) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await (await fetch(url, { cache: 'no-store' })).arrayBuffer();
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[1] as number;
  }, url);
}

/**
 * Arms an in-page watcher for Show all: resolves once the table named `name` holds (or, virtualised, announces via
 * aria-rowcount) `expected` rows and is not busy, after the frame that paints them; "usable" also waits out the long
 * tasks still running then. Read it with allRowsResult() after clicking Show all.
 */
export async function armAllRows(page: Page, expected: number, name: TableName = 'Channels'): Promise<void> {
  await page.evaluate(
    ({ expected, name }) => {
      const bench = window.__bench;
      bench.resetClick();
      let lastLongTaskEnd = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          lastLongTaskEnd = Math.max(lastLongTaskEnd, entry.startTime + entry.duration);
        }
      }).observe({ type: 'longtask' });
      const count = () => {
        for (const table of document.querySelectorAll<HTMLTableElement>('#main table')) {
          if (!(table.caption?.textContent ?? table.getAttribute('aria-label') ?? '').trim().startsWith(name))
            continue;
          const declared = Number(table.getAttribute('aria-rowcount') ?? Number.NaN);
          const inDom = table.querySelectorAll('tbody tr a[href], tbody tr button').length;
          return { declared, inDom, busy: table.getAttribute('aria-busy') === 'true' };
        }
        return { declared: Number.NaN, inDom: 0, busy: true };
      };
      bench.allRows = new Promise((resolve) => {
        const poll = () => {
          const { declared, inDom, busy } = count();
          if (!busy && (inDom >= expected || declared >= expected)) {
            void bench.afterFrame().then(({ painted }) => {
              setTimeout(
                () => resolve({ rows: painted, usable: Math.max(painted, lastLongTaskEnd), inDom }),
                300,
              );
            });
          } else {
            requestAnimationFrame(poll);
          }
        };
        requestAnimationFrame(poll);
      });
    },
    { expected, name },
  );
}

/** What armAllRows() saw, with the click's time stamp; null when the rows didn't all arrive within `timeoutMs`. */
export async function allRowsResult(page: Page, timeoutMs = 60_000) {
  return page.evaluate(async (timeoutMs) => {
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
    const result = await Promise.race([window.__bench.allRows, timeout]);
    return result ? { ...result, click: window.__bench.lastClick } : null;
  }, timeoutMs);
}
