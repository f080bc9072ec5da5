// Where the main thread spends lookup → first row: one fresh-page lookup (and one later lookup) traced with the
// Chromium trace, printed as a timeline of the renderer's main-thread tasks from the click to the painted row.
//
//   npx tsx bench/trace-lookup.ts [dist] [--latency=0] [--user=busy.bee@example.com] [--out=/tmp/lookup-trace.json]
//
// Not a figure of the bench (one run, traced, so slower): a map for deciding what to change next. The raw trace is
// written to --out, for chrome://tracing or the DevTools Performance panel.
import { writeFileSync } from 'node:fs';
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
  trackApi,
} from './lib/browser.ts';
import { FakeControl } from './lib/fake-control.ts';
import { startDemoServer } from './lib/processes.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    latency: { type: 'string', default: '0' },
    user: { type: 'string', default: 'busy.bee@example.com' },
    warm: { type: 'string', default: 'thousand@example.com' },
    out: { type: 'string', default: '/tmp/lookup-trace.json' },
    // A JS CPU profile instead of the trace: the functions the main thread ran from the click to the painted row
    // (build with `npx vite build --minify false --outDir /tmp/dist-plain` for readable names).
    profile: { type: 'boolean', default: false },
  },
});
const dist = resolve(positionals[0] ?? 'dist');

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

const server = await startDemoServer({ HORIZON_STATIC_DIR: dist });
const browser = await launchBrowser();
try {
  const fake = new FakeControl(server.url);
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  await openConsole(page, server.url);
  for (const [label, user] of [
    ['first lookup in a fresh page', values.user],
    ['later lookup', values.warm],
  ] as const) {
    await fake.knobs({ latencyMs: 0 });
    await fillLookup(page, user);
    await api.idle(100);
    await fake.knobs({ latencyMs: Number(values.latency) });
    const cdp = await context.newCDPSession(page);
    if (values.profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
      await cdp.send('Profiler.start');
      await armFirstRow(page);
      await lookUpButton(page).click();
      const row = await firstRowResult(page);
      const { profile } = await cdp.send('Profiler.stop');
      await api.idle(200);
      await cdp.detach();
      console.log(`\n${label}: click → painted ${(row.painted - row.click).toFixed(1)} ms`);
      printProfile(profile as CpuProfile);
      continue;
    }
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
    const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: {
        includedCategories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'v8.execute',
          'blink.user_timing',
          'toplevel',
          'loading',
          'disabled-by-default-devtools.timeline.stack',
        ],
      },
    });
    await armFirstRow(page);
    const clickWall = await page.evaluate(() => performance.timeOrigin + performance.now());
    await lookUpButton(page).click();
    const row = await firstRowResult(page);
    await api.idle(200);
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    writeFileSync(values.out.replace(/\.json$/, `-${label.split(' ')[0]}.json`), JSON.stringify(events));
    report(label, events, row, clickWall);
  }
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}

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

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total (inclusive) time per function over the whole profile, top 30 by total. */
function printProfile(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const key = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return '?';
    return `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
  };
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const name = key(id);
    if (name.startsWith('(idle)') || name.startsWith('(program)')) return;
    self.set(name, (self.get(name) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(at);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`  JS busy ${busy.toFixed(1)} ms (GC and native included; idle and (program) excluded)`);
  console.log('  by total:');
  for (const [name, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
    console.log(
      `    ${ms.toFixed(1).padStart(6)} ms  total  self ${(self.get(name) ?? 0).toFixed(1).padStart(5)}  ${name}`,
    );
  }
  console.log('  components and app code (by total):');
  for (const [name, ms] of [...total]
    .filter(
      ([name]) => !/^(\(|[a-z$])/.test(name) || /(queries|api-client|channel|membership|use-)/.test(name),
    )
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)) {
    console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${name}`);
  }
  // Per task: runs of samples between idle stretches, with the components that ran in each.
  console.log('  tasks (busy runs ≥ 3 ms between idle stretches), top frames by total:');
  let start = 0;
  let at = 0;
  let runTotals = new Map<string, number>();
  let runMs = 0;
  const flush = () => {
    if (runMs >= 3) {
      const top = [...runTotals]
        .filter(
          ([name]) =>
            !/^(\(|[a-z$])/.test(name) || /(queries|api-client|membership|submit|onLookUp)/.test(name),
        )
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, ms]) => `${name.split(' ')[0]} ${ms.toFixed(1)}`)
        .join(', ');
      console.log(`    @${start.toFixed(1).padStart(7)} ms ${runMs.toFixed(1).padStart(5)} ms  ${top}`);
    }
    runTotals = new Map();
    runMs = 0;
  };
  let idleRun = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    const name = key(id);
    if (name.startsWith('(idle)')) {
      idleRun += ms;
      if (idleRun > 1) flush();
      return;
    }
    if (runMs === 0) start = at;
    idleRun = 0;
    runMs += ms;
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const k = key(node);
      if (seen.has(k)) continue;
      seen.add(k);
      runTotals.set(k, (runTotals.get(k) ?? 0) + ms);
    }
  });
  flush();
  // The click's own task: from the first sample inside React's discrete event dispatch to the next idle sample.
  const inClick = new Map<string, number>();
  const selfInClick = new Map<string, number>();
  let clickMs = 0;
  let inTask = false;
  let taskDone = false;
  profile.samples.forEach((id, i) => {
    if (taskDone) return;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const stack: string[] = [];
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node))
      stack.push(key(node));
    if (!inTask && stack.some((k) => k.startsWith('dispatchDiscreteEvent'))) inTask = true;
    if (!inTask) return;
    if (stack[0]?.startsWith('(idle)')) {
      taskDone = true;
      return;
    }
    clickMs += ms;
    selfInClick.set(stack[0] ?? '?', (selfInClick.get(stack[0] ?? '?') ?? 0) + ms);
    for (const k of new Set(stack)) inClick.set(k, (inClick.get(k) ?? 0) + ms);
  });
  console.log(`  the click's task: ${clickMs.toFixed(1)} ms; components and app code by total:`);
  for (const [name, ms] of [...inClick]
    .filter(
      ([name]) =>
        !/^(\(|[a-z$])/.test(name) || /(queries|submit|onLookUp|navigate|pushState|prefetch)/.test(name),
    )
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)) {
    console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${name}`);
  }
  console.log('  the click task by self:');
  for (const [name, ms] of [...selfInClick].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${name}`);
  }
  console.log('  by self:');
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${name}`);
  }
}
