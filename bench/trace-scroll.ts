// Where the main thread spends the 1000-row table's scroll: thousand@example.com, Show all, then the table's
// scroller scrolled top to bottom 100 px per frame (as the show-all section scrolls it), under the CDP profiler
// (the functions, per frame) or, with --timeline, a Chromium trace (style, layout, paint… per frame; the raw trace
// is written to /tmp/scroll-trace.json).
//
//   npx tsx bench/trace-scroll.ts [dist] [--timeline] [--wheel]
//
// --wheel scrolls as a mouse wheel does (Chromium's synthesized scroll gesture, 6000 px/s: 100 px a frame), not by
// setting scrollTop from requestAnimationFrame.
//
// Not a figure of the bench (profiled, so slower): a map for deciding what to change next. Build with
// `npx vite build --minify false --outDir /tmp/dist-plain` for readable names.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { allRowsResult, armAllRows, channelRows, fillLookup, lookUpButton } from './lib/browser.ts';
import { busySamples, type CpuProfile, printTop, samplesOf, startProfiler } from './lib/cpu-profile.ts';
import { startTrace, type TraceEvent } from './lib/trace.ts';
import { withConsole } from './lib/trace-session.ts';
import { scrollTopScroll, wheelScroll } from './sections/show-all.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { timeline: { type: 'boolean', default: false }, wheel: { type: 'boolean', default: false } },
});

await withConsole(positionals[0] ?? 'dist', async ({ page, context, api }) => {
  await fillLookup(page, 'thousand@example.com');
  await lookUpButton(page).click();
  await channelRows(page).first().waitFor();
  await api.idle(300);
  await armAllRows(page, 1000);
  await page
    .getByRole('button', { name: /show all/i })
    .first()
    .click();
  await allRowsResult(page);
  await api.idle(300);
  const cdp = await context.newCDPSession(page);
  const endTrace = values.timeline
    ? await startTrace(cdp, ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'])
    : null;
  if (!endTrace) await startProfiler(cdp);
  const frames = values.wheel ? (await wheelScroll(page, cdp)).length : (await scrollTopScroll(page)).length;
  if (endTrace) {
    const events = await endTrace();
    writeFileSync('/tmp/scroll-trace.json', JSON.stringify(events));
    printTimeline(events, frames);
    return;
  }
  const { profile } = await cdp.send('Profiler.stop');
  const samples = busySamples(samplesOf(profile as CpuProfile));
  const busy = samples.reduce((sum, s) => sum + s.ms, 0);
  console.log(
    `${frames} frames, JS busy ${busy.toFixed(1)} ms (${(busy / frames).toFixed(2)} ms a frame); per frame:`,
  );
  printTop(samples, frames, /(queries|membership|use-|render)/);
});

/**
 * The renderer main thread's trace events, summed by name, per frame. An event inside another of the same name (a
 * paint inside a paint) counts once, in the outer one; events of other names count in their parents too.
 */
function printTimeline(events: TraceEvent[], frames: number) {
  const animationFrame = events.find((e) => e.name === 'FireAnimationFrame');
  if (!animationFrame) {
    console.log('no animation frame in the trace');
    return;
  }
  const byName = new Map<string, number>();
  const openUntil = new Map<string, number>();
  const onMain = events
    .filter((e) => e.pid === animationFrame.pid && e.tid === animationFrame.tid && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  for (const e of onMain) {
    if (e.ts < (openUntil.get(e.name) ?? -1)) continue;
    openUntil.set(e.name, e.ts + (e.dur ?? 0));
    byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
  }
  console.log(`${frames} frames; main thread, ms a frame:`);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 16)) {
    console.log(`  ${(ms / frames).toFixed(2).padStart(6)}  ${name}`);
  }
}
