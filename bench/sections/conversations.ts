import type { Browser } from '@playwright/test';
import {
  allRowsResult,
  apiTimings,
  armAllRows,
  channelRows,
  fillLookup,
  lookUpButton,
  measureRoundTrip,
  newContext,
  openConsole,
  trackApi,
} from '../lib/browser.ts';
import type { FakeControl } from '../lib/fake-control.ts';
import { round, type Summary, summarize } from '../lib/stats.ts';
import { type LookupSetting, measureLookup } from './lookup.ts';

// Issue 14's figures, in Conversations mode (the form set to Conversations, the default service):
//  - lookup → first row, fresh page and later lookup, measured exactly as the lookup section does (its measureLookup,
//    with the API and the table's name switched), with the Twilio requests each lookup made (the fake's log);
//  - Show all of thousand@example.com's 1000 conversations at fake SHOW_ALL_LATENCY_MS: click → all rows in the table,
//    divided by (list pages the walk asked for × one round trip of a list page through Horizon). The walk is serial
//    by nature (each page's token comes in the page before), so pages × round trip is its floor.

/** The lookup form set to Conversations, and its table's name (also used by bench/ab.ts and trace-lookup.ts). */
export const CONVERSATIONS = { apiLabel: 'Conversations', table: 'Conversations' } as const;
const SHOW_ALL_USER = 'thousand@example.com';
const SHOW_ALL_ROWS = 1000;
const SHOW_ALL_LATENCY_MS = 100;
/** Show all ÷ (pages × round trip) may be this much above its floor. */
export const SHOW_ALL_RATIO_BUDGET = 1.1;
/** Twilio requests a Conversations lookup needs: the user and the first page (names come with the list). */
export const REQUESTS_PER_LOOKUP = 2;
const LOOKUP_KINDS: readonly string[] = ['GET user', "GET user's channel list"];

export interface ConversationsShowAll {
  user: string;
  rows: number;
  latencyMs: number;
  runs: number;
  /** List pages the walk asked Twilio for (the fake's log), per run. */
  pages: Summary;
  pageSize: number;
  /** Click → every row in the table (ms). */
  toAllRows: Summary;
  /** One GET of a list page through Horizon and the fake, from the page (ms). */
  roundTrip: Summary;
  /** Per run: toAllRows ÷ (pages × roundTrip). */
  ratio: Summary;
}

export interface ConversationsResult {
  lookup: LookupSetting[];
  showAll: ConversationsShowAll;
}

export async function measureConversations(
  browser: Browser,
  origin: string,
  fake: FakeControl,
  { runs, showAllRuns }: { runs: number; showAllRuns: number },
): Promise<ConversationsResult> {
  await fake.reset();
  const lookup = await measureLookup(browser, origin, fake, {
    latencies: [0, SHOW_ALL_LATENCY_MS],
    runs,
    user: 'busy.bee@example.com',
    warmUser: SHOW_ALL_USER,
    ...CONVERSATIONS,
  });
  return { lookup, showAll: await measureShowAll(browser, origin, fake, showAllRuns) };
}

