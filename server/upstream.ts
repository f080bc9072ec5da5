import type { Upstream } from './allowlist.ts';
import type { TwilioCredentials } from './config.ts';

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

export class UpstreamTimeoutError extends Error {}
export class UpstreamUnavailableError extends Error {}

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

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else if (this.waiting.length >= this.maxWaiting) {
      throw new UpstreamBusyError(
        `Horizon already has ${this.max + this.waiting.length} requests for Twilio queued`,
      );
    } else await new Promise<void>((resolve) => this.waiting.push(resolve));
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
  timeoutMs: number;
  concurrency: number;
};

export class UpstreamClient {
  readonly limit: ConcurrencyLimit;
  private readonly authorization: string;

  constructor(private readonly options: UpstreamOptions) {
    this.limit = new ConcurrencyLimit(options.concurrency);
    const { username, password } = options.credentials;
    this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    return this.limit.run(() => this.sendNow(request));
  }

  private async sendNow({ upstream, method, path, query, form }: UpstreamRequest): Promise<UpstreamResponse> {
    const search = query && [...query.keys()].length > 0 ? `?${query}` : '';
    const url = `${this.options.bases[upstream]}${path}${search}`;
    const headers = new Headers({
      Authorization: this.authorization,
      Accept: 'application/json',
      'User-Agent': 'horizon-console',
    });
    if (form) headers.set('Content-Type', 'application/x-www-form-urlencoded');
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
        reject(new UpstreamTimeoutError(`Twilio did not answer within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
    });
    try {
      const exchange = (async () => {
        // redirect: 'manual' so the credentials never follow a redirect somewhere else.
        const response = await this.options.fetch(
          new Request(url, {
            method,
            headers,
            body: form ? form.toString() : undefined,
            redirect: 'manual',
            signal: controller.signal,
          }),
        );
        const body = new Uint8Array(await response.arrayBuffer());
        return {
          status: response.status,
          contentType: response.headers.get('content-type'),
          retryAfter: response.headers.get('retry-after'),
          body,
        };
      })();
      // If the deadline wins, the aborted exchange rejects later; that rejection is expected, not unhandled.
      exchange.catch(() => undefined);
      // The fake may ignore the abort signal, so the deadline races the whole exchange.
      return await Promise.race([exchange, deadline]);
    } catch (error) {
      if (timedOut || error instanceof UpstreamTimeoutError) {
        throw new UpstreamTimeoutError(`Twilio did not answer within ${this.options.timeoutMs} ms`);
      }
      // Network errors can carry the URL; never the credentials (they travel in a header), but keep it short.
      throw new UpstreamUnavailableError(`could not reach Twilio (${(error as Error).name})`);
    } finally {
      clearTimeout(timer);
    }
  }
}
