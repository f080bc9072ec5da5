// `npx tsx bench/cold-start.ts`: `npm start`'s cold start (issue 16). The production server over the built console
// (`node --import tsx server/main.ts`, demo mode, HORIZON_STATIC_DIR=dist), from spawning the process to:
//   healthz   the first `/healthz` 200
//   console   the console's index.html served
//   history   the first history read answered (the database is open)
//   change    a change sent at the first healthz answered (it waits for the database while that opens)
// Each run alternates an empty PGlite data folder (PGlite creates its cluster: initdb in WASM) and an existing one
// (made by one start before the runs). Not part of `npm test` or `npm run bench`; figures go to BENCHMARKS.md.
//
//   --runs=5             runs per kind (median, min, max over these)
//   --compare=<checkout>  also time another checkout (its dist/ built, node_modules linked), run for run
//                         interleaved with this one, so both see the same machine load
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SEED } from '../mocks/seed.ts';
import { freePort } from '../server/db/testing-postgres.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, compare: { type: 'string' } },
});
const RUNS = Number(values.runs);
const CHECKOUTS = values.compare ? [resolve(values.compare), process.cwd()] : [process.cwd()];
const POLL_MS = 20;

for (const checkout of CHECKOUTS) {
  if (!existsSync(join(checkout, 'dist/index.html'))) {
    console.error(
      `${checkout}/dist is missing: run \`npm run build\` there (npm start builds, then starts the server)`,
    );
    process.exit(2);
  }
}

const ok = async (url: string, init?: RequestInit) => {
  try {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
};

type Timings = { healthz: number; console: number; history: number; change: number; changeStatus: number };

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function coldStart(checkout: string, databaseDir: string, scratch: string): Promise<Timings> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: checkout,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      HORIZON_STATIC_DIR: 'dist',
      DATABASE_DIR: databaseDir,
      AUDIT_LOG_FILE: join(scratch, 'no-legacy-audit.jsonl'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const since = () => performance.now() - started;
  const until = async (condition: () => Promise<boolean>, what: string) => {
    while (!(await condition())) {
      if (child.exitCode !== null) throw new Error(`server exited before ${what}:\n${errors}`);
      if (since() > 120_000) throw new Error(`no ${what} within 120 s:\n${errors}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return since();
  };
  try {
    const healthz = await until(async () => (await ok(`${base}/healthz`)) === 200, '/healthz');
    const alice = SEED.users.alice.identity;
    const path = `/api/chat/v2/Services/${SEED.services.support.sid}/Users/${encodeURIComponent(alice)}/Channels/${SEED.channels.general.sid}`;
    const change = ok(`${base}${path}`, {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: base,
        'X-Horizon-Client': 'console',
      },
    }).then((status) => ({ status, at: since() }));
    const consoleAt = await until(
      async () => (await ok(`${base}/`, { headers: { Accept: 'text/html' } })) === 200,
      'console',
    );
    const history = await until(async () => (await ok(`${base}/api/history?limit=1`)) === 200, 'history');
    const changed = await change;
    return { healthz, console: consoleAt, history, change: changed.at, changeStatus: changed.status };
  } finally {
    await stopChild(child);
  }
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const scratch = await mkdtemp(join(tmpdir(), 'horizon-cold-start-'));
try {
  type Kind = 'empty' | 'existing';
  const results = new Map<string, Record<Kind, Timings[]>>();
  for (const [index, checkout] of CHECKOUTS.entries()) {
    await coldStart(checkout, join(scratch, `existing-${index}`), scratch);
    results.set(checkout, { empty: [], existing: [] });
  }
  const loadBefore = os.loadavg()[0] as number;
  for (let run = 0; run < RUNS; run++) {
    for (const kind of ['empty', 'existing'] as const) {
      for (const [index, checkout] of CHECKOUTS.entries()) {
        const dir = join(scratch, kind === 'empty' ? `empty-${index}-${run}` : `existing-${index}`);
        const timing = await coldStart(checkout, dir, scratch).catch((error: Error) => {
          console.error(`${checkout} ${kind}: ${error.message.split('\n')[0]} (run left out)`);
          return null;
        });
        // Each run as it ends, so a long run that is stopped still leaves its figures.
        if (timing) {
          results.get(checkout)?.[kind].push(timing);
          console.error(`${checkout} ${kind} ${JSON.stringify(timing)}`);
        }
        if (kind === 'empty') await rm(dir, { recursive: true, force: true });
      }
    }
    console.error(`run ${run + 1}/${RUNS} done`);
  }
  const loadAfter = os.loadavg()[0] as number;
  console.log(
    `cold start, ${RUNS} runs per kind, load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} cores`,
  );
  for (const [checkout, kinds] of results) {
    console.log(`\n${checkout}`);
    for (const [kind, runs] of Object.entries(kinds)) {
      for (const key of ['healthz', 'console', 'history', 'change'] as const) {
        const xs = runs.map((timing) => timing[key]);
        console.log(
          `${kind.padEnd(8)} ${key.padEnd(8)} median ${seconds(median(xs))} s  (min ${seconds(Math.min(...xs))}, max ${seconds(Math.max(...xs))}; ${xs.map(seconds).join(', ')})`,
        );
      }
      console.log(
        `${kind.padEnd(8)} change statuses: ${runs.map((timing) => timing.changeStatus).join(', ')}`,
      );
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
