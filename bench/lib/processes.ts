import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The processes the bench measures: Horizon's production server (`npm run serve` = tsx server/main.ts) and the
// standalone fake Twilio. Each runs as its own Node process (`node --import tsx`, no npm wrapper in between), on
// loopback, on a port the OS picks (PORT=0), and is stopped by its own pid.

export interface Running {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

// A first start creates its embedded database (PGlite's initdb: tens of seconds on a busy 2-core machine).
const START_TIMEOUT_MS = 120_000;
// The servers' databases and files, removed when the bench process ends (each run's took ~80 MB, and they piled up).
const scratch = mkdtempSync(join(tmpdir(), 'horizon-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function startNode(
  script: string,
  env: Record<string, string>,
  urlPattern: RegExp,
  what: string,
): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise<Running>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = urlPattern.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining so a chatty child never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ url, pid: child.pid as number, stop: () => stopChild(child) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before listening:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let demoServers = 0;
let liveServers = 0;

/** Horizon in demo mode (the in-process fake), with the fake's control endpoints on /__fake/*. */
export function startDemoServer(extraEnv: Record<string, string> = {}): Promise<Running> {
  return startNode(
    'server/main.ts',
    {
      HOST: '127.0.0.1',
      PORT: '0',
      HORIZON_FAKE_CONTROL: '1',
      // Its own embedded database: two servers (bench/ab.ts) can't share one PGlite data folder.
      DATABASE_DIR: join(scratch, `pglite-demo-${++demoServers}`),
      ...extraEnv,
    },
    /listening on (http:\/\/[^\s]+?)\s/,
    'Horizon (demo mode)',
  );
}

/** Horizon in live mode, forwarding to `fakeUrl` (the standalone fake) with these credentials. */
export function startLiveServer(fakeUrl: string, credentials: { accountSid: string; authToken: string }) {
  return startNode(
    'server/main.ts',
    {
      HOST: '127.0.0.1',
      PORT: '0',
      TWILIO_ACCOUNT_SID: credentials.accountSid,
      TWILIO_AUTH_TOKEN: credentials.authToken,
      TWILIO_CHAT_BASE_URL: `${fakeUrl}/chat`,
      TWILIO_CONVERSATIONS_BASE_URL: `${fakeUrl}/conversations`,
      CONSOLE_AUTH: 'none',
      HORIZON_FAKE_CONTROL: '',
      DATABASE_DIR: join(scratch, `pglite-live-${++liveServers}`),
    },
    /listening on (http:\/\/[^\s]+?)\s/,
    'Horizon (live mode)',
  );
}

/** The standalone fake Twilio (mocks/standalone-server.ts) in its own process; see bench/fake-server.ts. */
export function startStandaloneFake(credentials: { accountSid: string; authToken: string }) {
  return startNode(
    'bench/fake-server.ts',
    { BENCH_FAKE_ACCOUNT_SID: credentials.accountSid, BENCH_FAKE_AUTH_TOKEN: credentials.authToken },
    /fake twilio on (http:\/\/[^\s]+)/,
    'standalone fake Twilio',
  );
}
