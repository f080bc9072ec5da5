import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { type AgentsFile, agentNameSchema, hashPassword, readAgentsFile } from '../server/agents.ts';
import { roleSchema } from '../server/config.ts';

// Adds, removes and lists Horizon agents in the users file (CONSOLE_USERS_FILE, default data/agents.json).
// The running server re-reads the file within a second: no restart needed.

const USAGE = `Usage:
  npx tsx scripts/agents.ts add <name> [--role viewer|editor] [--file PATH]   (password from stdin or HORIZON_AGENT_PASSWORD)
  npx tsx scripts/agents.ts remove <name> [--file PATH]
  npx tsx scripts/agents.ts list [--file PATH]`;

const MIN_PASSWORD_LENGTH = 12;

async function readPassword(): Promise<string> {
  const fromEnv = process.env.HORIZON_AGENT_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('Password (input is shown; prefer piping it in): ');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function save(path: string, file: AgentsFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Write then rename, so the server never reads a half-written file.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

export async function runAgentsCommand(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string', default: 'viewer' }, file: { type: 'string' } },
  });
  const [command, name] = positionals;
  const path = values.file ?? process.env.CONSOLE_USERS_FILE ?? 'data/agents.json';
  const file = await readAgentsFile(path);

  if (command === 'list') {
    return file.agents.map((agent) => `${agent.name}\t${agent.role}`).join('\n') || '(no agents)';
  }
  if ((command !== 'add' && command !== 'remove') || !name || positionals.length > 2) throw new Error(USAGE);
  const validName = agentNameSchema.safeParse(name);
  if (!validName.success) throw new Error(validName.error.issues[0]?.message ?? 'invalid agent name');

  if (command === 'remove') {
    const remaining = file.agents.filter((agent) => agent.name !== name);
    if (remaining.length === file.agents.length) throw new Error(`no agent named "${name}" in ${path}`);
    await save(path, { agents: remaining });
    return `removed ${name} from ${path}`;
  }

  const role = roleSchema.safeParse(values.role);
  if (!role.success) throw new Error(`--role must be viewer or editor, got "${values.role}"`);
  const password = await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const entry = { name, role: role.data, password: await hashPassword(password) };
  const existing = file.agents.some((agent) => agent.name === name);
  const agents = existing
    ? file.agents.map((agent) => (agent.name === name ? entry : agent))
    : [...file.agents, entry];
  await save(path, { agents });
  return `${existing ? 'updated' : 'added'} ${name} (${role.data}) in ${path}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAgentsCommand(process.argv.slice(2)).then(
    (message) => console.log(message),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
