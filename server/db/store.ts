import type { AuditTrail } from '../audit/trail.ts';
import type { ServerConfig } from '../config.ts';
import { type Database, openDatabase } from './database.ts';
import { importLegacyAuditFile } from './legacy-import.ts';
import { migrate } from './migrations.ts';
import { PostgresAuditTrail } from './pg-trail.ts';

// What a Horizon process opens at start: the database (PGlite in DATABASE_DIR, or DATABASE_URL), its migrations,
// the one-off import of the old JSONL trail, and the audit trail on it. `openStore` resolves once all that is done;
// `startingStore` (the server's) hands the store over at once and opens it when told, once the server listens.

export type Store = {
  db: Database;
  trail: PostgresAuditTrail;
  close(): Promise<void>;
};

export async function openStore(
  config: Pick<ServerConfig, 'databaseUrl' | 'databaseDir' | 'auditLogFile' | 'auditToStdout'>,
  log: (line: string) => void,
): Promise<Store> {
  const db = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseDir,
    onError: (error) => log(`database connection lost: ${error.message}`),
  });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log(`database: applied migrations ${applied.join(', ')}`);
    const imported = await importLegacyAuditFile(db, config.auditLogFile);
    if (imported) {
      log(
        `database: imported ${imported.imported} entries from ${config.auditLogFile}` +
          (imported.skipped ? ` (${imported.skipped} unreadable lines skipped)` : ''),
      );
    }
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const trail = new PostgresAuditTrail(db, {
    log,
    mirror: config.auditToStdout ? (line) => process.stdout.write(`audit ${line}\n`) : null,
  });
  // Fail at startup, not at the first change, when the trail can't be written.
  await trail.ready();
  return {
    db,
    trail,
    close: async () => {
      await trail.close();
      await db.close();
    },
  };
}

export type StoreState = 'starting' | 'open' | 'failed';

/** A store that opens when told to (once the server listens); its trail and database wait for the open meanwhile. */
export type StartingStore = {
  /** Begins opening (once; later calls return the same promise): resolves once open, rejects with why not. */
  open(): Promise<void>;
  trail: AuditTrail;
  database(): Promise<Database>;
  state(): StoreState;
  close(): Promise<void>;
};

export function startingStore(
  config: Parameters<typeof openStore>[0],
  log: (line: string) => void,
): StartingStore {
  let state: StoreState = 'starting';
  let begin: ((store: Promise<Store>) => void) | null = null;
  // Settles as the open that open() begins settles (a promise resolved with a promise takes on its outcome).
  const opening = new Promise<Store>((resolve) => {
    begin = resolve;
  });
  const opened = opening.then(
    () => {
      state = 'open';
    },
    (error: unknown) => {
      state = 'failed';
      throw error;
    },
  );
  opened.catch(() => undefined);
  const trailOf = async () => (await opening).trail;
  return {
    open: () => {
      begin?.(openStore(config, log));
      begin = null;
      return opened;
    },
    trail: {
      ready: async () => (await trailOf()).ready(),
      begin: async (entry) => (await trailOf()).begin(entry),
      finish: async (id, result) => (await trailOf()).finish(id, result),
      refuse: async (entry) => (await trailOf()).refuse(entry),
      query: async (query) => (await trailOf()).query(query),
      get: async (id) => (await trailOf()).get(id),
      close: async () => (await trailOf()).close(),
    },
    database: async () => (await opening).db,
    state: () => state,
    // Stopped while it opens (SIGTERM at start): the open finishes, so PGlite's folder is left whole, then closes.
    close: async () => {
      if (begin) return;
      const store = await opening.catch(() => null);
      await store?.close();
    },
  };
}
