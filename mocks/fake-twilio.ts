// The fake Twilio: MSW handlers over one in-memory store, plus test knobs, fault injection and a request log.
// See DEVELOPERS.md "The fake Twilio" for the contract other parts rely on.
import { getResponse, http, type RequestHandler } from 'msw';
import { z } from 'zod';
import { defaultCodeFor, defaultMessageFor, ERROR_CODES, twilioError } from './errors.ts';
import { API_PREFIXES, answerTwilioRequest, locateTwilioPath } from './routes.ts';
import './push-routes.ts'; // registers the push routes (bindings, notification settings) into routes.ts's table
import { createSeededStore, SEED } from './seed.ts';
import type { TwilioStore } from './store.ts';

export interface FakeAuth {
  accountSid: string;
  username: string;
  password: string;
}

export const faultSchema = z.strictObject({
  method: z.string().min(1).optional(),
  pathIncludes: z.string().min(1).optional(),
  status: z.int().min(400).max(599),
  code: z.int().positive().optional(),
  message: z.string().optional(),
  retryAfter: z.number().nonnegative().optional(),
  times: z.int().positive().optional(),
});
export type Fault = z.infer<typeof faultSchema>;

const rate = z.number().min(0).max(1);
export const knobsSchema = z.strictObject({
  latencyMs: z.number().min(0).max(60_000),
  jitterMs: z.number().min(0).max(60_000),
  /** Share of requests answered 500 / 20500. */
  failureRate: rate,
  /** Share of requests answered 429 / 20429. */
  rate429: rate,
  faults: z.array(faultSchema),
});
export type FakeKnobs = z.infer<typeof knobsSchema>;

export interface LogEntry {
  time: string;
  method: string;
  /** The raw (still percent-encoded) pathname. */
  path: string;
  query: Record<string, string>;
  /** The form body, when one was sent. */
  body: Record<string, string> | null;
  /** The Basic-auth username, null without credentials. */
  user: string | null;
  status: number;
}

export type RequestLog = LogEntry[] & { clear(): void };

export interface FakeTwilioOptions {
  auth?: FakeAuth;
  knobs?: Partial<FakeKnobs>;
}

export interface FakeTwilio {
  handlers: RequestHandler[];
  fetch(request: Request): Promise<Response>;
  knobs: FakeKnobs;
  log: RequestLog;
  /** The live store (tests may inspect or tweak records directly). */
  readonly store: TwilioStore;
  reset(): void;
}

export const offKnobs = (): FakeKnobs => ({
  latencyMs: 0,
  jitterMs: 0,
  failureRate: 0,
  rate429: 0,
  faults: [],
});

