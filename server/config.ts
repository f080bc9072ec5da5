import { isIP } from 'node:net';
import { z } from 'zod';
import { allowedHostsFrom, isLoopback } from './allowed-hosts.ts';
import { twilioBases } from './twilio-hosts.ts';

// Every setting Horizon's server reads, parsed once from the environment. Errors name the variable and say what to fix.
// The Twilio hosts (region, edge) are built in twilio-hosts.ts, the host names Horizon answers in allowed-hosts.ts.

export type Role = 'viewer' | 'editor';
export const roleSchema = z.enum(['viewer', 'editor']);

export type TwilioCredentials = {
  accountSid: string;
  /** What goes into Basic auth: the account SID with an auth token, or an API key SID with its secret. */
  username: string;
  password: string;
  kind: 'auth-token' | 'api-key';
};

export type ServerConfig = {
  mode: 'demo' | 'live';
  host: string;
  port: number;
  credentials: TwilioCredentials | null;
  /** null when the region has no Programmable Chat (Twilio offers it in US1 only). */
  chatBaseUrl: string | null;
  conversationsBaseUrl: string;
  /** TWILIO_REGION / TWILIO_EDGE as given (null when unset); the bases above are built from them. */
  region: string | null;
  edge: string | null;
  auth:
    | { kind: 'none'; agent: { name: string; role: Role } }
    | { kind: 'basic'; usersFile: string }
    | { kind: 'header'; usersFile: string; header: string; trustedProxies: string[]; defaultRole: Role };
  /** Origin the browser sees (e.g. https://horizon.example.com behind TLS); when unset, the request's own origin. */
  publicOrigin: string | null;
  /** Host names (lowercase, no port) a request's Host header may carry; anything else is refused (DNS rebinding). */
  allowedHosts: string[];
  auditLogFile: string;
  auditToStdout: boolean;
  /** History and schedules: a PostgreSQL server (postgres://…; may hold a password: never log it), or null for PGlite. */
  databaseUrl: string | null;
  /** PGlite's data folder when there is no DATABASE_URL. */
  databaseDir: string;
  /** A scheduled change's retries after a Twilio failure: how many, and the first delay (doubling each time). */
  scheduleRetry: { limit: number; delaySeconds: number };
  upstreamTimeoutMs: number;
  upstreamConcurrency: number;
  /** Twilio answers larger than this are cut off with a 502, never held whole. */
  upstreamBodyLimitBytes: number;
  /** Entries in the shared channel-metadata cache; 0 turns it off. */
  channelCacheSize: number;
  /** How long a cached channel is served before it is read from Twilio again. */
  channelCacheTtlMs: number;
  bodyLimitBytes: number;
  fakeControl: boolean;
  staticDir: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Horizon's configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const accountSid = /^AC[0-9a-fA-F]{32}$/;
const apiKeySid = /^SK[0-9a-fA-F]{32}$/;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const integer = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });

/** An explicit base URL, or undefined when unset (the region's host is used then). */
const baseUrl = (name: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      const raw = value;
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} must be an absolute http(s) URL` });
        return z.NEVER;
      }
      if (url.username || url.password) {
        // Credentials belong in TWILIO_* variables; in a URL they would end up in the startup line.
        ctx.addIssue({ code: 'custom', message: `${name} must not carry a user name or password` });
        return z.NEVER;
      }
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an http(s) URL without query or fragment, got "${raw}"`,
        });
        return z.NEVER;
      }
      // A base may carry a path (http://127.0.0.1:4010/chat); paths are appended to it, so drop a trailing slash.
      return url.href.replace(/\/+$/, '');
    });

// An empty variable (`CONSOLE_AUTH=`) counts as unset, as shells and .env files often leave them.
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const flag = z
  .string()
  .trim()
  .optional()
  .transform((value) => value === '1' || value === 'true');

