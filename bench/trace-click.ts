// Where the main thread spends an optimistic mute's click → row: one lookup, the first row's drawer, then a few
// Muted/Default clicks, each profiled (CDP Profiler) from the click until the change and its refresh settle.
//
//   npx tsx bench/trace-click.ts [dist] [--clicks=4] [--latency=500]
//
// Not a figure of the bench (profiled, so slower): a map for deciding what to change next. Build with
// `npx vite build --minify false --outDir /tmp/dist-plain` for readable names.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  channelRows,
  fillLookup,
  launchBrowser,
  lookUpButton,
  newContext,
  openConsole,
  trackApi,
} from './lib/browser.ts';
import { type CpuProfile, isAppFrame, samplesOf, top, totals } from './lib/cpu-profile.ts';
import { FakeControl } from './lib/fake-control.ts';
import { startDemoServer } from './lib/processes.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { clicks: { type: 'string', default: '4' }, latency: { type: 'string', default: '500' } },
});
const dist = resolve(positionals[0] ?? 'dist');
const server = await startDemoServer({ HORIZON_STATIC_DIR: dist });
const browser = await launchBrowser();
try {
  const fake = new FakeControl(server.url);
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  await openConsole(page, server.url);
  await fillLookup(page, 'alice@example.com');
  await lookUpButton(page).click();
  await channelRows(page).first().locator('a[href]').first().click();
  const group = page.getByRole('dialog').first().getByRole('radiogroup', { name: 'Notifications' });
  await group.waitFor();
  await api.idle(300);
  await fake.knobs({ latencyMs: Number(values.latency) });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const all: ReturnType<typeof samplesOf> = [];
  for (let i = 0; i < Number(values.clicks); i++) {
    const muted = await group.getByRole('radio', { name: 'Muted', exact: true }).isChecked();
    await cdp.send('Profiler.start');
    await group.getByRole('radio', { name: muted ? 'Default' : 'Muted', exact: true }).click();
    // Only the click's own task: up to the first idle sample after React's discrete event.
    const { profile } = await cdp.send('Profiler.stop');
    const samples = samplesOf(profile as CpuProfile);
    const from = samples.findIndex((s) => s.stack.some((f) => f.startsWith('dispatchDiscreteEvent')));
    const to = samples.findIndex((s, j) => j > from && s.stack[0]?.startsWith('(idle)'));
    if (from >= 0) all.push(...samples.slice(from, to < 0 ? undefined : to));
    await api.idle(300);
  }
  const busy = all.reduce((sum, s) => sum + s.ms, 0);
  console.log(`click tasks: ${busy.toFixed(1)} ms over ${values.clicks} clicks`);
  for (const [name, ms] of top(totals(all), 40, (n) => isAppFrame(n, /(queries|membership|use-|render)/)))
    console.log(`  ${(ms / Number(values.clicks)).toFixed(2).padStart(6)} ms  ${name}`);
  console.log('by self:');
  for (const [name, ms] of top(totals(all.map((s) => ({ ...s, stack: s.stack.slice(0, 1) }))), 25))
    console.log(`  ${(ms / Number(values.clicks)).toFixed(2).padStart(6)} ms  ${name}`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
