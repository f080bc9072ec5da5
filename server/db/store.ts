import type { ServerConfig } from '../config.ts';
import { type Database, openDatabase } from './database.ts';
import { importLegacyAuditFile } from './legacy-import.ts';
import { migrate } from './migrations.ts';
import { PostgresAuditTrail } from './pg-trail.ts';

// What a Horizon process opens at start: the database (PGlite in DATABASE_DIR, or DATABASE_URL), its migrations,
// the one-off import of the old JSONL trail, and the audit trail on it.

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