/** Knobs from FAKE_TWILIO_LATENCY_MS, FAKE_TWILIO_JITTER_MS, FAKE_TWILIO_FAILURE_RATE, FAKE_TWILIO_429_RATE. */
export function knobsFromEnv(env: Record<string, string | undefined>): Partial<FakeKnobs> {
  const read = (name: string, schema: z.ZodNumber): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const parsed = schema.safeParse(Number(raw));
    if (!parsed.success) throw new Error(`${name}=${raw} is not valid: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };
  const knobs: Partial<FakeKnobs> = {};
  const latencyMs = read('FAKE_TWILIO_LATENCY_MS', z.number().min(0).max(60_000));
  const jitterMs = read('FAKE_TWILIO_JITTER_MS', z.number().min(0).max(60_000));
  const failureRate = read('FAKE_TWILIO_FAILURE_RATE', rate);
  const rate429 = read('FAKE_TWILIO_429_RATE', rate);
  if (latencyMs !== undefined) knobs.latencyMs = latencyMs;
  if (jitterMs !== undefined) knobs.jitterMs = jitterMs;
  if (failureRate !== undefined) knobs.failureRate = failureRate;
  if (rate429 !== undefined) knobs.rate429 = rate429;
  return knobs;
}

function readBasicAuth(header: string | null): { username: string; password: string } | undefined {
  const match = header === null ? null : /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFakeTwilio(options: FakeTwilioOptions = {}): FakeTwilio {
  let store = createSeededStore();
  const initialKnobs = knobsSchema.partial().parse(options.knobs ?? {});
  const knobs: FakeKnobs = offKnobs();
  /** Patches knobs in place (tests and the server hold references to `fake.knobs` and its `faults` array). */
  function applyKnobs(patch: Partial<FakeKnobs>) {
    const { faults, ...scalars } = patch;
    Object.assign(knobs, scalars);
    if (faults) knobs.faults.splice(0, knobs.faults.length, ...faults);
  }
  applyKnobs(initialKnobs);
  const log = Object.assign([] as LogEntry[], {
    clear(this: LogEntry[]) {
      this.length = 0;
    },
  }) as RequestLog;
  /** How many more times each fault fires (undefined = unlimited). */
  const faultUses = new WeakMap<Fault, number>();

  function takeFault(method: string, rawPath: string, decodedPath: string): Fault | undefined {
    const fault = knobs.faults.find(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.pathIncludes === undefined ||
          rawPath.includes(f.pathIncludes) ||
          decodedPath.includes(f.pathIncludes)),
    );
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      const left = (faultUses.get(fault) ?? fault.times) - 1;
      faultUses.set(fault, left);
      if (left <= 0) knobs.faults.splice(knobs.faults.indexOf(fault), 1);
    }
    return fault;
  }

  async function serveTwilio(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const bodyText = method === 'GET' || method === 'HEAD' ? '' : await request.text();
    const form = new URLSearchParams(bodyText);
    const credentials = readBasicAuth(request.headers.get('authorization'));

    const response = await (async (): Promise<Response> => {
      if (!credentials) return twilioError(401, ERROR_CODES.authenticate, 'Authenticate', authChallenge);
      const { auth } = options;
      if (auth && (credentials.username !== auth.username || credentials.password !== auth.password)) {
        return twilioError(401, ERROR_CODES.authenticate, 'Authenticate', authChallenge);
      }
      const accountSid =
        auth?.accountSid ??
        (ACCOUNT_SID_PATTERN.test(credentials.username) ? credentials.username : SEED.accountSid);

      const delay = knobs.latencyMs + Math.random() * knobs.jitterMs;
      if (delay > 0) await sleep(delay);

      const decodedPath = safeDecode(url.pathname);
      const fault = takeFault(method, url.pathname, decodedPath);
      if (fault) {
        const headers: Record<string, string> =
          fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) };
        return twilioError(
          fault.status,
          fault.code ?? defaultCodeFor(fault.status),
          fault.message ?? defaultMessageFor(fault.status),
          headers,
        );
      }
      if (knobs.failureRate > 0 && Math.random() < knobs.failureRate) {
        return twilioError(500, ERROR_CODES.internal, 'Internal server error (injected by the fake)');
      }
      if (knobs.rate429 > 0 && Math.random() < knobs.rate429) {
        return twilioError(429, ERROR_CODES.tooManyRequests, 'Too many requests (injected by the fake)');
      }

      const path = locateTwilioPath(url.pathname);
      if (!path)
        return twilioError(404, ERROR_CODES.notFound, `The requested resource ${url.pathname} was not found`);
      return answerTwilioRequest(store, accountSid, method, url, path, form);
    })();

    log.push({
      time: new Date().toISOString(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: bodyText === '' ? null : Object.fromEntries(form),
      user: credentials?.username ?? null,
      status: response.status,
    });
    return response;
  }

  // RegExp predicates without capture groups: msw then never decodes path params itself (its string patterns
  // would decode them, and throw on malformed escapes). routes.ts decodes each segment exactly once.
  const handlers: RequestHandler[] = API_PREFIXES.map(({ prefix }) =>
    http.all(new RegExp(`/${prefix.replace(/[/-]/g, '\\$&')}/`), ({ request }) => serveTwilio(request)),
  );

  function reset() {
    store = createSeededStore();
    applyKnobs(offKnobs());
    applyKnobs(structuredClone(initialKnobs));
    log.clear();
  }

  async function control(request: Request, route: string): Promise<Response> {
    const method = request.method.toUpperCase();
    /** The JSON body checked against `schema`, or the readable 400 to answer with. */
    const readJson = async <T>(
      schema: z.ZodType<T>,
    ): Promise<{ ok: true; data: T } | { ok: false; error: Response }> => {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return { ok: false, error: Response.json({ error: 'The body must be JSON' }, { status: 400 }) };
      }
      const parsed = schema.safeParse(body);
      if (parsed.success) return { ok: true, data: parsed.data };
      return { ok: false, error: Response.json({ error: z.prettifyError(parsed.error) }, { status: 400 }) };
    };
    if (route === 'log' && method === 'GET') return Response.json({ entries: log });
    if (route === 'log' && method === 'DELETE') {
      log.clear();
      return new Response(null, { status: 204 });
    }
    if (route === 'knobs' && method === 'GET') return Response.json(knobs);
    if (route === 'knobs' && method === 'PUT') {
      const patch = await readJson(knobsSchema.partial());
      if (!patch.ok) return patch.error;
      applyKnobs(patch.data);
      return Response.json(knobs);
    }
    if (route === 'faults' && method === 'POST') {
      const fault = await readJson(faultSchema);
      if (!fault.ok) return fault.error;
      knobs.faults.push(fault.data);
      return Response.json(fault.data, { status: 201 });
    }
    if (route === 'faults' && method === 'DELETE') {
      knobs.faults.length = 0;
      return new Response(null, { status: 204 });
    }
    if (route === 'reset' && method === 'POST') {
      reset();
      return new Response(null, { status: 204 });
    }
    return Response.json({ error: `No control endpoint ${method} /__fake/${route}` }, { status: 404 });
  }

  return {
    handlers,
    knobs,
    log,
    get store() {
      return store;
    },
    reset,
    async fetch(request: Request): Promise<Response> {
      const { pathname } = new URL(request.url);
      const controlMatch = /\/__fake\/([a-z]+)$/.exec(pathname);
      if (controlMatch?.[1]) return control(request, controlMatch[1]);
      const response = await getResponse(handlers, request);
      return (
        response ?? twilioError(404, ERROR_CODES.notFound, `The requested resource ${pathname} was not found`)
      );
    },
  };
}

const authChallenge = { 'WWW-Authenticate': 'Basic realm="Twilio API"' };

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
