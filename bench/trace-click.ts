// Where the main thread spends an optimistic mute's click → row: one lookup, the first row's drawer, then a few
// Muted/Default clicks, each profiled (CDP Profiler) from the click until the change and its refresh settle.
//
//   npx tsx bench/trace-click.ts [dist] [--clicks=4] [--latency=500]
//
// Not a figure of the bench (profiled, so slower): a map for deciding what to change next. Build with
// `npx vite build --minify false --outDir /tmp/dist-plain` for readable names.
import { parseArgs } from 'node:util';
import { channelRows, fillLookup, lookUpButton } from './lib/browser.ts';
import { type CpuProfile, printTop, samplesOf, startProfiler } from './lib/cpu-profile.ts';
import { withConsole } from './lib/trace-session.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { clicks: { type: 'string', default: '4' }, latency: { type: 'string', default: '500' } },
});
await withConsole(positionals[0] ?? 'dist', async ({ page, context, api, fake }) => {
  await fillLookup(page, 'alice@example.com');
  await lookUpButton(page).click();
  await channelRows(page).first().locator('a[href]').first().click();
  const group = page.getByRole('dialog').first().getByRole('radiogroup', { name: 'Notifications' });
  await group.waitFor();
  await api.idle(300);
  await fake.knobs({ latencyMs: Number(values.latency) });
  const cdp = await context.newCDPSession(page);
  const all: ReturnType<typeof samplesOf> = [];
  for (let i = 0; i < Number(values.clicks); i++) {
    const muted = await group.getByRole('radio', { name: 'Muted', exact: true }).isChecked();
    await startProfiler(cdp);
    await group.getByRole('radio', { name: muted ? 'Default' : 'Muted', exact: true }).click();
    // Only the click's own task: up to the first idle sample after React's discrete event.
    const { profile } = await cdp.send('Profiler.stop');
    const samples = samplesOf(profile as CpuProfile);
    const from = samples.findIndex((s) => s.stack.some((f) => f.startsWith('dispatchDiscreteEvent')));
    const to = samples.findIndex((s, j) => j > from && s.stack[0]?.startsWith('(idle)'));
    if (from >= 0) all.push(...samples.slice(from, to < 0 ? undefined : to));
    await api.idle(300);
  }
  if (all.length === 0) {
    throw new Error("no click task found (React's names are minified: build with --minify false, see above)");
  }
  const busy = all.reduce((sum, s) => sum + s.ms, 0);
  console.log(`click tasks: ${busy.toFixed(1)} ms over ${values.clicks} clicks; per click:`);
  printTop(all, Number(values.clicks), /(queries|membership|use-|render)/);
});
