import type { Browser, Page } from '@playwright/test';
import {
  apiTimings,
  channelRows,
  fillLookup,
  lookUpButton,
  newContext,
  openConsole,
  trackApi,
} from '../lib/browser.ts';
import { countKinds, type FakeControl, type FakeLogEntry, requestKind } from '../lib/fake-control.ts';
import { maxOverlap } from '../lib/stats.ts';

// 5. Requests per job, counted from the fake's request log (what reaches Twilio). The fake answers each request
// after a fixed LATENCY_MS, so a logged answer at time t was in flight during [t - LATENCY_MS, t]: that gives the
// channel-name requests in flight at Twilio at once. The browser's resource timings give the same from the
// console's side (fetch called → response end, so requests queued in the browser count as in flight).

const LATENCY_MS = 50;

export interface JobCount {
  job: string;
  total: number;
  byKind: Record<string, number>;
}

export interface RequestsResult {
  latencyMs: number;
  user: string;
  jobs: JobCount[];
  channelNames: {
    requested: number;
    rowsOnFirstPage: number;
    maxInFlightAtFake: number;
    maxInFlightInBrowser: number;
  };
}

const job = (name: string, entries: FakeLogEntry[]): JobCount => ({
  job: name,
  total: entries.length,
  byKind: countKinds(entries),
});

async function firstHref(page: Page): Promise<string | null> {
  return channelRows(page).first().locator('a[href]').first().getAttribute('href');
}

export async function measureRequests(
  browser: Browser,
  origin: string,
  fake: FakeControl,
): Promise<RequestsResult> {
  const user = 'busy.bee@example.com';
  await fake.reset();
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  const jobs: JobCount[] = [];

  // The first view itself (before any lookup).
  await fake.clearLog();
  await openConsole(page, origin);
  await api.idle(500);
  jobs.push(job('open the console (first view)', await fake.log()));

  // Lookup + first page (+ names).
  await fillLookup(page, user);
  await fake.knobs({ latencyMs: LATENCY_MS });
  await fake.clearLog();
  const since = await page.evaluate(() => performance.now());
  await lookUpButton(page).click();
  await channelRows(page).first().waitFor();
  await api.idle(500);
  const lookupLog = await fake.log();
  jobs.push(job('lookup + first page (+ channel names, + next-page prefetch)', lookupLog));
  const rowsOnFirstPage = await channelRows(page).count();
  const page1 = await firstHref(page);

  const nameAnswers = lookupLog.filter((e) => requestKind(e) === 'GET channel');
  const maxInFlightAtFake = maxOverlap(
    nameAnswers.map((e) => ({ start: Date.parse(e.time) - LATENCY_MS, end: Date.parse(e.time) })),
  );
  const nameTimings = (await apiTimings(page, since)).filter((t) =>
    /\/Services\/[^/]+\/(Channels|Conversations)\/[^/]+$/.test(t.path),
  );
  const maxInFlightInBrowser = maxOverlap(nameTimings.map((t) => ({ start: t.start, end: t.end })));

  // Next page, then back to the page already loaded.
  const next = page.getByRole('button', { name: 'Next page', exact: true });
  if ((await next.count()) > 0 && (await next.isEnabled())) {
    await fake.clearLog();
    await next.click();
    await page.waitForFunction((href) => {
      const links = document.querySelectorAll('#main table tbody tr a[href]');
      return links.length > 0 && links[0]?.getAttribute('href') !== href;
    }, page1);
    await api.idle(500);
    jobs.push(job('next page (prefetched)', await fake.log()));

    await fake.clearLog();
    await page.getByRole('button', { name: 'Previous page', exact: true }).click();
    await page.waitForFunction((href) => {
      const links = document.querySelectorAll('#main table tbody tr a[href]');
      return links[0]?.getAttribute('href') === href;
    }, page1);
    await api.idle(500);
    jobs.push(job('back to a loaded page (Previous page)', await fake.log()));
  }

  // Opening a channel's drawer.
  await fake.clearLog();
  await channelRows(page).first().locator('a[href], button').first().click();
  await page.getByRole('dialog').first().waitFor();
  await api.idle(500);
  jobs.push(job('open a channel (drawer)', await fake.log()));

  // Close it and open it again: everything should be cached.
  await page.keyboard.press('Escape');
  await page
    .getByRole('dialog')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await api.idle(300);
  await fake.clearLog();
  await channelRows(page).first().locator('a[href], button').first().click();
  await page.getByRole('dialog').first().waitFor();
  await api.idle(500);
  jobs.push(job('open the same channel again', await fake.log()));

  await fake.knobs({ latencyMs: 0 });
  await context.close();
  jobs.push(...(await conversationsJobs(browser, origin, fake, user)));
  return {
    latencyMs: LATENCY_MS,
    user,
    jobs,
    channelNames: {
      requested: nameAnswers.length,
      rowsOnFirstPage,
      maxInFlightAtFake,
      maxInFlightInBrowser,
    },
  };
}

/** The same lookup in Conversations mode (names come with the list), Show all of 1000, and a lookup by address. */
async function conversationsJobs(
  browser: Browser,
  origin: string,
  fake: FakeControl,
  user: string,
): Promise<JobCount[]> {
  const jobs: JobCount[] = [];
  await fake.reset();
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  await openConsole(page, origin, '/conversations');
  await api.idle(500);

  await fillLookup(page, user, { apiLabel: 'Conversations' });
  await fake.knobs({ latencyMs: LATENCY_MS });
  await fake.clearLog();
  await lookUpButton(page).click();
  await channelRows(page).first().waitFor();
  await api.idle(500);
  const lookup = await fake.log();
  // The next-page prefetch is a later page, not part of the lookup: counted apart.
  const prefetch = lookup.filter((e) => e.query.PageToken !== undefined);
  jobs.push(
    job(
      'Conversations: lookup + first page (names in the list)',
      lookup.filter((e) => !prefetch.includes(e)),
    ),
  );
  jobs.push(job('Conversations: next-page prefetch after the lookup', prefetch));

  await fillLookup(page, 'thousand@example.com', { apiLabel: 'Conversations' });
  await lookUpButton(page).click();
  await channelRows(page).first().waitFor();
  await api.idle(500);
  await fake.clearLog();
  await page.getByRole('button', { name: /^Show all (channels|conversations)$/ }).click();
  await page.getByText(/^All 1000 (channels|conversations) loaded\.$/).waitFor({ timeout: 60_000 });
  jobs.push(job('Conversations: Show all of 1000 conversations', await fake.log()));

  await fake.clearLog();
  await fillLookup(page, '+15551234567', { apiLabel: 'Conversations' });
  await lookUpButton(page).click();
  await page.getByRole('table', { name: 'Conversations with +15551234567' }).waitFor();
  await api.idle(500);
  jobs.push(job('Conversations: find a participant by address', await fake.log()));

  await fake.knobs({ latencyMs: 0 });
  await context.close();
  return jobs;
}
