import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentDirectory, verifyPassword } from '../server/agents.ts';
import { runAgentsCommand } from './agents.ts';

let file: string;
const savedPassword = process.env.HORIZON_AGENT_PASSWORD;

beforeEach(async () => {
  file = join(await mkdtemp(join(tmpdir(), 'horizon-agents-')), 'agents.json');
});
afterEach(() => {
  if (savedPassword === undefined) delete process.env.HORIZON_AGENT_PASSWORD;
  else process.env.HORIZON_AGENT_PASSWORD = savedPassword;
});

const basic = (name: string, password: string) =>
  `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

describe('scripts/agents.ts', () => {
  it('adds an agent with a scrypt hash (never the password) in a file only its owner can read', async () => {
    process.env.HORIZON_AGENT_PASSWORD = 'correct horse battery';
    expect(await runAgentsCommand(['add', 'ana', '--role', 'editor', '--file', file])).toBe(
      `added ana (editor) in ${file}`,
    );
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('correct horse battery');
    const stored = (JSON.parse(text) as { agents: { name: string; role: string; password: string }[] })
      .agents;
    expect(stored).toEqual([{ name: 'ana', role: 'editor', password: expect.stringMatching(/^scrypt\$/) }]);
    expect(await verifyPassword('correct horse battery', stored[0]?.password as string)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored[0]?.password as string)).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('lets the running server pick up additions and removals without a restart', async () => {
    process.env.HORIZON_AGENT_PASSWORD = 'a long enough password';
    await runAgentsCommand(['add', 'ben', '--file', file]);
    const directory = new AgentDirectory(file);
    expect(await directory.authenticateBasic(basic('ben', 'a long enough password'))).toEqual({
      name: 'ben',
      role: 'viewer',
    });
    expect(await directory.authenticateBasic(basic('ben', 'wrong password here'))).toBeNull();
    expect(await runAgentsCommand(['remove', 'ben', '--file', file])).toBe(`removed ben from ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the directory re-checks the file once a second
    expect(await directory.authenticateBasic(basic('ben', 'a long enough password'))).toBeNull();
    expect(await runAgentsCommand(['list', '--file', file])).toBe('(no agents)');
  });

  it('refuses short passwords, bad names, bad roles and unknown agents with a clear message', async () => {
    process.env.HORIZON_AGENT_PASSWORD = 'short';
    await expect(runAgentsCommand(['add', 'cy', '--file', file])).rejects.toThrow(/at least 12 characters/);
    process.env.HORIZON_AGENT_PASSWORD = 'a long enough password';
    await expect(runAgentsCommand(['add', 'cy:admin', '--file', file])).rejects.toThrow(
      /no spaces or colons/,
    );
    await expect(runAgentsCommand(['add', 'cy', '--role', 'admin', '--file', file])).rejects.toThrow(
      /--role must be viewer or editor/,
    );
    await expect(runAgentsCommand(['remove', 'nobody', '--file', file])).rejects.toThrow(
      /no agent named "nobody"/,
    );
    await expect(runAgentsCommand(['promote', 'cy', '--file', file])).rejects.toThrow(/Usage:/);
  });
});
