import { createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
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

/** How long a verified Authorization header is trusted without a new scrypt (the file changing drops it sooner). */
const VERIFIED_TTL_MS = 5 * 60_000;
const VERIFIED_MAX = 1000;

/**
 * The agents file, re-read when it changes, so adding or removing an agent needs no restart. A file that can't be
 * read or parsed means no agent at all (fail closed, logged), never the last good list: a removed agent stays out.
 */
export class AgentDirectory {
  private file: AgentsFile = { agents: [] };
  private loadedMtime = -1;
  private lastCheck = 0;
  /** The check in progress: requests arriving meanwhile (the first load above all) wait for it. */
  private refreshing: Promise<void> | null = null;
  // HMAC(Authorization header) under a per-process key → agent, for headers that passed scrypt against this file
  // version. Keyed, so the table is no offline oracle for the passwords even in a heap dump.
  private readonly cacheKey = randomBytes(32);
  private verified = new Map<string, { agent: Agent; until: number }>();
  private pending = new Map<string, Promise<Agent | null>>();
  private readonly dummyHash = hashPassword(randomBytes(12).toString('hex'));

  constructor(
    private readonly path: string,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  private refresh(): Promise<void> {
    const now = Date.now();
    if (this.refreshing) return this.refreshing;
    if (now - this.lastCheck < 1000) return Promise.resolve();
    this.lastCheck = now;
    this.refreshing = this.reload().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async reload(): Promise<void> {
    let mtime: number;
    try {
      mtime = (await stat(this.path)).mtimeMs;
    } catch {
      mtime = 0;
    }
    if (mtime === this.loadedMtime) return;
    let file: AgentsFile;
    try {
      file = await readAgentsFile(this.path);
    } catch (error) {
      this.log(`agents file unusable, no agent can sign in until it is fixed: ${(error as Error).message}`);
      file = { agents: [] };
    }
    this.file = file;
    this.loadedMtime = mtime;
    this.verified.clear();
    this.pending.clear();
  }

  async find(name: string): Promise<Agent | null> {
    await this.refresh();
    const entry = this.file.agents.find((agent) => agent.name === name);
    return entry ? { name: entry.name, role: entry.role } : null;
  }

  /** The agent an `Authorization` header already proved within the last minutes, without any scrypt. */
  async cached(authorization: string | undefined): Promise<Agent | null> {
    if (!authorization?.startsWith('Basic ')) return null;
    await this.refresh();
    const hit = this.verified.get(this.keyOf(authorization));
    return hit && hit.until > Date.now() ? hit.agent : null;
  }

  /** The agent name a Basic header claims (for per-name limits), without checking anything. */
  static claimedName(authorization: string | undefined): string | null {
    if (!authorization?.startsWith('Basic ')) return null;
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 1 ? null : decoded.slice(0, colon).slice(0, 64);
  }

  /** Checks an `Authorization: Basic …` header; null when missing, malformed or wrong. */
  async authenticateBasic(authorization: string | undefined): Promise<Agent | null> {
    if (!authorization?.startsWith('Basic ')) return null;
    const hit = await this.cached(authorization);
    if (hit) return hit;
    const cacheKey = this.keyOf(authorization);
    // The console fires several requests at once on first load: verify each header once, not once per request.
    let pending = this.pending.get(cacheKey);
    if (!pending) {
      pending = this.verify(authorization, cacheKey).finally(() => this.pending.delete(cacheKey));
      this.pending.set(cacheKey, pending);
    }
    return pending;
  }

  private keyOf(authorization: string): string {
    return createHmac('sha256', this.cacheKey).update(authorization).digest('base64url');
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
      if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
      this.verified.set(cacheKey, { agent, until: Date.now() + VERIFIED_TTL_MS });
    }
    return agent;
  }
}
