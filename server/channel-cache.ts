import type { UpstreamResponse } from './upstream.ts';

// Channel records (names, attributes) cached in the server and shared by every agent: a lookup of 50 channels would
// otherwise cost 50 Twilio requests per agent. Bounded (least recently used goes first), read again once stale, and
// dropped when Horizon itself changes the channel's memberships. CHANNEL_CACHE_SIZE=0 turns it off.

type Cached = {
  response: UpstreamResponse;
  until: number;
  service: string;
  /** Every name the channel answers to: the segment it was asked by, its SID and its unique_name. */
  names: Set<string>;
};

export type ChannelCacheStats = { hits: number; misses: number; size: number };

export class ChannelCache {
  private readonly entries = new Map<string, Cached>();
  private readonly loading = new Map<string, Promise<UpstreamResponse>>();
  private hits = 0;
  private misses = 0;

  constructor(
    readonly maxEntries: number,
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get stats(): ChannelCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }

  /**
   * The cached answer for `key` while fresh, else `load()`'s (cached when it is a 200). Concurrent misses for one
   * key share one load, so two agents opening the same user at once still cost one request per channel.
   */
  async fetch(
    key: string,
    scope: { service: string; channel: string },
    load: () => Promise<UpstreamResponse>,
  ): Promise<UpstreamResponse> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) {
      this.entries.delete(key); // re-insert: the Map's order is the recency order
      this.entries.set(key, hit);
      this.hits++;
      return hit.response;
    }
    this.misses++;
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const started = this.now();
    const loaded = load()
      .then((response) => {
        // A change that dropped this channel while it loaded wins: the answer may predate it.
        if (response.status === 200 && this.loading.get(key) === loaded) {
          this.store(key, scope, response, started);
        }
        return response;
      })
      .finally(() => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
      });
    this.loading.set(key, loaded);
    return loaded;
  }

  /** Forgets a channel (by any of its names) in a service: Horizon just changed it. */
  drop(service: string | null, names: readonly (string | null)[]): void {
    const wanted = names.filter((name): name is string => Boolean(name));
    if (!service || wanted.length === 0) return;
    for (const [key, cached] of this.entries) {
      if (cached.service === service && wanted.some((name) => cached.names.has(name)))
        this.entries.delete(key);
    }
    for (const key of this.loading.keys()) {
      if (wanted.some((name) => key.includes(`/Services/${service}/Channels/${encodeURIComponent(name)}`))) {
        this.loading.delete(key);
      }
    }
  }

  private store(
    key: string,
    scope: { service: string; channel: string },
    response: UpstreamResponse,
    started: number,
  ): void {
    const names = new Set([scope.channel]);
    try {
      const record = JSON.parse(Buffer.from(response.body).toString('utf8')) as Record<string, unknown>;
      if (typeof record.sid === 'string') names.add(record.sid);
      if (typeof record.unique_name === 'string') names.add(record.unique_name);
    } catch {
      return; // not a record we understand: don't keep it
    }
    this.entries.delete(key);
    this.entries.set(key, { response, until: started + this.ttlMs, service: scope.service, names });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
