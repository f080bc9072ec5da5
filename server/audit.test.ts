import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AuditEntry, AuditLog } from './audit.ts';

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  time: '2026-01-01T00:00:00.000Z',
  agent: 'erin',
  role: 'editor',
  method: 'POST',
  path: '/api/chat/v2/Services/IS1/Users/alice/Channels/general',
  product: 'chat-v2',
  service: 'IS1',
  user: 'alice',
  userSid: 'US1',
  channel: 'general',
  channelSid: 'CH1',
  params: {},
  before: null,
  after: null,
  outcome: 'forwarded',
  refusal: null,
  status: 200,
  errorCode: null,
  ...overrides,
});

async function freshFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'horizon-audit-')), 'nested', 'audit.jsonl');
}

describe('AuditLog', () => {
  it('writes every line of a burst, in order, mirrored to stdout when asked', async () => {
    const file = await freshFile();
    const mirrored: string[] = [];
    const audit = new AuditLog(file, (line) => mirrored.push(line));
    await Promise.all(
      Array.from({ length: 40 }, (_, index) => audit.append(entry({ params: { n: String(index) } }))),
    );
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as AuditEntry).params.n)).toEqual(
      Array.from({ length: 40 }, (_, index) => String(index)),
    );
    expect(mirrored).toEqual(lines);
    await audit.close();
  });

  it('reads the trail back at startup, skipping a line torn by a crash', async () => {
    const file = await freshFile();
    const first = new AuditLog(file);
    await first.append(entry({ user: 'alice', params: { n: '1' } }));
    await first.append(entry({ user: 'bob', userSid: 'US2', params: { n: '2' } }));
    await first.close();
    await appendFile(file, '{"time":"2026-01-01T00:00:01.000Z","agent":"er');

    const second = new AuditLog(file);
    await second.ready();
    expect(second.recent().map((e) => e.params.n)).toEqual(['2', '1']);
    expect(second.recent({ user: 'US2' }).map((e) => e.params.n)).toEqual(['2']);
    expect(second.recent({ user: 'alice', channel: 'CH1' }).map((e) => e.params.n)).toEqual(['1']);
    expect(second.recent({ service: 'IS9' })).toEqual([]);
    expect(second.recent({ limit: 1 })).toHaveLength(1);
    // The next entry starts on its own line, so it survives the following restart too.
    await second.append(entry({ params: { n: '3' } }));
    await second.close();
    const third = new AuditLog(file);
    await third.ready();
    expect(third.recent().map((e) => e.params.n)).toEqual(['3', '2', '1']);
    await third.close();
  });

  it('refuses writes after it is closed, instead of losing them silently', async () => {
    const audit = new AuditLog(await freshFile());
    await audit.ready();
    await audit.close();
    await expect(audit.append(entry({}))).rejects.toThrow(/closed/);
    await expect(audit.ready()).rejects.toThrow(/closed/);
  });
});
