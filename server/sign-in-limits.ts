import { ConcurrencyLimit, UpstreamBusyError } from './upstream.ts';

// Failed sign-ins cost an scrypt each (tens of ms of a thread-pool thread, which audit fsyncs share), so they are
// limited: per client address and per agent name, by token buckets that failures drain. Clients that failed
// recently share one scrypt at a time. A client with no recent failure is never queued behind them, and a header
// already verified skips scrypt entirely (AgentDirectory.cached), so a flood of wrong guesses does not slow an
// agent who knows their password.

type Bucket = { tokens: number; updated: number };

export type SignInLimitOptions = {
  /** Failures a client may have in a burst, and how many it gets back per minute. */
  perClient?: { burst: number; perMinute: number };
  /** Failures one agent name may collect from all clients in a burst, and per minute. */
  perName?: { burst: number; perMinute: number };
  /** How many scrypt checks suspected clients may run at once, and how many may wait for one. */
  suspectLane?: { concurrent: number; waiting: number };
  now?: () => number;
};

const MAX_TRACKED = 10_000;

class Buckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  private current(key: string): Bucket | undefined {
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    const now = this.now();
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updated) * this.perMinute) / 60_000);
    bucket.updated = now;
    if (bucket.tokens >= this.burst) {
      this.buckets.delete(key); // full again: forget it
      return undefined;
    }
    return bucket;
  }

  /** Seconds until one failure is allowed again, or 0 when one is allowed now. */
  wait(key: string): number {
    const bucket = this.current(key);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil(((1 - bucket.tokens) * 60) / this.perMinute);
  }

  hasFailed(key: string): boolean {
    return this.current(key) !== undefined;
  }

  drain(key: string): void {
    const bucket = this.current(key) ?? { tokens: this.burst, updated: this.now() };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    if (!this.buckets.has(key) && this.buckets.size >= MAX_TRACKED) {
      // A flood of distinct keys: drop the oldest rather than grow without bound.
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(key, bucket);
  }
}

export type SignInVerdict = { ok: true } | { ok: false; retryAfterSeconds: number; why: string };

export class SignInLimits {
  private readonly clients: Buckets;
  private readonly names: Buckets;
  private readonly suspectLane: ConcurrencyLimit;

  constructor(options: SignInLimitOptions = {}) {
    const now = options.now ?? Date.now;
    const perClient = options.perClient ?? { burst: 10, perMinute: 10 };
    const perName = options.perName ?? { burst: 20, perMinute: 20 };
    const lane = options.suspectLane ?? { concurrent: 1, waiting: 4 };
    this.clients = new Buckets(perClient.burst, perClient.perMinute, now);
    this.names = new Buckets(perName.burst, perName.perMinute, now);
    this.suspectLane = new ConcurrencyLimit(lane.concurrent, lane.waiting);
  }

  /** Whether `client` may try a password for `name` now. */
  check(client: string, name: string | null): SignInVerdict {
    const clientWait = this.clients.wait(client);
    if (clientWait > 0) return { ok: false, retryAfterSeconds: clientWait, why: 'from this address' };
    // A name under attack is closed only to clients that have failed themselves: someone who never typed a wrong
    // password is never locked out by someone else's guesses.
    if (name && this.clients.hasFailed(client)) {
      const nameWait = this.names.wait(name);
      if (nameWait > 0) return { ok: false, retryAfterSeconds: nameWait, why: 'for this agent name' };
    }
    return { ok: true };
  }

  failed(client: string, name: string | null): void {
    this.clients.drain(client);
    if (name) this.names.drain(name);
  }

  /**
   * Runs a password check: straight away for a client without recent failures, else in the suspects' lane (one at a
   * time). Resolves null when that lane is full, so the caller answers 429 without spending an scrypt.
   */
  async verify<T>(client: string, check: () => Promise<T>): Promise<T | null> {
    if (!this.clients.hasFailed(client)) return check();
    try {
      return await this.suspectLane.run(check);
    } catch (error) {
      if (error instanceof UpstreamBusyError) return null;
      throw error;
    }
  }
}
