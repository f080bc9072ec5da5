// `npm run bench`: Horizon's performance benchmark (issue 6). Not part of `npm test`.
//
//   npm run bench                       everything, default run counts (about 5 minutes on 2 cores)
//   npm run bench -- --only=bytes,lookup  some sections: bytes, lookup, conversations, click, show-all, requests,
//                                        proxy, hardening, lighthouse
//   npm run bench -- --runs=5           fewer runs per browser figure (quick look; the report states N)
//   npm run bench -- --build            rebuild dist/ first (otherwise only when dist/ is missing)
//   npm run bench -- --no-write         print, don't touch bench/results/latest.json or BENCHMARKS.md
//
// It measures the production build (dist/) served by Horizon's production server (server/main.ts) in demo mode with
// HORIZON_FAKE_CONTROL=1, on a free loopback port, in Chromium; the proxy section also starts the standalone fake
// and Horizon in live mode pointed at it. See BENCHMARKS.md for the method behind each figure.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser.ts';
import { FakeControl } from './lib/fake-control.ts';
import {
  cpuAtStart,
  cpuShareSince,
  cpuWasShared,
  describeCpuShare,
  loadNow,
  machineInfo,
} from './lib/machine.ts';
import { startDemoServer } from './lib/processes.ts';
import { renderMarkdown, updateBenchmarksMd } from './lib/report.ts';
import { measureBytes } from './sections/bytes.ts';
import { measureClickToScreen } from './sections/click.ts';
import { measureConversations } from './sections/conversations.ts';
import { measureHardening } from './sections/hardening.ts';
import { lighthouseVersion, measureLighthouse } from './sections/lighthouse.ts';
import { measureLookup } from './sections/lookup.ts';
import { measureProxy } from './sections/proxy.ts';
import { measureRequests } from './sections/requests.ts';
import { measureShowAll } from './sections/show-all.ts';

