// Where many lookups' main-thread time goes, summed: N lookups of busy.bee@example.com, each in a new page (as the
// bench's fresh-page figure) or after another user's lookup in that page (--later), each under the CDP profiler from
// the click to the painted row; the functions are printed per lookup, with the native calls (layouts forced by a
// read, fetch, storage…) by who made them and the passive effects that ran before the paint.
//
//   npx tsx bench/profile-lookup.ts [dist] [--runs=8] [--later] [--latency=0]
//
// One profile (bench/trace-lookup.ts --profile) is too noisy to rank functions a few ms apart; summing N evens that
// out. Not a figure of the bench (profiled, so ~2× slower). Build with
// `npx vite build --minify false --outDir /tmp/dist-plain` for readable names.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  armFirstRow,
  fillLookup,
  firstRowResult,
  launchBrowser,
  lookUpButton,
  newContext,
  openConsole,
  pointAt,
  trackApi,
} from './lib/browser.ts';
import {
  busySamples,
  type CpuProfile,
  printTop,
  type Sample,
  samplesOf,
  startProfiler,
  top,
} from './lib/cpu-profile.ts';
import { FakeControl } from './lib/fake-control.ts';
import { startDemoServer } from './lib/processes.ts';
import { median } from './lib/stats.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '8' },
    later: { type: 'boolean', default: false },
    // The fake's answer time (ms): at 100 the view's loading state renders before the answers (Look up's hold ends).
    latency: { type: 'string', default: '0' },
  },
});
const runs = Number(values.runs);
const server = await startDemoServer({ HORIZON_STATIC_DIR: resolve(positionals[0] ?? 'dist') });
const browser = await launchBrowser();
const fake = new FakeControl(server.url);
const samples: Sample[] = [];
const times: number[] = [];
try {
  await fake.knobs({ latencyMs: 0 });
  for (let run = 0; run < runs; run++) {
    const context = await newContext(browser);
    const page = await context.newPage();
    const api = trackApi(page);
    await openConsole(page, server.url);
    if (values.later) {
      await fillLookup(page, 'thousand@example.com');
      await lookUpButton(page).click();
      await api.idle(300);
    }
    await fillLookup(page, 'busy.bee@example.com', { typed: true });
    await api.idle(100);
    await fake.knobs({ latencyMs: Number(values.latency) });
    const press = await pointAt(lookUpButton(page));
    const cdp = await context.newCDPSession(page);
    await startProfiler(cdp);
    await armFirstRow(page);
    await press();
    const row = await firstRowResult(page);
    const { profile } = await cdp.send('Profiler.stop');
    await fake.knobs({ latencyMs: 0 });
    times.push(row.painted - row.click);
    samples.push(...busySamples(samplesOf(profile as CpuProfile)));
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

console.log(
  `${runs} ${values.later ? 'later lookups' : 'first lookups in a fresh page'}, click → painted (profiled): median ` +
    `${median(times).toFixed(1)} ms (${times.map((t) => t.toFixed(0)).join(' ')}); ms per lookup:`,
);
printTop(samples, runs, /(queries|api-client|channel|membership|use-|Row)/, 40);

/** ms per lookup by a key of each sample (samples the key skips with null don't count). */
function per(key: (sample: Sample) => string | null): [string, number][] {
  const sums = new Map<string, number>();
  for (const sample of samples) {
    const k = key(sample);
    if (k !== null) sums.set(k, (sums.get(k) ?? 0) + sample.ms / runs);
  }
  return top(sums, 15);
}
const print = (rows: [string, number][]) => {
  for (const [name, ms] of rows) console.log(`  ${ms.toFixed(2).padStart(7)} ms  ${name}`);
};

console.log('native calls, by their callers:');
print(
  per((s) =>
    /^(getBoundingClientRect|offset\w+|fetch|setItem|getItem|pushState|replaceState|set title) /.test(
      s.stack[0] ?? '',
    )
      ? s.stack.slice(0, 4).join(' < ')
      : null,
  ),
);

console.log("passive effects (useEffect) that ran before the paint, by the effect's function:");
print(
  per((s) => {
    const at = s.stack.findIndex((f) => /^(commitHookEffectListMount|commitHookEffectListUnmount) /.test(f));
    if (at <= 0 || !s.stack.some((f) => /^(commitPassive|flushPassive)/.test(f))) return null;
    return s.stack
      .slice(Math.max(0, at - 3), at)
      .reverse()
      .join(' > ');
  }),
);
