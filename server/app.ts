import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { PRODUCTS, URL_SPACE } from '../url-space/url-space.ts';
import { matchRoute } from './allowlist.ts';
import type { AuditTrail } from './audit/trail.ts';
import { AUDIT_ID_HEADER, createChangePath, createChangeRoute } from './audited-change.ts';
import { ChannelCache } from './channel-cache.ts';
import { compressJson } from './compress-json.ts';
import type { ServerConfig } from './config.ts';
import { type DatabaseGate, waitForDatabase } from './database-gate.ts';
import { createHistoryRoutes } from './history-routes.ts';
import { type HorizonEnv, MUTATING, rawTarget, twilioError } from './http-answers.ts';
import { createReadProxy } from './read-proxy.ts';
import { allowedHosts, sameOriginProblem } from './request-guards.ts';
import { createScheduleRoutes, type ScheduleRoutesOptions } from './schedule-routes.ts';
import { createSignIn } from './sign-in.ts';
import { createStaticHandler } from './static.ts';
import { availableApis } from './twilio-hosts.ts';
import type { FetchLike, UpstreamClient } from './upstream.ts';

// Horizon's one web-standard handler, composed from its parts: host check, security headers, sign-in, the read
// proxy, the audited change path, the audit trail's reader and the built console.
// Mounted by server/node-server.ts (npm start / serve) and server/vite-plugin.ts (vite dev / preview).

export type AppOptions = {
  config: ServerConfig;
  trail: AuditTrail;
  /** The database opening behind the listening server (server/database-gate.ts); always open when null. */
  database?: DatabaseGate | null;
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

export function createApp(options: AppOptions) {
  const { config, trail, upstream } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const serveStatic = options.staticDir ? createStaticHandler(options.staticDir) : null;
  const channels =
    config.channelCacheSize > 0 ? new ChannelCache(config.channelCacheSize, config.channelCacheTtlMs) : null;
  const signIn = createSignIn(config, log);
  const changes = createChangePath({ trail, upstream, channels, log });
  const changeRoute = createChangeRoute(config, changes);
  const read = createReadProxy(upstream, channels);
  const app = new Hono<HorizonEnv>();

  app.onError((error, c) => {
    log(`error ${c.req.method} ${new URL(c.req.url).pathname}: ${error.name}: ${error.message}`);
    return twilioError(500, 20500, 'Horizon hit an internal error; see the server log');
  });

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const agent = c.get('agent');
    // Path only: no query (page tokens), no headers, no bodies. Refusals without an agent are counted by sign-in.
    if (!agent && c.res.status >= 400) return;
    log(
      `${c.req.method} ${rawTarget(c).split('?')[0]?.slice(0, 300)} ${c.res.status} ` +
        `${Math.round(performance.now() - started)}ms${agent ? ` agent=${agent.name}` : ''}`,
    );
  });

  app.use(allowedHosts(config));

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

  const database = options.database ?? null;
  app.get('/healthz', (c) =>
    c.json({ status: 'ok', mode: config.mode, database: database?.state() ?? 'open' }),
  );

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

  app.use(signIn.middleware);

  app.get('/api/session', (c) =>
    c.json(
      {
        mode: config.mode,
        auth: config.auth.kind,
        agent: c.get('agent'),
        apis: availableApis(config),
        // The console's bulk changes size themselves to it (bulk-queue.ts, bulkConcurrencyFor).
        upstreamConcurrency: config.upstreamConcurrency,
      },
      200,
      {
        'Cache-Control': 'no-store',
      },
    ),
  );

  if (database) app.use('/api/*', waitForDatabase(database));

  const sameOrigin = (c: Parameters<typeof sameOriginProblem>[0]) => sameOriginProblem(c, config);
  app.route(
    '/api',
    createHistoryRoutes({ trail, changes: { performChange: changes.performChange, sameOrigin } }),
  );
  if (options.schedules) {
    app.route(
      '/api',
      createScheduleRoutes({ ...options.schedules, performChange: changes.performChange, sameOrigin }),
    );
  }

  // Programmable Chat exists in US1 only: in another region its paths are refused, reads and changes alike.
  if (config.chatBaseUrl === null) {
    const chatPrefixes = PRODUCTS.filter((product) => URL_SPACE[product].upstream === 'chat').map(
      (product) => `/api/${URL_SPACE[product].prefix}/`,
    );
    app.use('/api/*', async (c, next) => {
      const path = rawTarget(c);
      if (!chatPrefixes.some((prefix) => path.startsWith(prefix))) return next();
      return twilioError(403, 20403, `Programmable Chat is US1 only: not offered in region ${config.region}`);
    });
  }

  app.all('/api/*', async (c) => {
    if (MUTATING.has(c.req.method)) return changeRoute(c);
    const target = rawTarget(c);
    const queryStart = target.indexOf('?');
    const rawPath = (queryStart === -1 ? target : target.slice(0, queryStart)).replace(/^\/api\//, '');
    const query = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1));
    const match = matchRoute(c.req.method, rawPath, query);
    if (!match.ok) return twilioError(403, 20403, match.message);
    return read(match.target);
  });

  app.all('*', async (c) => {
    if (serveStatic) {
      const found = await serveStatic(c.req.raw);
      if (found) return found;
    }
    return twilioError(404, 20404, `The requested resource ${new URL(c.req.url).pathname} was not found`);
  });

  return Object.assign(app, {
    /** Makes a change without HTTP (schedules, reverts): the same checks and audit trail as the console's. */
    performChange: changes.performChange,
    /** Records a change Horizon decided not to make (a schedule that found the membership changed since). */
    refuse: changes.refuse,
    channels,
    signIn,
    auditIdHeader: AUDIT_ID_HEADER,
  });
}

export type HorizonApp = ReturnType<typeof createApp>;
