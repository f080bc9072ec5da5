// Where the main thread spends lookup → first row: one fresh-page lookup (and one later lookup) traced with the
// Chromium trace, printed as a timeline of the renderer's main-thread tasks from the click to the painted row.
//
//   npx tsx bench/trace-lookup.ts [dist] [--latency=0] [--api=conversations] [--user=busy.bee@example.com] [--out=/tmp/lookup-trace.json]
//
// Not a figure of the bench (one run, traced, so slower): a map for deciding what to change next. The raw trace is
// written to --out, for chrome://tracing or the DevTools Performance panel.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { armFirstRow, fillLookup, firstRowResult, lookUpButton, pointAt } from './lib/browser.ts';
import {
  type CpuProfile,
  isAppFrame,
  type Sample,
  samplesOf,
  startProfiler,
  top,
  totals,
} from './lib/cpu-profile.ts';
import { startTrace, type TraceEvent } from './lib/trace.ts';
import { withConsole } from './lib/trace-session.ts';
import { CONVERSATIONS } from './sections/conversations.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    latency: { type: 'string', default: '0' },
    // chat (Chat v2) or conversations: the API the form is set to.
    api: { type: 'string', default: 'chat' },
    user: { type: 'string', default: 'busy.bee@example.com' },
    warm: { type: 'string', default: 'thousand@example.com' },
    out: { type: 'string', default: '/tmp/lookup-trace.json' },
    // A JS CPU profile instead of the trace: the functions the main thread ran from the click to the painted row
    // (build with `npx vite build --minify false --outDir /tmp/dist-plain` for readable names).
    profile: { type: 'boolean', default: false },
  },
});
const dist = positionals[0] ?? 'dist';
const { apiLabel, table } =
  values.api === 'conversations' ? CONVERSATIONS : { apiLabel: undefined, table: undefined };

await withConsole(dist, async ({ page, context, api, fake }) => {
  for (const [label, user] of [
    ['first lookup in a fresh page', values.user],
    ['later lookup', values.warm],
  ] as const) {
    await fake.knobs({ latencyMs: 0 });
    await fillLookup(page, user, { apiLabel });
    await api.idle(100);
    await fake.knobs({ latencyMs: Number(values.latency) });
    const cdp = await context.newCDPSession(page);
    if (values.profile) {
      await startProfiler(cdp);
      const press = await pointAt(lookUpButton(page));
      await armFirstRow(page, table);
      await press();
      const row = await firstRowResult(page);
      const { profile } = await cdp.send('Profiler.stop');
      await api.idle(200);
      await cdp.detach();
      console.log(`\n${label}: click → painted ${(row.painted - row.click).toFixed(1)} ms`);
      printProfile(profile as CpuProfile);
      continue;
    }
    const endTrace = await startTrace(cdp, [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'v8.execute',
      'blink.user_timing',
      'toplevel',
      'loading',
      'disabled-by-default-devtools.timeline.stack',
      'v8',
      'disabled-by-default-v8.compile',
      'disabled-by-default-v8.gc',
    ]);
    const press = await pointAt(lookUpButton(page));
    await armFirstRow(page, table);
    const clickWall = await page.evaluate(() => performance.timeOrigin + performance.now());
    await press();
    const row = await firstRowResult(page);
    await api.idle(200);
    const events = await endTrace();
    await cdp.detach();
    writeFileSync(values.out.replace(/\.json$/, `-${label.split(' ')[0]}.json`), JSON.stringify(events));
    report(label, events, row, clickWall);
  }
});

