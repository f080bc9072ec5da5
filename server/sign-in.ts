import type { MiddlewareHandler } from 'hono';
import { type Agent, AgentDirectory, agentNameSchema } from './agents.ts';
import type { ServerConfig } from './config.ts';
import { type HorizonEnv, rawTarget, remoteAddress, twilioError } from './http-answers.ts';
import { SignInLimits } from './sign-in-limits.ts';

// Who is asking. Everything but /healthz needs an agent: the console's files too, so the browser's Basic prompt
// appears on first load and its credentials are then sent with every /api call. Nothing a client without an agent
// sends costs disk: it is counted, and logged at most once per interval, never written to the audit trail.

const REFUSAL_LOG_INTERVAL_MS = 10_000;
/**
 * A client past its sign-in limit gets its 429 only after this long: a closed-loop flood then sends a few requests a
 * second per connection instead of hundreds, which would otherwise take the CPU from everyone. At most
 * TARPIT_MAX_HELD answers are held at once (a timer each); beyond that they go out at once.
 */
const TARPIT_MS = 1000;
const TARPIT_MAX_HELD = 256;

export type SignIn = {
  middleware: MiddlewareHandler<HorizonEnv>;
  /** Requests refused for want of an agent since start. */
  readonly refusedCount: number;
  agents: AgentDirectory | null;
};

export function createSignIn(config: ServerConfig, log: (line: string) => void): SignIn {
  const auth = config.auth;
  const agents = auth.kind === 'none' ? null : new AgentDirectory(auth.usersFile, log);
  const limits = new SignInLimits();
  let refused = 0;
  let refusedSinceLog = 0;
  let lastLog = 0;
  let held = 0;

  async function tarpit(): Promise<void> {
    if (held >= TARPIT_MAX_HELD) return;
    held++;
    await new Promise((resolve) => setTimeout(resolve, TARPIT_MS));
    held--;
  }

  /** One log line per interval at most, whatever the flood: a count and the latest example, path cut short. */
  function noteRefusal(address: string | null, target: string): void {
    refused++;
    refusedSinceLog++;
    const now = Date.now();
    if (now - lastLog < REFUSAL_LOG_INTERVAL_MS) return;
    lastLog = now;
    log(
      `refused ${refusedSinceLog} request(s) without a signed-in agent (total ${refused}); latest from ` +
        `${address ?? 'unknown'}: ${target.split('?')[0]?.slice(0, 120)}`,
    );
    refusedSinceLog = 0;
  }

  async function basicAgent(
    directory: AgentDirectory,
    authorization: string | undefined,
    client: string,
  ): Promise<Agent | Response | null> {
    // A header verified a moment ago costs no scrypt and no limit: the flood can't slow it.
    const cached = await directory.cached(authorization);
    if (cached) return cached;
    if (!authorization?.startsWith('Basic ')) return null;
    const name = AgentDirectory.claimedName(authorization);
    const verdict = limits.check(client, name);
    const tooMany = (seconds: number, why: string) =>
      twilioError(429, 20429, `too many failed sign-ins ${why}; try again in ${seconds} s`, {
        'Retry-After': String(seconds),
      });
    if (!verdict.ok) {
      await tarpit();
      return tooMany(verdict.retryAfterSeconds, verdict.why);
    }
    const checked = await limits.verify(client, async () => ({
      agent: await directory.authenticateBasic(authorization),
    }));
    // The suspects' lane is full: refuse without spending an scrypt (not counted as another failure).
    if (checked === null) return tooMany(1, 'from this address');
    const agent = checked.agent;
    if (agent === null) {
      limits.failed(client, name);
      const after = limits.check(client, name);
      if (!after.ok) return tooMany(after.retryAfterSeconds, after.why);
    }
    return agent;
  }

  const middleware: MiddlewareHandler<HorizonEnv> = async (c, next) => {
    let agent: Agent | null = null;
    let challenge = false;
    const from = remoteAddress(c);
    if (auth.kind === 'none') {
      agent = auth.agent;
    } else if (auth.kind === 'basic') {
      const result = await basicAgent(
        agents as AgentDirectory,
        c.req.header('authorization'),
        from ?? 'unknown',
      );
      if (result instanceof Response) {
        noteRefusal(from, rawTarget(c));
        return result;
      }
      agent = result;
      challenge = true;
    } else {
      const name = c.req.header(auth.header);
      // The identity header means something only when our SSO proxy set it; from anyone else it is forged.
      if (from && auth.trustedProxies.includes(from) && name && agentNameSchema.safeParse(name).success) {
        const known = await (agents as AgentDirectory).find(name);
        agent = { name, role: known?.role ?? auth.defaultRole };
      }
    }
    c.set('agent', agent);
    if (agent) return next();
    noteRefusal(from, rawTarget(c));
    const message =
      auth.kind === 'header'
        ? 'Sign in through the SSO proxy: no trusted identity header on this request'
        : 'Sign in with your Horizon agent name and password';
    return twilioError(
      401,
      20003,
      message,
      challenge ? { 'WWW-Authenticate': 'Basic realm="Horizon", charset="UTF-8"' } : {},
    );
  };

  return {
    middleware,
    get refusedCount() {
      return refused;
    },
    agents,
  };
}
