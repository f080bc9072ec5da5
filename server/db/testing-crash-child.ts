import { auditEntry } from '../audit/trail-contract.ts';
import { openDatabase } from './database.ts';
import { PostgresAuditTrail } from './pg-trail.ts';

// Child of durability.test.ts: records one intent in the PGlite folder given, says so, then waits to be killed.

const [dataDir, id] = process.argv.slice(2) as [string, string];
const db = await openDatabase({ dataDir });
const trail = new PostgresAuditTrail(db);
await trail.ready();
await trail.begin(auditEntry({ id }));
process.stdout.write('begun\n');
setInterval(() => undefined, 60_000);