function report(
  label: string,
  events: TraceEvent[],
  row: { click: number; dom: number; painted: number },
  _clickWall: number,
) {
  const mainThread = events.find(
    (e) =>
      e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid),
  );
  // The renderer whose main thread ran the click's EventDispatch.
  const click = events.find(
    (e) => e.name === 'EventDispatch' && (e.args?.data as { type?: string } | undefined)?.type === 'click',
  );
  if (!click || !mainThread) {
    console.log(`${label}: no click in the trace`);
    return;
  }
  const { pid, tid } = click;
  // Trace time (µs) of the click ≈ event dispatch start; page times are relative to the click's own time stamp.
  const t0 = click.ts;
  const end = t0 + (row.painted - row.click) * 1000 + 5_000;
  const onMain = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts >= t0 - 2_000);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const kinds = [
    'FunctionCall',
    'EventDispatch',
    'TimerFire',
    'FireAnimationFrame',
    'RunMicrotasks',
    'v8.evaluateModule',
    'EvaluateScript',
    'v8.compile',
    'v8.compileModule',
    'ParseHTML',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'Commit',
    'ResourceReceivedData',
    'ResourceFinish',
    'XHRReadyStateChange',
  ];
  console.log(
    `\n${label}: click → DOM ${(row.dom - row.click).toFixed(1)} ms, → painted ${(row.painted - row.click).toFixed(1)} ms`,
  );
  let busy = 0;
  for (const task of tasks) {
    if (task.ts > end || (task.dur ?? 0) < 1_000) continue;
    const inside = onMain.filter(
      (e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0),
    );
    const byKind = new Map<string, number>();
    for (const e of inside) {
      if (!kinds.includes(e.name)) continue;
      byKind.set(e.name, (byKind.get(e.name) ?? 0) + (e.dur ?? 0));
    }
    const functionUrls = inside
      .filter((e) => e.name === 'FunctionCall' || e.name === 'TimerFire' || e.name === 'EventDispatch')
      .map((e) => {
        const data = e.args?.data ?? {};
        return `${String(data.functionName ?? data.type ?? e.name)}@${String(data.url ?? '')
          .split('/')
          .pop()}:${String(data.lineNumber ?? '')}`;
      })
      .slice(0, 2);
    busy += (task.dur ?? 0) / 1000;
    const parts = [...byKind]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
      .join(', ');
    console.log(
      `  +${((task.ts - t0) / 1000).toFixed(1).padStart(6)} ms  ${((task.dur ?? 0) / 1000).toFixed(1).padStart(5)} ms  ${parts}  ${functionUrls.join(' ')}`,
    );
  }
  const network = events.filter(
    (e) => e.pid === pid && (e.name === 'ResourceSendRequest' || e.name === 'ResourceFinish') && e.ts >= t0,
  );
  for (const e of network) {
    const data = e.args?.data ?? {};
    const url = String(data.url ?? data.requestId ?? '');
    if (e.ts > end) continue;
    console.log(
      `  +${((e.ts - t0) / 1000).toFixed(1).padStart(6)} ms  ${e.name} ${url.replace(/^https?:\/\/[^/]+/, '').slice(0, 100)}`,
    );
  }
  console.log(`  main thread busy in tasks ≥ 1 ms until the paint: ${busy.toFixed(1)} ms`);
}

/** Where a lookup's JS time went: totals, app frames, the click's own task, self time. */
function printProfile(profile: CpuProfile) {
  const samples = samplesOf(profile).filter((sample) => !/^\((idle|program)\)/.test(sample.stack[0] ?? ''));
  const total = totals(samples);
  const self = totals(samples.map((sample) => ({ ...sample, stack: sample.stack.slice(0, 1) })));
  const busy = samples.reduce((sum, sample) => sum + sample.ms, 0);
  const print = (rows: [string, number][]) => {
    for (const [name, ms] of rows) console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${name}`);
  };
  console.log(`  JS busy ${busy.toFixed(1)} ms (GC and native included; idle and (program) excluded)`);
  console.log('  components and app code (by total):');
  print(top(total, 30, (name) => isAppFrame(name, /(queries|api-client|channel|membership|use-)/)));
  // The click's own task: from the first sample inside React's discrete event dispatch to the next idle sample.
  const all = samplesOf(profile);
  const from = all.findIndex((sample) =>
    sample.stack.some((frame) => frame.startsWith('dispatchDiscreteEvent')),
  );
  const to = all.findIndex((sample, i) => i > from && sample.stack[0]?.startsWith('(idle)'));
  const click = from < 0 ? [] : all.slice(from, to < 0 ? undefined : to);
  const clickMs = click.reduce((sum, sample) => sum + sample.ms, 0);
  console.log(`  the click's task: ${clickMs.toFixed(1)} ms; components and app code by total:`);
  print(
    top(totals(click), 25, (name) =>
      isAppFrame(name, /(queries|submit|onLookUp|navigate|pushState|prefetch)/),
    ),
  );
  console.log('  the click task by self:');
  print(top(totals(click.map((sample) => ({ ...sample, stack: sample.stack.slice(0, 1) }))), 15));
  console.log('  by self:');
  print(top(self, 20));
  // A layout read mid-render (getBoundingClientRect and friends) forces a layout of the whole page: who asked.
  const forced = samples.filter((sample) =>
    /^(getBoundingClientRect|offset|client|scroll)/.test(sample.stack[0] ?? ''),
  );
  // The longest stretch without idle: the task that renders the answers (the row's commit).
  let best: Sample[] = [];
  let current: Sample[] = [];
  for (const sample of all) {
    if (sample.stack[0]?.startsWith('(idle)')) {
      if (current.length > best.length) best = current;
      current = [];
    } else current.push(sample);
  }
  if (current.length > best.length) best = current;
  const longest = best.filter((sample) => !/^\((idle|program)\)/.test(sample.stack[0] ?? ''));
  console.log(
    `  the longest task: ${best.reduce((sum, sample) => sum + sample.ms, 0).toFixed(1)} ms; app code by total:`,
  );
  print(top(totals(longest), 30, (name) => isAppFrame(name, /(queries|api-client|channel|membership|use-)/)));
  console.log('  the longest task by self:');
  print(top(totals(longest.map((sample) => ({ ...sample, stack: sample.stack.slice(0, 1) }))), 25));
  console.log('  forced layouts, by caller:');
  print(
    top(totals(forced.map((sample) => ({ ...sample, stack: [sample.stack.slice(1, 3).join(' ← ')] }))), 8),
  );
}
