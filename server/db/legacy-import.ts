import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { newAuditId } from '../audit/audit-id.ts';
import type { AuditEntry, AuditResult } from '../audit/trail.ts';
import { insertEntries } from './audit-rows.ts';
import type { Database } from './database.ts';

// Earlier versions kept the trail in a JSONL file (AUDIT_LOG_FILE): first one complete entry a line, then the
// write-ahead file (an intent line, then its outcome line keyed by id; a refusal line). At the first start on a
// database it is copied in once, both shapes; the file is left as it was.

/** A line of the first file: a complete entry, without id, reason or links. */
type LegacyEntry = Omit<AuditEntry, 'id' | 'outcome' | 'reason' | 'revertOf' | 'scheduleId'> & {
  outcome: 'forwarded' | 'refused';
};
type WriteAheadLine =
  | { kind: 'intent'; entry: AuditEntry }
  | { kind: 'refusal'; entry: AuditEntry }
  | { kind: 'outcome'; id: string; result: AuditResult };

const IMPORT_NAME = 'audit-jsonl';
const BATCH = 500;

/** An old line in the trail's current shape: it had no id (one is made from its time), reason or links. */
export function fromLegacyEntry(old: LegacyEntry, id = newAuditId(Date.parse(old.time))): AuditEntry {
  return {
    id,
    time: new Date(old.time).toISOString(),
    agent: old.agent ?? null,
    role: old.role ?? null,
    method: old.method,
    path: old.path,
    product: old.product ?? null,
    service: old.service ?? null,
    user: old.user ?? null,
    userSid: old.userSid ?? null,
    channel: old.channel ?? null,
    channelSid: old.channelSid ?? null,
    params: old.params ?? {},
    before: old.before ?? null,
    after: old.after ?? null,
    outcome: old.outcome === 'refused' ? 'refused' : 'forwarded',
    refusal: old.refusal ?? null,
    status: old.status ?? null,
    errorCode: old.errorCode ?? null,
    reason: null,
    revertOf: null,
    scheduleId: null,
  };
}

function parseLine(line: string): LegacyEntry | WriteAheadLine | null {
  try {
    const parsed = JSON.parse(line) as Partial<LegacyEntry> & Partial<WriteAheadLine>;
    if (parsed.kind === 'outcome') return typeof parsed.id === 'string' ? (parsed as WriteAheadLine) : null;
    if (parsed.kind === 'intent' || parsed.kind === 'refusal') {
      const entry = (parsed as { entry?: Partial<AuditEntry> }).entry;
      return typeof entry?.id === 'string' && typeof entry.time === 'string'
        ? (parsed as WriteAheadLine)
        : null;
    }
    const ok =
      typeof parsed.time === 'string' &&
      !Number.isNaN(Date.parse(parsed.time)) &&
      typeof parsed.method === 'string' &&
      typeof parsed.path === 'string';
    return ok ? (parsed as LegacyEntry) : null;
  } catch {
    return null; // a torn last line after a crash
  }
}

export type ImportResult = { imported: number; skipped: number } | null;

/** Imports `file` once per database (null when already done, or when there is no file). */
export async function importLegacyAuditFile(db: Database, file: string): Promise<ImportResult> {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  return db.transaction(async (tx) => {
    // Two replicas starting together: the second waits here, then sees the import done.
    await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [IMPORT_NAME]);
    const { rows } = await tx.query('select 1 from horizon_imports where name = $1', [IMPORT_NAME]);
    if (rows.length > 0) return null;
    let imported = 0;
    let skipped = 0;
    if (exists) {
      let batch: AuditEntry[] = [];
      // Intents waiting for their outcome line; those left at the end never got one: 'unknown', as the trail read them.
      const intents = new Map<string, AuditEntry>();
      const lines = createInterface({
        input: createReadStream(file, 'utf8'),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) {
        if (!line.trim()) continue;
        const parsed = parseLine(line);
        if (!parsed) {
          skipped++;
          continue;
        }
        if (!('kind' in parsed)) batch.push(fromLegacyEntry(parsed));
        else if (parsed.kind === 'refusal') batch.push({ ...parsed.entry, outcome: 'refused' });
        else if (parsed.kind === 'intent') intents.set(parsed.entry.id, parsed.entry);
        else {
          const intent = intents.get(parsed.id);
          if (!intent) {
            skipped++;
            continue;
          }
          intents.delete(parsed.id);
          const { result } = parsed;
          batch.push({
            ...intent,
            ...result,
            userSid: result.userSid ?? intent.userSid,
            channelSid: result.channelSid ?? intent.channelSid,
          });
        }
        if (batch.length === BATCH) {
          await insertEntries(tx, batch);
          imported += batch.length;
          batch = [];
        }
      }
      for (const intent of intents.values()) batch.push({ ...intent, outcome: 'unknown' });
      await insertEntries(tx, batch);
      imported += batch.length;
    }
    await tx.query('insert into horizon_imports (name, entries, imported_at) values ($1, $2, now())', [
      IMPORT_NAME,
      imported,
    ]);
    return exists ? { imported, skipped } : null;
  });
}
