import type { IncomingMessage } from 'node:http';
import { type Context, Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { type Agent, AgentDirectory, agentNameSchema } from './agents.ts';
import { checkBody, matchRoute, type Target } from './allowlist.ts';
import type { AuditEntry, AuditLog } from './audit.ts';
import type { AuditTrail } from './audit/trail.ts';
import { compressJson } from './compress-json.ts';
import type { ServerConfig } from './config.ts';
import { createHistoryRoutes } from './history-routes.ts';
import { createScheduleRoutes, type ScheduleRoutesOptions } from './schedule-routes.ts';
import { createStaticHandler } from './static.ts';
import {
  type FetchLike,
  UpstreamBusyError,
  type UpstreamClient,
  type UpstreamResponse,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './upstream.ts';

// Horizon's one web-standard handler: session, audit, the allowlisted proxy to Twilio, and the built console.
// Mounted by server/node-server.ts (npm start / serve) and server/vite-plugin.ts (vite dev / preview).

export type AppOptions = {
  config: ServerConfig;
  audit: AuditLog;
  /** The trail the history reads (server/history-routes.ts). */
  trail: Pick<AuditTrail, 'query'>;
  /** Timed mute and its schedules (server/schedule-routes.ts); off when null. */
  schedules?: Pick<ScheduleRoutesOptions, 'scheduler' | 'access'> | null;
  upstream: UpstreamClient;
  /** Demo mode: the in-process fake, whose /__fake/* control endpoints are mounted when HORIZON_FAKE_CONTROL=1. */
  fake?: { fetch: FetchLike } | null;
  /** Serve the built console from this folder (production server); Vite serves it itself in dev. */
  staticDir?: string | null;
  /** One line per request and per problem; never credentials, Authorization headers or bodies. */
  log?: (line: string) => void;
};

type HorizonEnv = {
  // @hono/node-server passes the raw Node request, which keeps the request target exactly as sent.
  Bindings: { incoming?: IncomingMessage };
  Variables: { agent: Agent | null };
};

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A body shaped like Twilio's errors, so the console parses Horizon's refusals the same way as Twilio's. Without a
 * `more_info` link: the refusal is Horizon's, and Twilio's page for a code (if there is one) explains Twilio's error,
 * not this one (20001, 20502, 20504 have no page we could confirm).
 */
function twilioError(status: number, code: number, message: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ code, message, more_info: null, status }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** The request target as the client sent it: before any URL normalisation could drop `..` or `.` segments. */
function rawTarget(c: Context<HorizonEnv>): string {
  const incoming = c.env?.incoming?.url;
  if (typeof incoming === 'string' && incoming.length > 0) return incoming.replace(/^[a-z]+:\/\/[^/]*/i, '');
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

function remoteAddress(c: Context<HorizonEnv>): string | null {
  const address = c.env?.incoming?.socket?.remoteAddress;
  return address ? address.replace(/^::ffff:/, '') : null;
}

async function readCappedText(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: Uint8Array): unknown {
  if (body.byteLength === 0) return null;
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return null;
  }
}

const recordSchema = z
  .object({
    user_sid: z.string().nullish(),
    channel_sid: z.string().nullish(),
    conversation_sid: z.string().nullish(),
    code: z.number().nullish(),
  })
  .loose();

const auditQuerySchema = z.object({
  service: z.string().max(200).optional(),
  user: z.string().max(400).optional(),
  channel: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1, 'limit must be 1-500').max(500, 'limit must be 1-500').optional(),
});

function proxied(response: UpstreamResponse): Response {
  const headers: Record<string, string> = {};
  if (response.contentType) headers['Content-Type'] = response.contentType;
  if (response.retryAfter) headers['Retry-After'] = response.retryAfter;
  headers['Cache-Control'] = 'no-store';
  const empty = response.status === 204 || response.status === 304;
  return new Response(empty ? null : response.body, { status: response.status, headers });
}

type UpstreamFailure = {
  response: Response;
  status: number;
  code: number;
  /** Whether the request may have reached Twilio (a timeout or a dropped connection) or surely did not (queue full). */
  mayHaveReachedTwilio: boolean;
};

function upstreamFailure(error: unknown): UpstreamFailure {
  const failure = (
    status: number,
    code: number,
    message: string,
    mayHaveReachedTwilio: boolean,
    headers = {},
  ) => ({
    response: twilioError(status, code, message, headers),
    status,
    code,
    mayHaveReachedTwilio,
  });
  if (error instanceof UpstreamTimeoutError) return failure(504, 20504, error.message, true);
  if (error instanceof UpstreamUnavailableError) return failure(502, 20502, error.message, true);
  // Same answer as Twilio's own concurrency limit, so the console's 429 back-off handles it.
  if (error instanceof UpstreamBusyError)
    return failure(429, 20429, error.message, false, { 'Retry-After': '1' });
  throw error;
}

export function createApp(options: AppOptions): Hono<HorizonEnv> {
  const { config, audit, upstream } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const agents = config.auth.kind === 'none' ? null : new AgentDirectory(config.auth.usersFile);
  const serveStatic = options.staticDir ? createStaticHandler(options.staticDir) : null;
  const app = new Hono<HorizonEnv>();

  app.onError((error, c) => {
    log(`error ${c.req.method} ${new URL(c.req.url).pathname}: ${error.name}: ${error.message}`);
    return twilioError(500, 20500, 'Horizon hit an internal error; see the server log');
  });

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const agent = c.get('agent');
    // Path only: no query (page tokens), no headers, no bodies.
    log(
      `${c.req.method} ${rawTarget(c).split('?')[0]} ${c.res.status} ${Math.round(performance.now() - started)}ms` +
        (agent ? ` agent=${agent.name}` : ''),
    );
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      xFrameOptions: 'DENY',
      // HSTS only where the browser really reached us over TLS (below), never on plain-HTTP loopback.
      strictTransportSecurity: false,
    }),
  );
  app.use(async (c, next) => {
    await next();
    const overTls = new URL(c.req.url).protocol === 'https:' || config.publicOrigin?.startsWith('https:');
    if (overTls) c.res.headers.set('Strict-Transport-Security', 'max-age=31536000');
  });

  // Inside the security-header middleware, so the compressed answer still gets those headers.
  app.use('/api/*', compressJson());

  app.get('/healthz', (c) => c.json({ status: 'ok', mode: config.mode }));

  const fake = options.fake;
  if (config.mode === 'demo' && config.fakeControl && fake) {
    app.all('/__fake/*', async (c) => {
      const target = rawTarget(c);
      const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : await c.req.text();
      const headers = new Headers();
      const type = c.req.header('content-type');
      if (type) headers.set('Content-Type', type);
      return fake.fetch(
        new Request(new URL(target, 'http://fake.twilio.invalid'), { method: c.req.method, headers, body }),
      );
    });
  }

  // Who is asking. Everything but /healthz needs an agent: the console's files too, so the browser's Basic prompt
  // appears on first load and its credentials are then sent with every /api call.
  app.use(async (c, next) => {
    let agent: Agent | null = null;
    let challenge = false;
    const auth = config.auth;
    if (auth.kind === 'none') {
      agent = auth.agent;
    } else if (auth.kind === 'basic') {
      agent = await (agents as AgentDirectory).authenticateBasic(c.req.header('authorization'));
      challenge = true;
    } else {
      const from = remoteAddress(c);
      const name = c.req.header(auth.header);
      // The identity header means something only when our SSO proxy set it; from anyone else it is forged.
      if (from && auth.trustedProxies.includes(from) && name && agentNameSchema.safeParse(name).success) {
        const known = await (agents as AgentDirectory).find(name);
        agent = { name, role: known?.role ?? auth.defaultRole };
      }
    }
    c.set('agent', agent);
    if (agent) return next();
    const message =
      auth.kind === 'header'
        ? 'Sign in through the SSO proxy: no trusted identity header on this request'
        : 'Sign in with your Horizon agent name and password';
    const response = twilioError(
      401,
      20003,
      message,
      challenge ? { 'WWW-Authenticate': 'Basic realm="Horizon", charset="UTF-8"' } : {},
    );
    if (MUTATING.has(c.req.method) && new URL(c.req.url).pathname.startsWith('/api/')) {
      return refuseMutation(c, null, 401, 20003, message, response);
    }
    return response;
  });

  app.get('/api/session', (c) =>
    c.json({ mode: config.mode, auth: config.auth.kind, agent: c.get('agent') }, 200, {
      'Cache-Control': 'no-store',
    }),
  );

  app.route('/api', createHistoryRoutes({ trail: options.trail }));
  if (options.schedules) {
    const identityHeader = config.auth.kind === 'header' ? config.auth.header : null;
    const changeInProcess = (request: Request, env: unknown) =>
      app.fetch(request, env as HorizonEnv['Bindings']);
    app.route('/api', createScheduleRoutes({ ...options.schedules, changeInProcess, identityHeader }));
  }

  app.get('/api/audit', (c) => {
    const parsed = auditQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      return twilioError(400, 20001, parsed.error.issues.map((issue) => issue.message).join('; '));
    }
    return c.json({ entries: audit.recent(parsed.data) }, 200, { 'Cache-Control': 'no-store' });
  });

  function baseEntry(c: Context<HorizonEnv>, target: Target | null): AuditEntry {
    const agent = c.get('agent');
    return {
      time: new Date().toISOString(),
      agent: agent?.name ?? null,
      role: agent?.role ?? null,
      method: c.req.method,
      path: rawTarget(c).split('?')[0] as string,
      product: target?.product ?? null,
      service: target?.service ?? null,
      user: target?.user ?? null,
      userSid: null,
      channel: target?.channel ?? null,
      channelSid: null,
      params: {},
      before: null,
      after: null,
      outcome: 'refused',
      refusal: null,
      status: null,
      errorCode: null,
    };
  }

  /** Records a refused mutation, then answers with the refusal (even if the audit write fails: it stays refused). */
  async function refuseMutation(
    c: Context<HorizonEnv>,
    target: Target | null,
    status: number,
    code: number,
    message: string,
    response = twilioError(status, code, message),
  ): Promise<Response> {
    const entry = { ...baseEntry(c, target), refusal: message, status, errorCode: code };
    await audit
      .append(entry)
      .catch((error: Error) => log(`audit write failed for a refusal: ${error.message}`));
    return response;
  }

  function sameOriginProblem(c: Context<HorizonEnv>): string | null {
    if (c.req.header('x-horizon-client') !== 'console') {
      return 'changes must come from the Horizon console (X-Horizon-Client header missing)';
    }
    const expected = config.publicOrigin ?? new URL(c.req.url).origin;
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    if (!site && !origin) return 'changes need a same-origin Origin or Sec-Fetch-Site header';
    if (site !== undefined && site !== 'same-origin')
      return `cross-site change refused (Sec-Fetch-Site: ${site})`;
    if (origin !== undefined && origin !== expected) return `cross-origin change refused (Origin: ${origin})`;
    return null;
  }

  app.all('/api/*', async (c) => {
    const method = c.req.method;
    const mutating = MUTATING.has(method);
    const target = rawTarget(c);
    const queryStart = target.indexOf('?');
    const rawPath = (queryStart === -1 ? target : target.slice(0, queryStart)).replace(/^\/api\//, '');
    const query = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));

    const match = matchRoute(method, rawPath, query);

    if (!mutating) {
      if (!match.ok) return twilioError(403, 20403, match.message);
      const { upstream: base, upstreamPath, query: forwardedQuery } = match.target;
      try {
        return proxied(
          await upstream.send({ upstream: base, method: 'GET', path: upstreamPath, query: forwardedQuery }),
        );
      } catch (error) {
        return upstreamFailure(error).response;
      }
    }

    // A change: CSRF rules, role, allowlist, body; every refusal and every forwarded change goes into the audit trail.
    const known = match.ok ? match.target : null;
    const csrf = sameOriginProblem(c);
    if (csrf) return refuseMutation(c, known, 403, 20403, csrf);
    const agent = c.get('agent') as Agent;
    if (agent.role !== 'editor') {
      return refuseMutation(c, known, 403, 20403, `${agent.name} is a viewer: viewers can't change anything`);
    }
    if (!match.ok) return refuseMutation(c, null, 403, 20403, match.message);
    const text = await readCappedText(c.req.raw, config.bodyLimitBytes);
    if (text === null) {
      return refuseMutation(c, known, 413, 20413, `request body over ${config.bodyLimitBytes} bytes`);
    }
    const form = checkBody(match.target, c.req.header('content-type') ?? null, text);
    if (!(form instanceof URLSearchParams)) return refuseMutation(c, known, 403, 20403, form.message);

    const entry: AuditEntry = { ...baseEntry(c, match.target), params: Object.fromEntries(form) };
    // Nothing unaudited: if the trail can't be written, the change is not sent.
    try {
      await audit.ready();
    } catch (error) {
      log(`audit trail unavailable, change refused: ${(error as Error).message}`);
      return twilioError(503, 20503, 'the audit trail cannot be written, so Horizon is not sending changes');
    }

    const { upstream: base, upstreamPath } = match.target;
    let before: UpstreamResponse;
    try {
      before = await upstream.send({ upstream: base, method: 'GET', path: upstreamPath });
    } catch (error) {
      const failure = upstreamFailure(error);
      const refused: AuditEntry = {
        ...entry,
        refusal: `could not read the record before changing it: ${(error as Error).message}`,
        status: failure.status,
        errorCode: failure.code,
      };
      await audit
        .append(refused)
        .catch((auditError: Error) => log(`audit write failed: ${auditError.message}`));
      return failure.response;
    }
    const beforeRecord = before.status === 200 ? parseJson(before.body) : null;
    let after: UpstreamResponse;
    try {
      after = await upstream.send({
        upstream: base,
        method: match.target.method,
        path: upstreamPath,
        form: match.target.method === 'POST' ? form : undefined,
      });
    } catch (error) {
      const failure = upstreamFailure(error);
      const record: AuditEntry = {
        ...entry,
        before: beforeRecord,
        status: failure.status,
        errorCode: failure.code,
        // A timeout may still have changed the record at Twilio: "forwarded" with no answer says exactly that.
        ...(failure.mayHaveReachedTwilio
          ? { outcome: 'forwarded', refusal: null }
          : { outcome: 'refused', refusal: (error as Error).message }),
      };
      await audit
        .append(record)
        .catch((auditError: Error) => log(`audit write failed: ${auditError.message}`));
      return failure.response;
    }
    const afterJson = parseJson(after.body);
    const ok = after.status >= 200 && after.status < 300;
    const beforeParsed = recordSchema.safeParse(beforeRecord);
    const afterParsed = recordSchema.safeParse(afterJson);
    const fromRecords = (key: 'user_sid' | 'channel_sid' | 'conversation_sid') =>
      (ok && afterParsed.success ? afterParsed.data[key] : null) ??
      (beforeParsed.success ? beforeParsed.data[key] : null) ??
      null;
    const record: AuditEntry = {
      ...entry,
      outcome: 'forwarded',
      before: beforeRecord,
      after: ok ? afterJson : null,
      userSid: fromRecords('user_sid'),
      channelSid: fromRecords('channel_sid') ?? fromRecords('conversation_sid'),
      status: after.status,
      errorCode: ok ? null : afterParsed.success ? (afterParsed.data.code ?? null) : null,
    };
    try {
      await audit.append(record);
    } catch (error) {
      // The change reached Twilio but its line could not be written: keep it in the server log, refuse all later
      // changes (the trail is now marked failed) and tell the agent.
      log(
        `audit write failed after a change was sent: ${(error as Error).message}; entry ${JSON.stringify(record)}`,
      );
      return twilioError(
        500,
        20500,
        `Twilio answered ${after.status}, but the audit trail could not be written`,
      );
    }
    return proxied(after);
  });

  app.all('*', async (c) => {
    if (serveStatic) {
      const found = await serveStatic(c.req.raw);
      if (found) return found;
    }
    return twilioError(404, 20404, `The requested resource ${new URL(c.req.url).pathname} was not found`);
  });

  return app;
}