const SECTIONS = [
  'bytes',
  'lookup',
  'conversations',
  'click',
  'show-all',
  'requests',
  'proxy',
  'hardening',
  'lighthouse',
] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string' },
    build: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const only = new Set(
  (values.only ?? SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const name of only) {
  if (!SECTIONS.includes(name as Section)) {
    console.error(`unknown section "${name}"; choose from ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const wants = (section: Section) => only.has(section);
const runsOverride = values.runs === undefined ? undefined : Number(values.runs);
if (runsOverride !== undefined && !(Number.isInteger(runsOverride) && runsOverride > 0)) {
  console.error('--runs must be a whole number above 0');
  process.exit(2);
}
const runs = (fallback: number) => runsOverride ?? fallback;
const LOOKUP_RUNS = 40;

const root = process.cwd();
const builtDir = join(root, 'dist');
if (values.build || !existsSync(join(builtDir, 'index.html'))) {
  console.log(values.build ? 'building dist/ (--build)…' : 'dist/ is missing: building…');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
const distBuiltAt = statSync(join(builtDir, 'index.html')).mtime.toISOString();
// Serve and size a snapshot: a rebuild of dist/ during the run (e2e, a colleague) must not swap the files under it.
const distDir = mkdtempSync(join(os.tmpdir(), 'horizon-bench-dist-'));
// With their timestamps: the server ignores a precompressed copy older than its file (server/static.ts), and a plain
// copy gives each file the time it was copied in readdir order (it sent the first view uncompressed in one run).
cpSync(builtDir, distDir, { recursive: true, preserveTimestamps: true });

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const startedAt = new Date();
const loadAtStart = loadNow();
// What else the CPU is doing, measured before any of the bench's own work starts.
const cpuStart = await cpuAtStart();
const cpuShareAtStart = cpuShareSince(cpuStart);
const cores = os.cpus().length;
if (
  cpuWasShared({ cores, loadAverage: { start: loadAtStart, end: loadAtStart }, cpuShare: cpuShareAtStart })
) {
  const seen = cpuShareAtStart
    ? describeCpuShare(cpuShareAtStart)
    : `load average ${loadAtStart} on ${cores} cores`;
  log(`warning: ${seen}: other work shares the CPU, times will be inflated`);
}
const results: Record<string, unknown> = {};
const failures: Record<string, string> = {};

async function section<T>(name: Section, run: () => Promise<T>): Promise<void> {
  if (!wants(name)) return;
  log(`${name}…`);
  const t0 = performance.now();
  try {
    results[name] = await run();
    log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    failures[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`${name} FAILED: ${failures[name]}`);
  }
}

const browser = await launchBrowser();
const chromiumVersion = browser.version();
const server = await startDemoServer({ HORIZON_STATIC_DIR: distDir });
log(`Horizon (demo mode) on ${server.url}, pid ${server.pid}; dist/ built ${distBuiltAt}`);
const fake = new FakeControl(server.url);
let lighthouse: string | null = null;
try {
  await fake.reset();
  await section('bytes', () => measureBytes(browser, server.url, distDir));
  // 40 lookups per setting: the issues bound the p95 too, and with 15 the nearest-rank p95 is the slowest run.
  await section('lookup', () =>
    measureLookup(browser, server.url, fake, {
      latencies: [0, 100],
      runs: runs(LOOKUP_RUNS),
      user: 'busy.bee@example.com',
      warmUser: 'thousand@example.com',
    }),
  );
  await section('conversations', () =>
    measureConversations(browser, server.url, fake, {
      runs: runs(LOOKUP_RUNS),
      showAllRuns: Math.min(runs(5), 5),
    }),
  );
  await section('click', () =>
    measureClickToScreen(browser, server.url, fake, { clicks: runs(15) * 2, latencyMs: 500 }),
  );
  await section('show-all', () => measureShowAll(browser, server.url, fake, { runs: Math.min(runs(5), 5) }));
  await section('requests', () => measureRequests(browser, server.url, fake));
  await fake.reset();
  if (wants('lighthouse')) lighthouse = lighthouseVersion();
  await section('lighthouse', () => measureLighthouse(server.url, { runs: Math.min(runs(3), 3) }));
} finally {
  await browser.close().catch(() => undefined);
  await server.stop();
}
// The proxy figures need the CPU to themselves: they run with the browser closed and the demo server stopped.
await section('proxy', () =>
  measureProxy({ samples: runsOverride ? runsOverride * 100 : 2000, loadSeconds: 10 }),
);
// Issue 13's figures: server only (no browser), after the proxy section for the same reason.
await section('hardening', () =>
  measureHardening({ bulkChanges: runsOverride ? 200 : 1000, latencies: [50, 150, 300] }),
);

const report = {
  date: startedAt.toISOString(),
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  machine: machineInfo(chromiumVersion, lighthouse, loadAtStart, cpuStart),
  distBuiltAt,
  sections: [...only],
  results,
  failures,
};
const markdown = renderMarkdown(report);
console.log(`\n${markdown}`);
if (!values['no-write']) {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const path = join(root, 'bench/results/latest.json');
  // A partial run (--only) keeps the other sections of the previous full run, marked with their own date.
  let previous: { results?: Record<string, unknown>; resultDates?: Record<string, string> } = {};
  if (existsSync(path)) {
    try {
      previous = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      previous = {};
    }
  }
  const resultDates: Record<string, string> = { ...(previous.resultDates ?? {}) };
  for (const name of Object.keys(results)) resultDates[name] = report.date;
  const merged = { ...report, results: { ...(previous.results ?? {}), ...results }, resultDates };
  writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
  updateBenchmarksMd(join(root, 'BENCHMARKS.md'), renderMarkdown(merged));
  log('wrote bench/results/latest.json and BENCHMARKS.md');
}
rmSync(distDir, { recursive: true, force: true });
process.exit(Object.keys(failures).length > 0 ? 1 : 0);