async function measureShowAll(
  browser: Browser,
  origin: string,
  fake: FakeControl,
  runs: number,
): Promise<ConversationsShowAll> {
  const toAllRows: number[] = [];
  const roundTrips: number[] = [];
  const pages: number[] = [];
  const ratios: number[] = [];
  let pageSize = Number.NaN;
  for (let run = 0; run <= runs; run++) {
    await fake.knobs({ latencyMs: 0 });
    const context = await newContext(browser);
    const page = await context.newPage();
    const api = trackApi(page);
    await openConsole(page, origin);
    await fillLookup(page, SHOW_ALL_USER, { apiLabel: CONVERSATIONS.apiLabel });
    await lookUpButton(page).click();
    await channelRows(page, CONVERSATIONS.table).first().waitFor();
    await api.idle(300);

    await fake.knobs({ latencyMs: SHOW_ALL_LATENCY_MS });
    await fake.clearLog();
    await armAllRows(page, SHOW_ALL_ROWS, CONVERSATIONS.table);
    const since = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Show all conversations', exact: true }).click();
    const all = await allRowsResult(page);
    if (!all) throw new Error(`Show all did not show ${SHOW_ALL_ROWS} conversations within 60 s`);
    await api.idle(300);
    const walked = (await fake.log()).filter(
      (entry) => entry.method === 'GET' && entry.path.endsWith('/Conversations'),
    );
    const listPage = (await apiTimings(page, since)).find((timing) => timing.path.endsWith('/Conversations'));
    if (!listPage) throw new Error('Show all asked for no list page');
    pageSize = Number(new URL(listPage.url).searchParams.get('PageSize'));
    const roundTrip = await measureRoundTrip(page, listPage.url);
    await context.close();
    if (run === 0) continue; // warm-up
    toAllRows.push(all.rows - all.click);
    roundTrips.push(roundTrip);
    pages.push(walked.length);
    ratios.push((all.rows - all.click) / (walked.length * roundTrip));
  }
  await fake.knobs({ latencyMs: 0 });
  return {
    user: SHOW_ALL_USER,
    rows: SHOW_ALL_ROWS,
    latencyMs: SHOW_ALL_LATENCY_MS,
    runs,
    pages: summarize(pages),
    pageSize,
    toAllRows: summarize(toAllRows),
    roundTrip: summarize(roundTrips),
    ratio: summarize(ratios.map((ratio) => round(ratio, 3))),
  };
}

/** The section's rows in BENCHMARKS.md's table ([figure, measured, budget, verdict]). */
export function conversationsRows(
  result: ConversationsResult,
  {
    dated,
    ms,
    verdict,
  }: { dated: string; ms: (value: number) => string; verdict: (ok: boolean | null) => string },
): string[][] {
  const rows: string[][] = [];
  for (const setting of result.lookup) {
    // The lookup's own requests (the user and the first page, which carries the names) and, apart, the others seen
    // in its window: the diagnosis bar's push settings and bindings, asked once its code has loaded.
    const own = setting.requestKinds.map((kinds) =>
      LOOKUP_KINDS.reduce((sum, kind) => sum + (kinds[kind] ?? 0), 0),
    );
    const others = new Map<string, number>();
    for (const kinds of setting.requestKinds) {
      for (const [kind, count] of Object.entries(kinds)) {
        if (!LOOKUP_KINDS.includes(kind)) others.set(kind, (others.get(kind) ?? 0) + count);
      }
    }
    const also = [...others].map(([kind, count]) => `${kind} in ${count} of ${own.length} runs`).join(', ');
    rows.push([
      `Twilio requests per Conversations lookup (user + first page), fake ${setting.latencyMs} ms${dated}`,
      `${Math.min(...own)}–${Math.max(...own)} in ${own.length} runs; also seen: ${also || 'nothing'}; next-page prefetch median ${setting.prefetches.median}`,
      `${REQUESTS_PER_LOOKUP}`,
      verdict(own.every((count) => count === REQUESTS_PER_LOOKUP)),
    ]);
  }
  const showAll = result.showAll;
  const floor = showAll.pages.median * showAll.roundTrip.median;
  rows.push([
    `Conversations: Show all of ${showAll.rows} ÷ (pages × round trip), fake ${showAll.latencyMs} ms${dated}`,
    `median ${showAll.ratio.median}, p95 ${showAll.ratio.p95} (${ms(showAll.toAllRows.median)} for ${showAll.pages.median} pages of ${showAll.pageSize} × ${ms(showAll.roundTrip.median)} = ${ms(floor)}; N=${showAll.runs}; ${showAll.user})`,
    `≤ ${SHOW_ALL_RATIO_BUDGET}`,
    verdict(showAll.ratio.median <= SHOW_ALL_RATIO_BUDGET),
  ]);
  return rows;
}
