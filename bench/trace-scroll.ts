// Where the main thread spends the 1000-row table's scroll: thousand@example.com, Show all, then the table's
// scroller scrolled top to bottom 100 px per frame under the CDP profiler (as the show-all section scrolls it).
//
//   npx tsx bench/trace-scroll.ts [dist]
//
// Not a figure of the bench (profiled, so slower): a map for deciding what to change next. Build with
// `npx vite build --minify false --outDir /tmp/dist-plain` for readable names.
import { allRowsResult, armAllRows, channelRows, fillLookup, lookUpButton } from './lib/browser.ts';
import { busySamples, type CpuProfile, printTop, samplesOf, startProfiler } from './lib/cpu-profile.ts';
import { withConsole } from './lib/trace-session.ts';

await withConsole(process.argv[2] ?? 'dist', async ({ page, context, api }) => {
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
  await startProfiler(cdp);
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
  const samples = busySamples(samplesOf(profile as CpuProfile));
  const busy = samples.reduce((sum, s) => sum + s.ms, 0);
  console.log(
    `${frames} frames, JS busy ${busy.toFixed(1)} ms (${(busy / frames).toFixed(2)} ms a frame); per frame:`,
  );
  printTop(samples, frames, /(queries|membership|use-|render)/);
});