const envSchema = z.object({
  HOST: optionalText,
  PORT: integer('PORT', 3000, 0, 65535),
  TWILIO_ACCOUNT_SID: optionalText,
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_API_KEY: optionalText,
  TWILIO_API_SECRET: optionalText,
  TWILIO_CHAT_BASE_URL: baseUrl('TWILIO_CHAT_BASE_URL'),
  TWILIO_CONVERSATIONS_BASE_URL: baseUrl('TWILIO_CONVERSATIONS_BASE_URL'),
  TWILIO_REGION: blankAsUnset(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2}[0-9]$/, 'TWILIO_REGION must be a Twilio region such as us1, ie1 or au1'),
  ),
  TWILIO_EDGE: blankAsUnset(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z][a-z-]{1,30}$/,
        'TWILIO_EDGE must be a Twilio edge location such as dublin, sydney or ashburn',
      ),
  ),
  CONSOLE_AUTH: blankAsUnset(
    z.enum(['none', 'basic', 'header'], { message: 'CONSOLE_AUTH must be one of: none, basic, header' }),
  ),
  CONSOLE_USERS_FILE: optionalText,
  CONSOLE_AUTH_HEADER: optionalText,
  CONSOLE_TRUSTED_PROXIES: optionalText,
  CONSOLE_HEADER_DEFAULT_ROLE: blankAsUnset(
    z.enum(['viewer', 'editor'], { message: 'CONSOLE_HEADER_DEFAULT_ROLE must be viewer or editor' }),
  ),
  CONSOLE_PUBLIC_ORIGIN: optionalText,
  CONSOLE_ALLOWED_HOSTS: optionalText,
  AUDIT_LOG_FILE: optionalText,
  AUDIT_LOG_STDOUT: flag,
  DATABASE_URL: optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\/./.test(value), {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  }),
  DATABASE_DIR: optionalText,
  UPSTREAM_TIMEOUT_MS: integer('UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000),
  UPSTREAM_CONCURRENCY: integer('UPSTREAM_CONCURRENCY', 10, 1, 1000),
  UPSTREAM_BODY_LIMIT_BYTES: integer(
    'UPSTREAM_BODY_LIMIT_BYTES',
    20 * 1024 * 1024,
    64 * 1024,
    1024 * 1024 * 1024,
  ),
  CHANNEL_CACHE_SIZE: integer('CHANNEL_CACHE_SIZE', 5000, 0, 1_000_000),
  CHANNEL_CACHE_TTL_SECONDS: integer('CHANNEL_CACHE_TTL_SECONDS', 300, 1, 86_400),
  SCHEDULE_RETRY_LIMIT: integer('SCHEDULE_RETRY_LIMIT', 6, 0, 20),
  SCHEDULE_RETRY_DELAY_SECONDS: integer('SCHEDULE_RETRY_DELAY_SECONDS', 10, 1, 3600),
  BODY_LIMIT_BYTES: integer('BODY_LIMIT_BYTES', 16 * 1024, 256, 1024 * 1024),
  HORIZON_FAKE_CONTROL: flag,
  HORIZON_STATIC_DIR: optionalText,
});

function credentialsFrom(env: z.infer<typeof envSchema>, problems: string[]): TwilioCredentials | null {
  const {
    TWILIO_ACCOUNT_SID: sid,
    TWILIO_AUTH_TOKEN: token,
    TWILIO_API_KEY: key,
    TWILIO_API_SECRET: secret,
  } = env;
  if (!sid && !token && !key && !secret) return null;
  if (!sid) {
    problems.push(
      'TWILIO_ACCOUNT_SID is missing (AC followed by 32 hex digits); it is needed with any credential',
    );
    return null;
  }
  if (!accountSid.test(sid)) problems.push('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits');
  // The API key pair is preferred (revocable); when both forms are set the key wins.
  if (key || secret) {
    if (!key || !secret) {
      problems.push('TWILIO_API_KEY and TWILIO_API_SECRET must be set together');
      return null;
    }
    if (!apiKeySid.test(key))
      problems.push('TWILIO_API_KEY must be an API key SID: SK followed by 32 hex digits');
    return { accountSid: sid, username: key, password: secret, kind: 'api-key' };
  }
  if (!token) {
    problems.push(
      'set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET (preferred), with TWILIO_ACCOUNT_SID',
    );
    return null;
  }
  return { accountSid: sid, username: sid, password: token, kind: 'auth-token' };
}

