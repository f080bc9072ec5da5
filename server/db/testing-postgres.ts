import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Tests' own PostgreSQL server: a fresh cluster in a temporary folder, on a loopback port, run by a non-root user
// (initdb refuses root: as root it runs as `postgres` through runuser), removed at the end. CI installs the Debian
// package (.ci/run), so there it always runs; a laptop without the binaries skips these tests with a clear reason.

const run = promisify(execFile);
const ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, or null. */
export function postgresBinaries(): string | null {
  if (!existsSync(ROOT)) return null;
  const versions = readdirSync(ROOT)
    .filter((name) => existsSync(join(ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(ROOT, versions[0], 'bin') : null;
}

/**
 * The bin folder for tests that need a real server: null (skip) on a machine without PostgreSQL, but a failure in
 * CI, where .ci/run installs it, so a broken install can't pass as a skip.
 */
export function postgresForTests(): string | null {
  const bin = postgresBinaries();
  if (!bin && process.env.CI) throw new Error(`${POSTGRES_MISSING} — in CI .ci/run must install it`);
  if (!bin) console.warn(POSTGRES_MISSING);
  return bin;
}

export const POSTGRES_MISSING =
  'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql); ' +
  'the real-server variant of these tests is skipped';

/** A port free on loopback right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type TestPostgres = {
  /** postgres://horizon@127.0.0.1:PORT/DB */
  url(database?: string): string;
  port: number;
  /** A fresh, empty database on this server. */
  createDatabase(name: string): Promise<string>;
  /**
   * Stops the server, as an outage looks to clients: 'fast' (the default) disconnects them and shuts down cleanly;
   * 'immediate' kills the postmaster and its backends outright, as a crash does (recovery runs at the next start).
   * `start()` brings it back with its data.
   */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
};

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error(POSTGRES_MISSING);
  const dir = await mkdtemp(join(tmpdir(), 'horizon-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const data = join(dir, 'pg');
  // --no-sync: a test cluster need not survive power loss; the server itself keeps fsync on.
  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'horizon', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const start = async () => {
    await as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await as('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  };
  await start();
  const url = (database = 'postgres') => `postgres://horizon@127.0.0.1:${port}/${database}`;
  return {
    url,
    port,
    createDatabase: async (name) => {
      await as('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'horizon', name]);
      return url(name);
    },
    stop,
    start,
    remove: async () => {
      await stop('immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
