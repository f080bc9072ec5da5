import type { Browser } from '@playwright/test';
import {
  apiTimings,
  armFirstRow,
  fillLookup,
  firstRowResult,
  lookUpButton,
  measureRoundTrip,
  newContext,
  openConsole,
  pointAt,
  type TableName,
  trackApi,
} from '../lib/browser.ts';
import { countKinds, type FakeControl } from '../lib/fake-control.ts';
import { median, round, type Summary, summarize } from '../lib/stats.ts';

// 2. Lookup to first row: from the Look up click (the click event's own time stamp) to the end of the frame that
// paints the first channel row, with the fake answering every request after `latencyMs`. Each run is a fresh
// browser context (fresh React Query cache) on the home page: its first lookup (`user`) is "cold" (the console's
// code runs for the first time: the agent's first lookup after opening Horizon). As a person does it: the identity is
// typed, and the click comes at least FRESH_CLICK_AFTER_LOAD_MS after the page's load event (nobody opens Horizon and
// clicks Look up within a second). A second lookup in the same page of
// another user with as many rows on the first page (`warmUser`) is "warm" (every later lookup of the session).
// The first run of each setting is a discarded warm-up.
// Also: are the user and the channel list requested in parallel? And what one round trip through Horizon costs at
// that latency (the budget's floor), measured in the same page with fetch() of the user URL the console used.

export interface LookupSetting {
  latencyMs: number;
  user: string;
  warmUser: string;
  /** Click → frame painted with the first row (ms), first lookup in a fresh page. */
  toFirstRow: Summary;
  /** The same for a later lookup in that page. */
  warmToFirstRow: Summary;
  /** Click → the row is in the DOM (ms). */
  toDom: Summary;
  /** One GET of the user through Horizon and the fake, from the page (ms). */
  roundTrip: Summary;
  budgetMs: number;
  /** Runs in which the user and the first channel-list request overlapped in time (browser side). */
  parallelRuns: number;
  runs: number;
  /** Per run: ms between the start of the user GET and of the first channel-list GET (browser side). */
  startGap: Summary;
  /** Per run: ms between the fake's answers to the two (serial would be ≥ the latency). */
  fakeAnswerGap: Summary;
  /**
   * Per run: the first lookup's Twilio requests (the fake's log, click → the console quiet) by kind, without the
   * next-page prefetch (a PageToken).
   */
  requestKinds: Record<string, number>[];
  /** Per run: next-page prefetches that followed it. */
  prefetches: Summary;
}

/** Which API the form is set to and what its table is called (Chat v2's by default). */
export interface LookupApi {
  apiLabel?: string;
  table?: TableName;
}

export async function measureLookup(
  browser: Browser,
  origin: string,
  fake: FakeControl,
  {
    latencies,
    runs,
    user,
    warmUser,
    ...lookupApi
  }: { latencies: number[]; runs: number; user: string; warmUser: string } & LookupApi,
): Promise<LookupSetting[]> {
  const results: LookupSetting[] = [];
  for (const latencyMs of latencies) {
    const toFirstRow: number[] = [];
    const warmToFirstRow: number[] = [];
    const toDom: number[] = [];
    const roundTrips: number[] = [];
    const startGaps: number[] = [];
    const answerGaps: number[] = [];
    const requestKinds: Record<string, number>[] = [];
    const prefetchCounts: number[] = [];
    let parallelRuns = 0;
    for (let run = 0; run <= runs; run++) {
      const warmUp = run === 0;
      const { row, warmRow, roundTrip, userTiming, listTiming, userAnswer, listAnswer, log } =
        await lookupRun(browser, origin, fake, { latencyMs, user, warmUser, ...lookupApi });
      if (warmUp) continue;
      const ownPages = log.filter((entry) => !('PageToken' in entry.query));
      requestKinds.push(countKinds(ownPages));
      prefetchCounts.push(log.length - ownPages.length);
      warmToFirstRow.push(warmRow.painted - warmRow.click);

      toFirstRow.push(row.painted - row.click);
      toDom.push(row.dom - row.click);
      roundTrips.push(roundTrip);
      if (userTiming && listTiming) {
        startGaps.push(Math.abs(listTiming.start - userTiming.start));
        if (userTiming.start < listTiming.end && listTiming.start < userTiming.end) parallelRuns += 1;
      }
      if (userAnswer && listAnswer) {
        answerGaps.push(Math.abs(Date.parse(userAnswer.time) - Date.parse(listAnswer.time)));
      }
    }
    const roundTrip = summarize(roundTrips);
    results.push({
      latencyMs,
      user,
      warmUser,
      toFirstRow: summarize(toFirstRow),
      warmToFirstRow: summarize(warmToFirstRow),
      toDom: summarize(toDom),
      roundTrip,
      budgetMs: round(median(roundTrips) + 80),
      parallelRuns,
      runs,
      startGap: summarize(startGaps),
      fakeAnswerGap: summarize(answerGaps),
      requestKinds,
      prefetches: summarize(prefetchCounts),
    });
  }
  await fake.knobs({ latencyMs: 0 });
  return results;
}