export function loadConfig(rawEnv: Record<string, string | undefined>): ServerConfig {
  const parsed = envSchema.safeParse(rawEnv);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.join('.');
        return issue.message.includes(variable) ? issue.message : `${variable}: ${issue.message}`;
      }),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  const credentials = credentialsFrom(env, problems);
  const mode = credentials ? 'live' : 'demo';
  const host = env.HOST ?? '127.0.0.1';
  const usersFile = env.CONSOLE_USERS_FILE ?? 'data/agents.json';

  let auth: ServerConfig['auth'];
  const authKind = env.CONSOLE_AUTH ?? (mode === 'demo' ? 'none' : undefined);
  if (authKind === undefined) {
    problems.push(
      'live mode needs agent sign-in: set CONSOLE_AUTH=basic (agents file) or CONSOLE_AUTH=header (SSO proxy); ' +
        'CONSOLE_AUTH=none is accepted only with HOST on loopback',
    );
    auth = { kind: 'none', agent: { name: 'local', role: 'viewer' } };
  } else if (authKind === 'none') {
    if (mode === 'live' && !isLoopback(host)) {
      problems.push(
        `CONSOLE_AUTH=none in live mode needs HOST on loopback (127.0.0.1 or ::1), got "${host}"`,
      );
    }
    auth = { kind: 'none', agent: { name: mode === 'demo' ? 'demo' : 'local', role: 'editor' } };
  } else if (authKind === 'basic') {
    auth = { kind: 'basic', usersFile };
  } else {
    const trustedProxies = (env.CONSOLE_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (trustedProxies.length === 0) {
      problems.push(
        'CONSOLE_AUTH=header needs CONSOLE_TRUSTED_PROXIES: the SSO proxy addresses, comma-separated',
      );
    }
    for (const address of trustedProxies) {
      if (isIP(address) === 0) problems.push(`CONSOLE_TRUSTED_PROXIES: "${address}" is not an IP address`);
    }
    const header = env.CONSOLE_AUTH_HEADER ?? 'X-Forwarded-User';
    if (!/^[A-Za-z0-9-]+$/.test(header))
      problems.push(`CONSOLE_AUTH_HEADER: "${header}" is not a header name`);
    auth = {
      kind: 'header',
      usersFile,
      header: header.toLowerCase(),
      trustedProxies,
      defaultRole: env.CONSOLE_HEADER_DEFAULT_ROLE ?? 'viewer',
    };
  }

  let publicOrigin: string | null = null;
  if (env.CONSOLE_PUBLIC_ORIGIN) {
    try {
      publicOrigin = new URL(env.CONSOLE_PUBLIC_ORIGIN).origin;
    } catch {
      problems.push(`CONSOLE_PUBLIC_ORIGIN must be an origin like https://horizon.example.com`);
    }
  }

  const allowedHosts = allowedHostsFrom(env.CONSOLE_ALLOWED_HOSTS, publicOrigin, mode, host, problems);

  const region = env.TWILIO_REGION ?? null;
  const edge = env.TWILIO_EDGE ?? null;
  const { chatBaseUrl, conversationsBaseUrl } = twilioBases(
    { region, edge, chat: env.TWILIO_CHAT_BASE_URL, conversations: env.TWILIO_CONVERSATIONS_BASE_URL },
    problems,
  );

  if (env.HORIZON_FAKE_CONTROL && mode === 'live') {
    problems.push('HORIZON_FAKE_CONTROL=1 is for demo mode only; unset it or remove the Twilio credentials');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode,
    host,
    port: env.PORT,
    credentials,
    chatBaseUrl,
    conversationsBaseUrl,
    region,
    edge,
    auth,
    publicOrigin,
    allowedHosts,
    auditLogFile: env.AUDIT_LOG_FILE ?? 'data/audit.jsonl',
    auditToStdout: env.AUDIT_LOG_STDOUT,
    databaseUrl: env.DATABASE_URL ?? null,
    databaseDir: env.DATABASE_DIR ?? 'data/pglite',
    scheduleRetry: { limit: env.SCHEDULE_RETRY_LIMIT, delaySeconds: env.SCHEDULE_RETRY_DELAY_SECONDS },
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
    upstreamConcurrency: env.UPSTREAM_CONCURRENCY,
    upstreamBodyLimitBytes: env.UPSTREAM_BODY_LIMIT_BYTES,
    channelCacheSize: env.CHANNEL_CACHE_SIZE,
    channelCacheTtlMs: env.CHANNEL_CACHE_TTL_SECONDS * 1000,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    fakeControl: env.HORIZON_FAKE_CONTROL,
    staticDir: env.HORIZON_STATIC_DIR ?? 'dist',
  };
}
