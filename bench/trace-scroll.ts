// Where the main thread spends the 1000-row table's scroll: thousand@example.com, Show all, then the table's
// scroller scrolled top to bottom 100 px per frame under the CDP profiler (as the show-all section scrolls it).
//
//   npx tsx bench/trace-scroll.ts [dist]
//
// Not a figure of the bench (profiled, so slower): a map for deciding what to change next. Build with
// `npx vite build --minify false --outDir /tmp/dist-plain` for readable names.
import { resolve } from 'node:path';
import {
  allRowsResult,
  armAllRows,
  channelRows,
  fillLookup,
  launchBrowser,
  lookUpButton,
  newContext,
  openConsole,
  trackApi,
} from './lib/browser.ts';
import { type CpuProfile, isAppFrame, samplesOf, top, totals } from './lib/cpu-profile.ts';
import { startDemoServer } from './lib/processes.ts';

const dist = resolve(process.argv[2] ?? 'dist');
const server = await startDemoServer({ HORIZON_STATIC_DIR: dist });
const browser = await launchBrowser();
try {
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  await openConsole(page, server.url);
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
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const frames = await page.evaluate(async () => {
    const scroller = document.querySelector('.table-scroll.is-virtual') ?? document.documentElement;
    scroller.scrollTop = 0;
    let count = 0;
    await new Promise<void>((done) => {
      const frame = () => {
        count += 1;
        scroller.scrollTop += 100;
        if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1 || count > 2000) done();
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    return count;
  });
  const { profile } = await cdp.send('Profiler.stop');
  const samples = samplesOf(profile as CpuProfile).filter(
    (s) => !/^\((idle|program)\)/.test(s.stack[0] ?? ''),
  );
  const busy = samples.reduce((sum, s) => sum + s.ms, 0);
  console.log(`${frames} frames, JS busy ${busy.toFixed(1)} ms (${(busy / frames).toFixed(2)} ms a frame)`);
  console.log('components and app code, by total, per frame:');
  for (const [name, ms] of top(totals(samples), 30, (n) => isAppFrame(n, /(queries|membership|use-|render)/)))
    console.log(`  ${(ms / frames).toFixed(3).padStart(7)} ms  ${name}`);
  console.log('by self, per frame:');
  for (const [name, ms] of top(totals(samples.map((s) => ({ ...s, stack: s.stack.slice(0, 1) }))), 20))
    console.log(`  ${(ms / frames).toFixed(3).padStart(7)} ms  ${name}`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
