import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlAuditTrail } from './jsonl-trail.ts';
import { auditEntry, auditTrailContract } from './trail-contract.ts';

async function freshFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'horizon-audit-')), 'nested', 'audit.jsonl');
}

auditTrailContract('JSONL file', async () => {
  const file = await freshFile();
  const trail = new JsonlAuditTrail(file);
  return {
    trail,
    async reopen() {
      await trail.close();
      return new JsonlAuditTrail(file);
    },
  };
});

const forwarded = { outcome: 'forwarded', after: null, status: 200, errorCode: null, refusal: null } as const;
const sids = { userSid: null, channelSid: null };

describe('JsonlAuditTrail', () => {
  it('writes the intent to disk before begin resolves, and mirrors each line when asked', async () => {
    const file = await freshFile();
    const mirrored: string[] = [];
    const trail = new JsonlAuditTrail(file, { mirror: (line) => mirrored.push(line) });
    const entry = auditEntry();
    await trail.begin(entry);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { kind: 'intent', entry: { id: entry.id } },
    ]);
    expect(mirrored).toEqual(lines);
    await trail.close();
  });

  it('skips a line torn by a crash and starts the next one on a line of its own', async () => {
    const file = await freshFile();
    const first = new JsonlAuditTrail(file);
    const kept = auditEntry();
    await first.refuse({ ...kept, refusal: 'no', status: 403, errorCode: 20403 });
    await first.close();
    await appendFile(file, '{"kind":"intent","entry":{"id":"torn');
    const second = new JsonlAuditTrail(file);
    const next = auditEntry();
    await second.begin(next);
    await second.finish(next.id, { ...forwarded, ...sids });
    await second.close();
    const third = new JsonlAuditTrail(file);
    await third.ready();
    expect((await third.query({})).entries.map((e) => [e.id, e.outcome])).toEqual([
      [next.id, 'forwarded'],
      [kept.id, 'refused'],
    ]);
    await third.close();
  });

  it('reads lines written before the write-ahead trail as complete entries', async () => {
    const file = await freshFile();
    const legacy = { ...auditEntry({ outcome: 'forwarded', status: 200 }) } as Record<string, unknown>;
    for (const key of ['id', 'reason', 'revertOf', 'scheduleId']) delete legacy[key];
    await new JsonlAuditTrail(file).ready(); // creates the folder
    await writeFile(file, `${JSON.stringify(legacy)}\n`);
    const trail = new JsonlAuditTrail(file);
    await trail.ready();
    const [entry] = (await trail.query({})).entries;
    expect(entry).toMatchObject({ outcome: 'forwarded', user: 'alice', reason: null, revertOf: null });
    expect(entry?.id).toMatch(/legacy/);
    await trail.close();
  });

  it('notices its folder was deleted: the next write recreates it, with the entries held in memory', async () => {
    const file = await freshFile();
    const logs: string[] = [];
    const trail = new JsonlAuditTrail(file, { log: (line) => logs.push(line) });
    const before = auditEntry();
    await trail.begin(before);
    await trail.finish(before.id, { ...forwarded, ...sids });
    await rm(dirname(file), { recursive: true });
    const after = auditEntry();
    await trail.begin(after);
    const reopened = new JsonlAuditTrail(file);
    await reopened.ready();
    expect((await reopened.query({})).entries.map((e) => [e.id, e.outcome])).toEqual([
      [after.id, 'unknown'],
      [before.id, 'forwarded'],
    ]);
    expect(logs.join('\n')).toMatch(/deleted or replaced/);
    await reopened.close();
    await trail.close();
  });

  it('notices its file was unlinked and writes on to a new file at the same path', async () => {
    const file = await freshFile();
    const trail = new JsonlAuditTrail(file, { log: () => undefined });
    await trail.begin(auditEntry());
    await unlink(file);
    const next = auditEntry();
    await trail.begin(next);
    expect(existsSync(file)).toBe(true);
    expect(await readFile(file, 'utf8')).toContain(next.id);
    await trail.close();
  });

  it('refuses writes while the disk is full and recovers by itself once it is not', async () => {
    const file = await freshFile();
    const trail = new JsonlAuditTrail(file, { log: () => undefined });
    await trail.ready();
    // A real ENOSPC: the trail's path now leads to /dev/full.
    await unlink(file);
    await symlink('/dev/full', file);
    await expect(trail.begin(auditEntry())).rejects.toThrow(/ENOSPC|no space/i);
    await expect(trail.begin(auditEntry())).rejects.toThrow(/ENOSPC|no space/i);
    // Space again: no restart, the next write goes through.
    await unlink(file);
    const next = auditEntry();
    await trail.begin(next);
    expect(await readFile(file, 'utf8')).toContain(next.id);
    await trail.close();
  });

  it('refuses writes while its folder cannot be created, and recovers once it can', async () => {
    const file = await freshFile();
    const trail = new JsonlAuditTrail(file, { log: () => undefined });
    await trail.ready();
    await rm(dirname(file), { recursive: true });
    await writeFile(dirname(file), 'a file where the folder was');
    await expect(trail.begin(auditEntry())).rejects.toThrow();
    await expect(trail.ready()).rejects.toThrow();
    await rm(dirname(file));
    await trail.ready();
    await trail.begin(auditEntry());
    await trail.close();
  });
});
