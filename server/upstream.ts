import type { Upstream } from './allowlist.ts';
import type { TwilioCredentials } from './config.ts';
import { readCapped } from './read-capped.ts';

// Sends checked requests to Twilio (live) or to the in-process fake (demo): Horizon's credentials only, a bounded
// number at a time, each with a deadline. Nothing from the browser's request is copied except the checked path,
// query and form body.

export type UpstreamRequest = {
  upstream: Upstream;
  method: 'GET' | 'POST' | 'DELETE';
  /** `/v2/Services/…`, percent-encoded segments as received. */
  path: string;
  query?: URLSearchParams;
  form?: URLSearchParams;
};

export type UpstreamResponse = {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: Uint8Array<ArrayBuffer>;
};

export class UpstreamTimeoutError extends Error {
  constructor(
    message: string,
    /** False when the deadline passed while the request still waited its turn: it never left Horizon. */
    readonly sent = true,
  ) {
    super(message);
  }
}
export class UpstreamUnavailableError extends Error {}
/** Twilio's answer was larger than UPSTREAM_BODY_LIMIT_BYTES; it was cut off, not held. */
export class UpstreamTooLargeError extends Error {}

export class UpstreamBusyError extends Error {}

/**
 * A FIFO counting semaphore: Twilio limits by concurrent requests, so Horizon queues beyond its own bound. The queue
 * is bounded too (`maxWaiting`), so a flood gets a quick 429 instead of growing memory and latency without limit.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly maxWaiting = max * 20,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a slot is free; a waiter whose `signal` aborts leaves the queue without running. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active < this.max) this.active++;
    else if (this.waiting.length >= this.maxWaiting) {
      throw new UpstreamBusyError(
        `Horizon already has ${this.max + this.waiting.length} requests for Twilio queued`,
      );
    } else {
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        };
        const leave = () => {
          const index = this.waiting.indexOf(turn);
          if (index !== -1) this.waiting.splice(index, 1);
          reject(signal?.reason);
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener('abort', leave, { once: true });
        this.waiting.push(turn);
      });
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so `active` never dips and lets a newcomer jump the queue.
      if (next) next();
      else this.active--;
    }
  }
}

export type FetchLike = (request: Request) => Promise<Response>;

export type UpstreamOptions = {
  /** Where each upstream lives: Twilio's hosts (or overrides) in live mode, the fake's URL space in demo mode. */
  bases: Record<Upstream, string>;
  credentials: Pick<TwilioCredentials, 'username' | 'password'>;
  fetch: FetchLike;
  /** The deadline of one request: its wait for a slot and the exchange with Twilio together. */
  timeoutMs: number;
  concurrency: number;
  /** Answers larger than this are aborted (502), never held whole. */
  bodyLimitBytes?: number;
};

const DEFAULT_BODY_LIMIT = 20 * 1024 * 1024;

export class UpstreamClient {
  readonly limit: ConcurrencyLimit;
  private readonly authorization: string;

  constructor(private readonly options: UpstreamOptions) {
    this.limit = new ConcurrencyLimit(options.concurrency);
    const { username, password } = options.credentials;
    this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  /** One deadline from the moment the request is asked for: time spent queued counts against it. */
  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const { timeoutMs } = this.options;
    const controller = new AbortController();
    let started = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new UpstreamTimeoutError(
          started
            ? `Twilio did not answer within ${timeoutMs} ms`
            : `Horizon's requests to Twilio were queued past the ${timeoutMs} ms deadline; nothing was sent`,
          started,
        );
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const exchange = this.limit.run(() => {
      started = true;
      return this.sendNow(request, controller.signal);
    }, controller.signal);
    // If the deadline wins, the aborted exchange rejects later; that rejection is expected, not unhandled.
    exchange.catch(() => undefined);
    try {
      // The fake may ignore the abort signal, so the deadline races the whole exchange.
      return await Promise.race([exchange, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async sendNow(
    { upstream, method, path, query, form }: UpstreamRequest,
    signal: AbortSignal,
  ): Promise<UpstreamResponse> {
    const search = query && [...query.keys()].length > 0 ? `?${query}` : '';
    const url = `${this.options.bases[upstream]}${path}${search}`;
    const headers = new Headers({
      Authorization: this.authorization,
      Accept: 'application/json',
      'User-Agent': 'horizon-console',
    });
    if (form) headers.set('Content-Type', 'application/x-www-form-urlencoded');
    try {
      // redirect: 'manual' so the credentials never follow a redirect somewhere else.
      const response = await this.options.fetch(
        new Request(url, {
          method,
          headers,
          body: form ? form.toString() : undefined,
          redirect: 'manual',
          signal,
        }),
      );
      const limit = this.options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
      const body = await readCapped(response.body, response.headers.get('content-length'), limit);
      if (body === null) {
        throw new UpstreamTooLargeError(
          `Twilio's answer is larger than ${limit} bytes (UPSTREAM_BODY_LIMIT_BYTES)`,
        );
      }
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
        body,
      };
    } catch (error) {
      if (error instanceof UpstreamTooLargeError || error instanceof UpstreamTimeoutError) throw error;
      if (signal.aborted && signal.reason instanceof UpstreamTimeoutError) throw signal.reason;
      // Network errors can carry the URL; never the credentials (they travel in a header), but keep it short.
      throw new UpstreamUnavailableError(`could not reach Twilio (${(error as Error).name})`);
    }
  }
}
