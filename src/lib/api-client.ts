import * as z from 'zod/mini';

/**
 * The one fetch layer. Every request the console makes goes through here: it builds `/api/…` URLs from raw path
 * segments (each percent-encoded exactly once), form-encodes bodies the way Twilio expects, parses every response with
 * zod, turns failures into typed errors and retries idempotent reads when Twilio asks us to slow down.
 * No UI side effects live here (no toasts, no redirects): callers decide what to show.
 */

export const API_BASE = '/api';
/** The server refuses mutations without it; sending it on every request keeps one code path. */
export const CLIENT_HEADER = { name: 'X-Horizon-Client', value: 'console' } as const;

/** A failed request, shaped like Twilio's legacy error body (and twilio-node's RestException). */
export class TwilioError extends Error {
  override readonly name = 'TwilioError';
  readonly status: number;
  /** Twilio's error code (20404, 20429, …); null when the body was not a Twilio error (a proxy failure, HTML, …). */
  readonly code: number | null;
  readonly moreInfo: string | null;

  constructor(init: { status: number; code: number | null; message: string; moreInfo: string | null }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.moreInfo = init.moreInfo;
  }
}

/** The response arrived but is not what Twilio documents: shown to the agent like any other failure. */
export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError';
  readonly path: string;
  readonly issues: readonly { path: readonly PropertyKey[]; message: string }[];

  constructor(path: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    super(`Unexpected response from ${path}${where}: ${first?.message ?? 'invalid data'}`);
    this.issues = issues;
    this.path = path;
  }
}

/** Any zod (mini) schema producing T: the full zod build is too heavy for the first-view budget. */
export type Schema<T> = z.core.$ZodType<T>;

/** Raw path segments; the client encodes each one. Strings are never pre-encoded by callers. */
export type PathSegments = readonly string[];
export type FormValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
export type FormBody = Record<string, FormValue>;

export function buildApiPath(segments: PathSegments, query?: FormBody): string {
  if (segments.length === 0) throw new Error('buildApiPath needs at least one segment');
  const path = `${API_BASE}/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
  const search = query ? formEncode(query) : '';
  return search ? `${path}?${search}` : path;
}

/**
 * Twilio's form encoding (as twilio-node sends it): PascalCase keys as given, null → empty value (clears a nullable
 * field, e.g. `LastConsumedMessageIndex=`), undefined → omitted, arrays → repeated keys, booleans → true/false.
 */
export function formEncode(body: FormBody): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (value === null) params.append(key, '');
    else if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  return params.toString();
}

const twilioErrorBody = z.looseObject({
  code: z.nullish(z.int()),
  message: z.nullish(z.string()),
  more_info: z.nullish(z.string()),
  status: z.nullish(z.int()),
  // Horizon's own server answers with `{ error }` for its checks (missing header, not allowed…).
  error: z.nullish(z.string()),
});

async function toTwilioError(response: Response): Promise<TwilioError> {
  const text = await response.text().catch(() => '');
  let parsed: z.infer<typeof twilioErrorBody> | undefined;
  try {
    const result = twilioErrorBody.safeParse(JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    // Not JSON (a proxy's HTML page, an empty 502): fall back to the HTTP status line below.
  }
  const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new TwilioError({
    status: response.status,
    code: parsed?.code ?? null,
    message: parsed?.message ?? parsed?.error ?? statusLine,
    moreInfo: parsed?.more_info ?? null,
  });
}

export interface RetryPolicy {
  /** Extra attempts after the first one. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound for a server-sent Retry-After, so one header can't freeze the console. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 200,
  maxDelayMs: 3000,
  maxRetryAfterMs: 10_000,
};

/** 429 = Twilio's concurrency limit ("never processed, always safe to retry"); 503 = briefly unavailable. */
const RETRYABLE_STATUSES = new Set([429, 503]);

export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Resolves after `ms`, rejects when `signal` aborts. Injected by tests to observe backoff without waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
}

export interface RequestOptions {
  query?: FormBody;
  signal?: AbortSignal;
  /** A change's reason or ticket number, stored with its history entry (the `X-Horizon-Reason` header). */
  reason?: string;
}

/** Headers are Latin-1: the reason goes percent-encoded UTF-8, as the server reads it. */
const reasonHeader = (reason: string | undefined): Record<string, string> =>
  reason?.trim() ? { 'X-Horizon-Reason': encodeURIComponent(reason.trim()) } : {};

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };

  async function send(method: 'GET' | 'POST' | 'DELETE', url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set(CLIENT_HEADER.name, CLIENT_HEADER.value);
    headers.set('Accept', 'application/json');
    for (let attempt = 0; ; attempt++) {
      const response = await doFetch(url, { ...init, method, headers });
      const canRetry =
        method === 'GET' && RETRYABLE_STATUSES.has(response.status) && attempt < policy.maxRetries;
      if (!canRetry) return response;
      // Full-jitter exponential backoff, unless the server said how long to wait.
      const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
      const told = retryAfterMs(response.headers.get('Retry-After'));
      // Release the unused body without waiting on it (some fetch implementations never settle a cancel).
      void response.body?.cancel().catch(() => undefined);
      await sleep(told === null ? backoff : Math.min(told, policy.maxRetryAfterMs), init.signal ?? undefined);
    }
  }

  async function parse<T>(response: Response, url: string, schema: Schema<T>): Promise<T> {
    if (!response.ok) throw await toTwilioError(response);
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new ResponseShapeError(url, [{ path: [], message: 'the body is not JSON' }]);
    }
    const result = z.safeParse(schema, json);
    if (!result.success) throw new ResponseShapeError(url, result.error.issues);
    return result.data;
  }

  return {
    async get<T>(segments: PathSegments, schema: Schema<T>, request: RequestOptions = {}): Promise<T> {
      const url = buildApiPath(segments, request.query);
      const response = await send('GET', url, { signal: request.signal ?? null });
      return parse(response, url, schema);
    },

    async post<T>(
      segments: PathSegments,
      body: FormBody,
      schema: Schema<T>,
      request: RequestOptions = {},
    ): Promise<T> {
      const url = buildApiPath(segments, request.query);
      const response = await send('POST', url, {
        signal: request.signal ?? null,
        body: formEncode(body),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...reasonHeader(request.reason) },
      });
      return parse(response, url, schema);
    },

    /** Twilio answers a delete with 204 and no body. */
    async delete(segments: PathSegments, request: RequestOptions = {}): Promise<void> {
      const url = buildApiPath(segments, request.query);
      const response = await send('DELETE', url, {
        signal: request.signal ?? null,
        headers: reasonHeader(request.reason),
      });
      if (!response.ok) throw await toTwilioError(response);
    },

    /** For Horizon's own JSON routes (/api/session, /api/audit), which take no Twilio path. */
    async getJson<T>(path: string, schema: Schema<T>, request: RequestOptions = {}): Promise<T> {
      const search = request.query ? formEncode(request.query) : '';
      const url = `${API_BASE}/${path}${search ? `?${search}` : ''}`;
      const response = await send('GET', url, { signal: request.signal ?? null });
      return parse(response, url, schema);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api: ApiClient = createApiClient();

/** The text an agent sees for any failure: Twilio's code and message when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof TwilioError)
    return error.code ? `${error.message} (Twilio error ${error.code})` : error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
