// Where Conversations' Show all spends its time beyond the round trips: thousand@example.com's 1000 conversations at
// fake 100 ms, the walk's list requests read from Resource Timing, printed as the time from the click to the first
// request, each gap between one answer's end and the next request's start, and the last answer to all rows painted.
//
//   npx tsx bench/trace-show-all.ts [dist] [--runs=3] [--latency=100] [--profile | --trace]
//
// --trace prints, for each gap between an answer and the next request, the main thread's tasks in it (Chromium
// trace; the request times then come from the trace itself).
// --profile adds the JS the main thread ran during the walk, per page (build with
// `npx vite build --minify false --outDir /tmp/dist-plain` for readable names).
//
// Not a figure of the bench (the show-all ratio in the conversations section is): a map of what the ratio is made of.
import { parseArgs } from 'node:util';
import {
  allRowsResult,
  apiTimings,
  armAllRows,
  channelRows,
  fillLookup,
  lookUpButton,
  newContext,
  openConsole,
  trackApi,
} from './lib/browser.ts';
import { busySamples, type CpuProfile, printTop, samplesOf, startProfiler } from './lib/cpu-profile.ts';
import { summarize } from './lib/stats.ts';
import { startTrace, type TraceEvent } from './lib/trace.ts';
import { withConsole } from './lib/trace-session.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    latency: { type: 'string', default: '100' },
    profile: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});

await withConsole(positionals[0] ?? 'dist', async ({ page: firstPage, context: firstContext, fake }) => {
  const browser = firstContext.browser();
  if (!browser) throw new Error('no browser');
  const origin = new URL(firstPage.url()).origin;
  // As the bench does it: each run in a new browser context, the console opened and the user looked up in it.
  for (let run = 1; run <= Number(values.runs); run++) {
    const context = await newContext(browser);
    const page = await context.newPage();
    const api = trackApi(page);
    await fake.knobs({ latencyMs: 0 });
    await openConsole(page, origin);
    await fillLookup(page, 'thousand@example.com', { apiLabel: 'Conversations' });
    await lookUpButton(page).click();
    await channelRows(page, 'Conversations').first().waitFor();
    await api.idle(300);
    await fake.knobs({ latencyMs: Number(values.latency) });
    await armAllRows(page, 1000, 'Conversations');
    const cdp = values.profile ? await context.newCDPSession(page) : null;
    const tracing = values.trace ? await context.newCDPSession(page) : null;
    const endTrace = tracing
      ? await startTrace(tracing, [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'loading',
        ])
      : null;
    if (cdp) await startProfiler(cdp);
    const since = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Show all conversations', exact: true }).click();
    const all = await allRowsResult(page);
    if (!all) throw new Error('Show all did not show 1000 conversations');
    const profile = cdp ? ((await cdp.send('Profiler.stop')).profile as CpuProfile) : null;
    const events = endTrace ? await endTrace() : null;
    await api.idle(300);
    const walk = (await apiTimings(page, since)).filter((timing) => timing.path.endsWith('/Conversations'));
    const first = walk[0];
    const last = walk.at(-1);
    if (!first || !last) throw new Error('Show all asked for no list page');
    const waits = walk.slice(1).map((timing, i) => timing.start - (walk[i]?.end ?? timing.start));
    const durations = walk.map((timing) => timing.end - timing.start);
    const f = (ms: number) => ms.toFixed(1);
    const gapSummary = summarize(waits);
    console.log(
      `run ${run}: click → all rows ${f(all.rows - all.click)} ms; ${walk.length} pages` +
        `\n  click → first request ${f(first.start - all.click)} ms` +
        `\n  request → answer: median ${f(summarize(durations).median)} ms, sum ${f(durations.reduce((a, b) => a + b, 0))} ms` +
        `\n  answer → next request: median ${f(gapSummary.median)} ms, max ${f(Math.max(...waits))} ms, sum ${f(waits.reduce((a, b) => a + b, 0))} ms` +
        `\n    ${waits.map(f).join(' ')}` +
        `\n  last answer → all rows painted ${f(all.rows - last.end)} ms`,
    );
    const gaps = events ? printGaps(events) : null;
    if (profile) {
      // With --trace too: only what ran inside the gaps (the profile's clock is the trace's).
      const samples = busySamples(samplesOf(profile)).filter(
        (sample) => !gaps || gaps.some(([from, to]) => sample.time >= from && sample.time <= to),
      );
      console.log(`  JS busy ${f(samples.reduce((sum, s) => sum + s.ms, 0))} ms in all; per page:`);
      printTop(samples, walk.length, /(queries|membership|use-|list|conversations|api-client)/, 25);
    }
    await context.close();
  }
});

/** Each answer → next request gap of the walk, as the trace saw it, with the main thread's tasks inside it. */
function printGaps(events: TraceEvent[]): Array<[number, number]> {
  const data = (e: TraceEvent) => (e.args?.data ?? {}) as { url?: string; requestId?: string };
  const sends = events.filter(
    (e) => e.name === 'ResourceSendRequest' && /\/Conversations\?/.test(data(e).url ?? ''),
  );
  const first = sends[0];
  if (!first) {
    console.log('  (no list request in the trace)');
    return [];
  }
  const gaps: Array<[number, number]> = [];
  const finishOf = (send: TraceEvent) =>
    events.find((e) => e.name === 'ResourceFinish' && data(e).requestId === data(send).requestId);
  const main = events.filter((e) => e.pid === first.pid && e.tid === first.tid && e.ph === 'X');
  const tasks = main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const kinds = [
    'FunctionCall',
    'TimerFire',
    'RunMicrotasks',
    'ResourceReceivedData',
    'ResourceFinish',
    'Layout',
  ];
  const click = events.find(
    (e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string } | undefined)?.type === 'click',
  );
  sends.forEach((send, i) => {
    // Gap 0: from the click to the first request.
    const finish = i === 0 ? click : finishOf(sends[i - 1] as TraceEvent);
    if (!finish) return;
    gaps.push([finish.ts, send.ts]);
    const lines = tasks
      .filter((t) => t.ts + (t.dur ?? 0) > finish.ts && t.ts < send.ts && (t.dur ?? 0) >= 300)
      .map((t) => {
        const inside = main.filter((e) => e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
        const parts = kinds
          .map(
            (kind) =>
              [
                kind,
                inside.filter((e) => e.name === kind).reduce((sum, e) => sum + (e.dur ?? 0), 0),
              ] as const,
          )
          .filter(([, us]) => us >= 100)
          .map(([kind, us]) => `${kind} ${(us / 1000).toFixed(1)}`);
        return `${((t.ts - finish.ts) / 1000).toFixed(1)}+${((t.dur ?? 0) / 1000).toFixed(1)} (${parts.join(', ')})`;
      });
    console.log(`  gap ${i}: ${((send.ts - finish.ts) / 1000).toFixed(1)} ms: ${lines.join('; ')}`);
  });
  return gaps;
}
