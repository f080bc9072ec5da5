import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { type Role, roleSchema } from './config.ts';

// Agents who may sign in: a JSON file edited by scripts/agents.ts, passwords hashed with scrypt (node:crypto).

export type Agent = { name: string; role: Role };

export const agentNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9._@+-]{1,64}$/,
    'agent names are 1-64 letters, digits or . _ @ + - (no spaces or colons)',
  );

const HASH_PREFIX = 'scrypt';
// N=2^15, r=8: ~32 MiB and tens of milliseconds per check; OWASP's floor for scrypt is N=2^17 with r=8, p=1 at
// 128 MiB, which is too heavy for a small box — successful checks are cached (see AgentDirectory) to compensate.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };

const passwordHashSchema = z
  .string()
  .regex(
    /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
    'password must be a scrypt$N$r$p$salt$hash string',
  );

export const agentsFileSchema = z.object({
  agents: z.array(
    z.object({
      name: agentNameSchema,
      role: roleSchema,
      // Header (SSO) mode only needs name + role; basic mode needs the hash.
      password: passwordHashSchema.optional(),
    }),
  ),
});
export type AgentsFile = z.infer<typeof agentsFileSchema>;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, length: number) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, length, { N, r, p, maxmem: SCRYPT.maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return [HASH_PREFIX, SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [prefix, n, r, p, salt, hash] = stored.split('$');
  if (prefix !== HASH_PREFIX || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(
    password,
    Buffer.from(salt, 'base64'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

export async function readAgentsFile(path: string): Promise<AgentsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { agents: [] };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; fix it or recreate it with scripts/agents.ts`);
  }
  const parsed = agentsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${path} is not a valid agents file: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The agents file, re-read when it changes, so adding or removing an agent needs no restart. */
export class AgentDirectory {
  private file: AgentsFile = { agents: [] };
  private loadedMtime = -1;
  private lastCheck = 0;
  // sha256(Authorization header) → agent, for headers that already passed scrypt against this file version.
  private verified = new Map<string, Agent>();
  private pending = new Map<string, Promise<Agent | null>>();
  private readonly dummyHash = hashPassword(randomBytes(12).toString('hex'));

  constructor(private readonly path: string) {}

  private async refresh(): Promise<void> {
    const now = Date.now();
    if (now - this.lastCheck < 1000) return;
    this.lastCheck = now;
    let mtime: number;
    try {
      mtime = (await stat(this.path)).mtimeMs;
    } catch {
      mtime = 0;
    }
    if (mtime === this.loadedMtime) return;
    this.file = await readAgentsFile(this.path);
    this.loadedMtime = mtime;
    this.verified.clear();
    this.pending.clear();
  }

  async find(name: string): Promise<Agent | null> {
    await this.refresh();
    const entry = this.file.agents.find((agent) => agent.name === name);
    return entry ? { name: entry.name, role: entry.role } : null;
  }

  /** Checks an `Authorization: Basic …` header; null when missing, malformed or wrong. */
  async authenticateBasic(authorization: string | undefined): Promise<Agent | null> {
    if (!authorization?.startsWith('Basic ')) return null;
    await this.refresh();
    const cacheKey = createHash('sha256').update(authorization).digest('hex');
    const cached = this.verified.get(cacheKey);
    if (cached) return cached;
    // The console fires several requests at once on first load: verify each header once, not once per request.
    let pending = this.pending.get(cacheKey);
    if (!pending) {
      pending = this.verify(authorization, cacheKey).finally(() => this.pending.delete(cacheKey));
      this.pending.set(cacheKey, pending);
    }
    return pending;
  }

  private async verify(authorization: string, cacheKey: string): Promise<Agent | null> {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return null;
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const file = this.file;
    const entry = file.agents.find((agent) => agent.name === name);
    // Unknown names still cost one scrypt, so response time doesn't tell which names exist.
    const ok = await verifyPassword(password, entry?.password ?? (await this.dummyHash));
    if (!ok || !entry?.password) return null;
    const agent: Agent = { name: entry.name, role: entry.role };
    // Only cache against the file version the check used (an agent removed meanwhile stays removed).
    if (this.file === file) {
      if (this.verified.size > 1000) this.verified.clear();
      this.verified.set(cacheKey, agent);
    }
    return agent;
  }
}
