// What the long tasks of opening a user's channels by link are made of (Lighthouse's Total Blocking Time): the page
// is loaded with the CPU slowed down (4×, as Lighthouse's mobile run), traced and CPU-profiled; each main-thread task
// over 50 ms is printed with the functions that ran in it (inclusive time, top frames).
//
//   npx tsx bench/trace-load.ts [dist] [--cpu=4] [--user=busy.bee@example.com]
//
// A map for deciding what to change, not a figure of the bench. Build with `npx vite build --minify false --outDir
// /tmp/dist-plain` for readable names.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SEED } from '../mocks/seed.ts';
import { paths } from '../src/app/paths.ts';
import { launchBrowser, newContext } from './lib/browser.ts';
import { type CpuProfile, isAppFrame, samplesOf, top, totals } from './lib/cpu-profile.ts';
import { startDemoServer } from './lib/processes.ts';
import { startTrace } from './lib/trace.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    cpu: { type: 'string', default: '4' },
    user: { type: 'string', default: 'busy.bee@example.com' },
    // Lighthouse's mobile screen (412×823) instead of the bench's 1366×900.
    mobile: { type: 'boolean', default: false },
    // Extra CSS injected before the page's own scripts run (an experiment: what does hiding X save?).
    css: { type: 'string', default: '' },
  },
});
const dist = resolve(positionals[0] ?? 'dist');

const KINDS = [
  'FunctionCall',
  'EvaluateScript',
  'v8.evaluateModule',
  'RunMicrotasks',
  'TimerFire',
  'FireAnimationFrame',
  'UpdateLayoutTree',
  'Layout',
  'Paint',
  'PrePaint',
  'ParseHTML',
  'ParseAuthorStyleSheet',
  'MajorGC',
  'MinorGC',
];

const server = await startDemoServer({ HORIZON_STATIC_DIR: dist });
const browser = await launchBrowser();
try {
  const context = await newContext(browser);
  const page = await context.newPage();
  if (values.mobile) await page.setViewportSize({ width: 412, height: 823 });
  if (values.css) {
    await page.addInitScript((css) => {
      document.addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style');
        style.textContent = css;
        document.head.append(style);
      });
    }, values.css);
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(values.cpu) });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const endTrace = await startTrace(cdp, [
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'toplevel',
    'v8.execute',
  ]);
  await cdp.send('Profiler.start');
  const url = `${server.url}${paths.user('chat-v2', SEED.services.support.sid, values.user)}`;
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('table', { name: /^Channels of/ }).waitFor();
  await page.waitForTimeout(3000);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  const events = await endTrace();

  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events
    .filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    .filter((e) => mains.has(`${e.pid}:${e.tid}`))
    .filter((e) => (e.dur ?? 0) > 50_000)
    .sort((a, b) => a.ts - b.ts);
  const samples = samplesOf(profile);
  const first = tasks[0]?.ts ?? 0;
  let blocking = 0;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    blocking += Math.max(0, (task.dur ?? 0) / 1000 - 50);
    const inTask = samples.filter((sample) => sample.time >= task.ts && sample.time <= end);
    const frames = top(
      totals(inTask),
      14,
      (name) =>
        !/^\((root|program|idle)\)/.test(name) &&
        isAppFrame(name, /(queries|main|use[A-Z]|fetch|parse|commit|flush|render)/),
    )
      .map(([name, ms]) => `${name.replace(/ .*:/, ':')} ${ms.toFixed(0)}`)
      .join(' · ');
    const kinds = new Map<string, number>();
    for (const e of events) {
      if (e.pid !== task.pid || e.tid !== task.tid || e.ph !== 'X' || e.ts < task.ts || e.ts > end) continue;
      if (!KINDS.includes(e.name)) continue;
      kinds.set(e.name, (kinds.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    }
    const made = [...kinds]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
      .join(', ');
    console.log(
      `+${((task.ts - first) / 1000).toFixed(0).padStart(5)} ms  ${((task.dur ?? 0) / 1000).toFixed(0).padStart(4)} ms  [${made}]  ${frames}`,
    );
  }
  console.log(
    `blocking time (sum of task time over 50 ms, CPU ×${values.cpu}, not simulated): ${blocking.toFixed(0)} ms`,
  );
} finally {
  await browser.close();
  await server.stop();
}
