// Compare two builds of the console on lookup → first row, interleaved so both see the same machine load:
//
//   npx tsx bench/ab.ts <distA> <distB> [--runs=10] [--latency=0] [--settle=1000] [--api=conversations]
//
// Each build is served by its own Horizon (demo mode, HORIZON_STATIC_DIR=<dist>); runs alternate A/B (B/A on odd
// runs) after one discarded warm-up pair. Use it for the "before → after" of a speed change: build the old and the
// new console into two directories (`npx vite build --outDir /tmp/before`), then run this.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser.ts';
import { FakeControl } from './lib/fake-control.ts';
import { cpuAtStart, cpuShareSince, describeCpuShare, loadNow } from './lib/machine.ts';
import { startDemoServer } from './lib/processes.ts';
import { median, summarize } from './lib/stats.ts';
import { CONVERSATIONS } from './sections/conversations.ts';
import { lookupRun } from './sections/lookup.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '10' },
    latency: { type: 'string', default: '0' },
    // Wait this long (ms) before the first lookup's click: how much of a fresh page's cost is the page still settling
    // after its load (BENCHMARKS.md, "Where each budget stood on 22 Nov").
    settle: { type: 'string', default: '1000' },
    // The API the form is set to: chat (Chat v2, the lookup section's figure) or conversations (that section's).
    api: { type: 'string', default: 'chat' },
  },
});
const [distA, distB] = positionals.map((dir) => resolve(dir));
if (!distA || !distB || !existsSync(`${distA}/index.html`) || !existsSync(`${distB}/index.html`)) {
  console.error(
    'usage: npx tsx bench/ab.ts <distA> <distB> [--runs=10] [--latency=0] [--settle=1000] [--api=conversations] (each with an index.html)',
  );
  process.exit(2);
}
const runs = Number(values.runs);
const lookupApi = values.api === 'conversations' ? CONVERSATIONS : {};
const latencyMs = Number(values.latency);

const loadAtStart = loadNow();
const cpuStart = await cpuAtStart();
const browser = await launchBrowser();
const servers = [
  await startDemoServer({ HORIZON_STATIC_DIR: distA }),
  await startDemoServer({ HORIZON_STATIC_DIR: distB }),
];
const samples = { cold: [[], []] as number[][], warm: [[], []] as number[][] };
type Phases = Awaited<ReturnType<typeof lookupRun>>['phases']['cold'];
const phases = { cold: [[], []] as Phases[][], warm: [[], []] as Phases[][] };
try {
  for (let run = 0; run <= runs; run++) {
    const order = run % 2 === 0 ? [0, 1] : [1, 0];
    for (const arm of order) {
      const server = servers[arm];
      if (!server) continue;
      const fake = new FakeControl(server.url);
      const {
        row,
        warmRow,
        phases: runPhases,
      } = await lookupRun(browser, server.url, fake, {
        latencyMs,
        user: 'busy.bee@example.com',
        warmUser: 'thousand@example.com',
        settleMs: Number(values.settle),
        ...lookupApi,
      });
      if (run === 0) continue;
      samples.cold[arm]?.push(row.painted - row.click);
      samples.warm[arm]?.push(warmRow.painted - warmRow.click);
      phases.cold[arm]?.push(runPhases.cold);
      phases.warm[arm]?.push(runPhases.warm);
    }
  }
} finally {
  await browser.close();
  for (const server of servers) await server.stop();
}

console.log(
  `${values.api}: lookup → first row, fake ${latencyMs} ms, first click ≥ ${values.settle} ms after the load event, the form filled, N=${runs} per arm, ` +
    `interleaved; load ${loadAtStart} → ${loadNow()}`,
);
const cpuShare = cpuShareSince(cpuStart);
if (cpuShare) console.log(describeCpuShare(cpuShare));
for (const kind of ['cold', 'warm'] as const) {
  const [a, b] = samples[kind] as [number[], number[]];
  const sa = summarize(a);
  const sb = summarize(b);
  const bFaster = a.filter((value, i) => (b[i] ?? Number.POSITIVE_INFINITY) < value).length;
  console.log(
    `${kind}: A median ${sa.median} ms (p95 ${sa.p95}) · B median ${sb.median} ms (p95 ${sb.p95}) · ` +
      `B − A ${(median(b) - median(a)).toFixed(1)} ms · B faster in ${bFaster}/${a.length} paired runs`,
  );
  // Each leg, median (p95): the click's task (requests sent), the network (answers in), the render (row painted).
  const leg = (arm: number, pick: (p: Phases) => number) => {
    const times = summarize((phases[kind][arm] ?? []).map(pick).filter(Number.isFinite));
    return `${times.median} (${times.p95})`;
  };
  for (const [arm, name] of ['A', 'B'].entries()) {
    console.log(
      `  ${name}: click → sent ${leg(arm, (p) => p.sent)} · → answered ${leg(arm, (p) => p.answered)} · ` +
        `answered → painted ${leg(arm, (p) => p.painted - p.answered)} ms`,
    );
  }
}
