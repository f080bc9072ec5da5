import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataFolder } from './data-folder-lock.ts';

// One small SQL surface over the two engines Horizon runs on: PGlite (embedded Postgres in a data folder, the
// default) and a PostgreSQL server (DATABASE_URL). Every query is plain parameterised SQL that both run unchanged.

export type Queryable = {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs a script of several statements, without parameters (migrations); the last statement's rows. */
  exec(script: string): Promise<{ rows: Record<string, unknown>[] }>;
};

export type Database = Queryable & {
  kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A connection of its own for as long as the caller holds it (session-level advisory locks); PGlite: the one. */
  connect(): Promise<Queryable & { release(broken?: boolean): void }>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** postgres://… : a PostgreSQL server. Unset: PGlite in `dataDir`. */
  url?: string | null;
  dataDir: string;
  /** Pool size for a server (PGlite is one connection). */
  maxConnections?: number;
  /** A pool connection that drops (server restarted, network) is reported here instead of crashing the process. */
  onError?: (error: Error) => void;
};

function onClient(client: pg.PoolClient | pg.Pool): Queryable {
  return {
    query: async (text, params) => ({ rows: (await client.query(text, params)).rows }),
    // Without parameters pg uses the simple query protocol, which runs several statements.
    exec: async (script) => {
      const results = (await client.query(script)) as pg.QueryResult | pg.QueryResult[];
      return { rows: (Array.isArray(results) ? results.at(-1)?.rows : results.rows) ?? [] };
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openServer(options.url, options) : openEmbedded(options.dataDir);
}

/** The folder's entries, or null when there is no folder. */
const entriesOf = (dir: string) =>
  readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });

/**
 * A new database folder appears whole or not at all: PGlite creates the cluster (initdb, seconds to tens of seconds)
 * in `<dataDir>.creating`, which is renamed to `dataDir` once complete. A first start stopped halfway (Ctrl-C while
 * `npm start` creates it) leaves only that folder, which the next start removes and creates again; a half-created
 * `dataDir` could never be opened ("Aborted()").
 */
async function createDataFolder(dataDir: string): Promise<void> {
  const creating = `${dataDir}.creating`;
  await rm(creating, { recursive: true, force: true });
  const lite = await PGlite.create(creating);
  await lite.close();
  // The empty folder the caller found, if any: rmdir, so a folder that has gained files since is never removed.
  await rmdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(creating, dataDir);
}

/** The cluster in `dataDir`, created first when the folder is new or empty; a clear refusal for anything else. */
async function openCluster(dataDir: string): Promise<PGlite> {
  const entries = await entriesOf(dataDir);
  if (entries === null || entries.length === 0) await createDataFolder(dataDir);
  else if (!entries.includes('PG_VERSION')) {
    throw new Error(
      `The embedded database folder ${dataDir} holds files but no database. Give DATABASE_DIR an empty or new ` +
        'folder (Horizon creates it).',
    );
  }
  return PGlite.create(dataDir).catch((error: Error) => {
    throw new Error(
      `The embedded database in ${dataDir} could not be opened (${error.message}). If it is from a version of ` +
        'Horizon that was stopped during its first start, it holds nothing yet: move it away and start again. ' +
        'Otherwise keep it for inspection and start with DATABASE_DIR set to a new folder.',
    );
  });
}

async function openEmbedded(dataDir: string): Promise<Database> {
  await mkdir(dirname(dataDir), { recursive: true });
  const unlock = await lockDataFolder(dataDir);
  // PGlite's node filesystem writes through to the OS at every commit (the WAL write happens inside COMMIT), but it
  // has no fsync: a committed change survives the process being killed, not the machine losing power. The README's
  // "Deploy" says so; DATABASE_URL is the answer for power-loss durability.
  const lite = await openCluster(dataDir).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  const query: Queryable['query'] = async (text, params) => {
    const result = await lite.query(text, params);
    return { rows: result.rows as never[] };
  };
  const exec = async (script: string) => ({ rows: (await lite.exec(script)).at(-1)?.rows ?? [] });
  return {
    kind: 'pglite',
    query,
    exec,
    transaction: (work) =>
      lite.transaction((tx) =>
        work({
          query: (text, params) => tx.query(text, params) as never,
          exec: async (script) => ({ rows: (await tx.exec(script)).at(-1)?.rows ?? [] }),
        }),
      ),
    // One connection: every caller shares it, so "holding" it is a no-op.
    connect: async () => ({ query, exec, release: () => undefined }),
    close: () => lite.close().finally(unlock),
  };
}

async function openServer(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle connection that the server drops emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', (error) => options.onError?.(error));
  return {
    kind: 'postgres',
    ...onClient(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(onClient(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    connect: async () => {
      const client = await pool.connect();
      client.on('error', (error) => options.onError?.(error));
      // A broken connection is destroyed instead of going back to the pool.
      return { ...onClient(client), release: (broken) => client.release(broken) };
    },
    close: () => pool.end(),
  };
}
