import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { auditEntry } from '../audit/trail-contract.ts';
import { openStore } from './store.ts';
import { freshPgliteDir } from './testing-pglite.ts';

// The JSONL trail of earlier versions is copied into the database once, on the first start.

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const oldLine = (time: string, overrides: object = {}) =>
  JSON.stringify({
    time,
    agent: 'ana',
    role: 'editor',
    method: 'POST',
    path: '/api/chat/v2/Services/IS1/Users/alice/Channels/CH1',
    product: 'chat-v2',
    service: 'IS1',
    user: 'alice',
    userSid: 'US1',
    channel: 'CH1',
    channelSid: 'CH1',
    params: { NotificationLevel: 'muted' },
    before: { notification_level: 'default' },
    after: { notification_level: 'muted' },
    outcome: 'forwarded',
    refusal: null,
    status: 200,
    errorCode: null,
    ...overrides,
  });

it('imports the old audit file once, in order, skipping a torn last line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-import-'));
  dirs.push(dir);
  const auditLogFile = join(dir, 'audit.jsonl');
  await writeFile(
    auditLogFile,
    `${oldLine('2026-01-02T09:00:00.000Z')}\n${oldLine('2026-01-03T09:00:00.000Z', {
      outcome: 'refused',
      refusal: 'ben is a viewer',
      agent: 'ben',
      status: 403,
      errorCode: 20403,
    })}\n{"time":"2026-01-04T0`,
  );
  const config = {
    databaseUrl: null,
    databaseDir: await freshPgliteDir(dir),
    auditLogFile,
    auditToStdout: false,
  };
  const logs: string[] = [];
  const first = await openStore(config, (line) => logs.push(line));
  expect(logs).toContain(`database: imported 2 entries from ${auditLogFile} (1 unreadable lines skipped)`);
  const { entries } = await first.trail.query({});
  expect(entries).toMatchObject([
    {
      time: '2026-01-03T09:00:00.000Z',
      agent: 'ben',
      outcome: 'refused',
      refusal: 'ben is a viewer',
      reason: null,
    },
    { time: '2026-01-02T09:00:00.000Z', agent: 'ana', outcome: 'forwarded', userSid: 'US1', revertOf: null },
  ]);
  expect((await first.trail.query({ action: 'mute' })).entries).toHaveLength(2);
  await first.close();

  const second = await openStore(config, (line) => logs.push(line));
  expect((await second.trail.query({})).entries).toHaveLength(2);
  expect(logs.filter((line) => line.includes('imported'))).toHaveLength(1);
  await second.close();
}, 30_000);

it('imports the write-ahead file: intent and outcome as one entry, a refusal, an intent without outcome as unknown', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'horizon-import-wal-'));
  dirs.push(dir);
  const auditLogFile = join(dir, 'audit.jsonl');
  const done = auditEntry({ reason: 'ticket 7' });
  const refused = auditEntry({ outcome: 'refused', refusal: 'viewer' });
  const lost = auditEntry();
  const lines = [
    { kind: 'intent', entry: done },
    { kind: 'refusal', entry: refused },
    { kind: 'intent', entry: lost },
    {
      kind: 'outcome',
      id: done.id,
      result: {
        outcome: 'forwarded',
        after: { notification_level: 'muted' },
        status: 200,
        errorCode: null,
        refusal: null,
        userSid: 'US9',
        channelSid: null,
      },
    },
  ];
  await writeFile(auditLogFile, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  const config = {
    databaseUrl: null,
    databaseDir: await freshPgliteDir(dir),
    auditLogFile,
    auditToStdout: false,
  };
  const store = await openStore(config, () => undefined);
  const { entries } = await store.trail.query({});
  expect(entries.map((entry) => [entry.id, entry.outcome])).toEqual([
    [lost.id, 'unknown'],
    [refused.id, 'refused'],
    [done.id, 'forwarded'],
  ]);
  expect(await store.trail.get(done.id)).toMatchObject({ reason: 'ticket 7', userSid: 'US9', status: 200 });
  await store.close();
});