/** A person's first click on a fresh page comes at least this long after the load event (reading, typing). */
export const FRESH_CLICK_AFTER_LOAD_MS = 1000;

/** The two requests of a lookup: the user, and the first page of their channels. */
const USER_PATH = /\/Users\/[^/]+$/;
const LIST_PATH = /\/Users\/[^/]+\/(Channels|Conversations)$/;

/**
 * One run: a fresh context, the first lookup of `user` ("cold"), then a lookup of `warmUser` in the same page
 * ("warm"). Exported for bench/ab.ts, which interleaves runs against two builds.
 */
export async function lookupRun(
  browser: Browser,
  origin: string,
  fake: FakeControl,
  {
    latencyMs,
    user,
    warmUser,
    settleMs = FRESH_CLICK_AFTER_LOAD_MS,
    apiLabel,
    table,
  }: {
    latencyMs: number;
    user: string;
    warmUser: string;
    /** The first click comes no sooner than this after the load event (and after the form is filled). */
    settleMs?: number;
  } & LookupApi,
) {
  await fake.knobs({ latencyMs: 0 });
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  await openConsole(page, origin);
  // The identity typed key by key, as a person does (each key re-renders the form).
  await fillLookup(page, user, { typed: true, apiLabel });
  await api.idle(100);
  // A person clicks at least a second after the page loaded: wait for that moment on the page's own clock.
  await page.waitForFunction(
    (after) => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return performance.now() >= (navigation?.loadEventEnd ?? 0) + after;
    },
    settleMs,
    { polling: 50 },
  );
  await fake.knobs({ latencyMs });
  await fake.clearLog();
  const pressLookUp = await pointAt(lookUpButton(page));
  await armFirstRow(page, table);
  const since = await page.evaluate(() => performance.now());
  await pressLookUp();
  const row = await firstRowResult(page);
  await api.idle(200);

  const timings = await apiTimings(page, since);
  const { userTiming, listTiming } = lookupTimings(timings);
  const log = await fake.log();
  const userAnswer = log.find((e) => e.method === 'GET' && USER_PATH.test(e.path));
  const listAnswer = log.find((e) => e.method === 'GET' && LIST_PATH.test(e.path));

  // One round trip through Horizon at this latency, measured the way the console fetches.
  const roundTrip = userTiming ? await measureRoundTrip(page, userTiming.url) : Number.NaN;
  // A later lookup in the same page (code warm, another user's data not cached).
  await fake.knobs({ latencyMs: 0 });
  await fillLookup(page, warmUser, { apiLabel });
  await api.idle(100);
  await fake.knobs({ latencyMs });
  const pressWarm = await pointAt(lookUpButton(page));
  await armFirstRow(page, table);
  const warmSince = await page.evaluate(() => performance.now());
  await pressWarm();
  const warmRow = await firstRowResult(page);
  await api.idle(200);
  const warmTimings = await apiTimings(page, warmSince);
  await context.close();
  return {
    row,
    warmRow,
    roundTrip,
    userTiming,
    listTiming,
    userAnswer,
    listAnswer,
    /** The fake's log of the first lookup, from the click until the console went quiet. */
    log,
    phases: {
      cold: lookupPhases(row, { userTiming, listTiming }),
      warm: lookupPhases(warmRow, lookupTimings(warmTimings)),
    },
  };
}

type ApiTiming = Awaited<ReturnType<typeof apiTimings>>[number];

/** The lookup's two requests among a page's /api timings. */
function lookupTimings(timings: readonly ApiTiming[]) {
  return {
    userTiming: timings.find((t) => USER_PATH.test(t.path)),
    listTiming: timings.find((t) => LIST_PATH.test(t.path)),
  };
}

/**
 * Where one lookup's time went (ms from the click): both requests sent, both answers in, the row painted. For
 * bench/ab.ts, to tell a slower network leg from a slower render.
 */
function lookupPhases(
  row: { click: number; painted: number },
  { userTiming, listTiming }: ReturnType<typeof lookupTimings>,
): { sent: number; answered: number; painted: number } {
  const latest = (pick: (t: ApiTiming) => number) =>
    userTiming && listTiming ? Math.max(pick(userTiming), pick(listTiming)) - row.click : Number.NaN;
  return { sent: latest((t) => t.start), answered: latest((t) => t.end), painted: row.painted - row.click };
}
