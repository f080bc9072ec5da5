/**
 * A queue for bulk changes: a growing number of tasks in flight and, once a 429 has shown where Twilio's limit is, a
 * paced rate of starts that probes upwards (AIMD on the rate, below). A 429 (never processed, so safe to send again)
 * cuts the rate and puts the item back at the front after a back-off of its own (with `adaptive: false`, the whole
 * queue pauses instead). Cancel stops everything that hasn't started, and Retry failed sends the failed items again.
 * Every item ends in exactly one of done / failed / cancelled: nothing is lost or left ambiguous.
 */

export type ItemStatus = 'queued' | 'running' | 'waiting' | 'done' | 'failed' | 'cancelled';

export interface ItemState<R> {
  id: string;
  status: ItemStatus;
  /** Requests sent for this item in its current run (429s included). */
  attempts: number;
  error: unknown;
  value: R | undefined;
}

export interface QueueSnapshot<R> {
  items: ReadonlyMap<string, ItemState<R>>;
  total: number;
  /** done + failed + cancelled. */
  settled: number;
  done: number;
  failed: number;
  cancelled: number;
  running: number;
  /** Set while the queue waits out a 429. */
  pausedUntil: number | null;
  /** How many tasks the queue lets run at once right now. */
  concurrency: number;
  /** Starts a second the queue allows since a 429 showed a limit; null while none has. */
  ratePerSecond: number | null;
  phase: 'idle' | 'running' | 'finished';
}

export interface BulkQueueOptions<T, R> {
  items: readonly T[];
  id: (item: T) => string;
  run: (item: T, attempt: number) => Promise<R>;
  /** Tasks in flight at the start (and always, when `adaptive` is false). */
  concurrency?: number;
  /** The most tasks in flight the queue may grow to (`bulkConcurrencyFor` the server's bound). */
  maxConcurrency?: number;
  /** Grow while answers are clean, learn and pace the rate on a 429 (default true). */
  adaptive?: boolean;
  /** How long to pause after `error`, or null when it isn't a rate limit (then the item fails). */
  rateLimitDelay?: (error: unknown, attempt: number) => number | null;
  /** 429s one item may meet before it is reported failed. */
  maxRateLimitRetries?: number;
  onChange?: (snapshot: QueueSnapshot<R>) => void;
  /** Called when an item ends failed (not for 429s that will be retried). */
  onItemFailed?: (item: T, error: unknown) => void;
}

export const BULK_CONCURRENCY = 4;
/** Horizon's server's default UPSTREAM_CONCURRENCY, for a server too old to say its own (GET /api/session). */
export const DEFAULT_UPSTREAM_CONCURRENCY = 10;

/**
 * The most changes to keep in flight against a server that sends at most `upstreamConcurrency` requests to Twilio at
 * once. A change holds one of those slots for its read, then for its write; between and around them (the intent
 * written, the answer's way back, the next change's way in) the slot would idle. A quarter more keeps the slots
 * busy: the extra changes wait in the server's queue, well within its deadline. More only lengthens that queue,
 * which every agent's lookups wait in too (BENCHMARKS.md, issue 13).
 */
export function bulkConcurrencyFor(upstreamConcurrency: number): number {
  return Math.max(1, Math.ceil(upstreamConcurrency * 1.25));
}

export const BULK_MAX_CONCURRENCY = bulkConcurrencyFor(DEFAULT_UPSTREAM_CONCURRENCY);
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8000;

export function rateLimitBackoff(error: unknown, attempt: number, random: () => number = Math.random) {
  if (!isRateLimited(error)) return null;
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export function isRateLimited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 429;
}

/**
 * How fast to go. The number in flight starts at `initial` and grows by about one per round of clean answers (one
 * more per answer ÷ current), up to `max`. Twilio's write limits are per second (30 user writes a second per
 * service), so a 429 is answered in rate, not in tasks: the rate becomes 0.9× what Twilio let through in the last
 * second (the clean answers in it), and starts are spaced to it. Clean answers then raise it by about one a second,
 * so the queue finds the limit again if it was a passing peak of other traffic. One cut per round: answers to tasks
 * started before the last cut don't cut again. (Cutting the number in flight instead, by 0.7× as TCP's CUBIC does,
 * lost a read and a write per 429 and undershot a per-second limit after each cut: BENCHMARKS.md, issue 13.)
 */
const RATE_DECREASE = 0.9;
const RATE_WINDOW_MS = 1000;

function createPace(initial: number, max: number, adaptive: boolean) {
  let startedAt: number | null = null;
  let limit = Math.min(initial, max);
  let rate: number | null = null;
  let nextStartAt = 0;
  let cutAt = 0;
  let sent = 0;
  let cleanTimes: number[] = [];
  return {
    get current() {
      return Math.max(1, Math.floor(limit));
    },
    get rate() {
      return rate;
    },
    /** When the next task may start (0: now). */
    get nextStartAt() {
      return rate === null ? 0 : nextStartAt;
    },
    /** Stamps a task as it starts (so its answer knows whether it predates the last cut) and spaces the next. */
    started(now: number) {
      startedAt ??= now;
      if (rate !== null) {
        const interval = 1000 / rate;
        // A timer that fired late may catch up one start, never more: no burst.
        nextStartAt = Math.max(nextStartAt, now - interval) + interval;
      }
      return ++sent;
    },
    clean(now: number) {
      if (!adaptive) return;
      limit = Math.min(max, limit + 1 / limit);
      cleanTimes.push(now);
      if (rate !== null) rate += 1 / rate;
    },
    rateLimited(stamp: number, now: number) {
      if (!adaptive || stamp <= cutAt) return;
      cleanTimes = cleanTimes.filter((time) => now - time < RATE_WINDOW_MS);
      // In the first second, what got through so far, scaled to a second.
      const span = Math.max(100, Math.min(RATE_WINDOW_MS, now - (startedAt ?? now)));
      const throughput = (cleanTimes.length * 1000) / span;
      rate = Math.max(1, RATE_DECREASE * Math.min(rate ?? throughput, throughput));
      nextStartAt = Math.max(nextStartAt, now);
      cutAt = sent;
    },
  };
}

export function createBulkQueue<T, R>(options: BulkQueueOptions<T, R>) {
  const pace = createPace(
    options.concurrency ?? BULK_CONCURRENCY,
    options.maxConcurrency ?? BULK_MAX_CONCURRENCY,
    options.adaptive ?? true,
  );
  const rateLimitDelay = options.rateLimitDelay ?? ((error, attempt) => rateLimitBackoff(error, attempt));
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 6;
  const byId = new Map<string, T>();
  const states = new Map<string, ItemState<R>>();
  let waiting: string[] = [];
  let running = 0;
  let pausedUntil: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Adaptive mode: a rate-limited item waits on its own (the concurrency cut is the queue's back-off). */
  const notBefore = new Map<string, number>();
  const adaptive = options.adaptive ?? true;
  let phase: QueueSnapshot<R>['phase'] = 'idle';
  let cancelRequested = false;
  let finished: (() => void) | null = null;
  let finishedPromise: Promise<void> = Promise.resolve();

  for (const item of options.items) {
    const id = options.id(item);
    if (byId.has(id)) continue;
    byId.set(id, item);
    states.set(id, { id, status: 'queued', attempts: 0, error: undefined, value: undefined });
  }

  const set = (id: string, patch: Partial<ItemState<R>>) => {
    const current = states.get(id);
    if (current) states.set(id, { ...current, ...patch });
  };

  function snapshot(): QueueSnapshot<R> {
    let done = 0;
    let failed = 0;
    let cancelled = 0;
    for (const state of states.values()) {
      if (state.status === 'done') done++;
      else if (state.status === 'failed') failed++;
      else if (state.status === 'cancelled') cancelled++;
    }
    return {
      items: new Map(states),
      total: states.size,
      settled: done + failed + cancelled,
      done,
      failed,
      cancelled,
      running,
      pausedUntil,
      concurrency: pace.current,
      ratePerSecond: pace.rate === null ? null : Math.round(pace.rate * 10) / 10,
      phase,
    };
  }

  const emit = () => options.onChange?.(snapshot());

  function settleIfIdle() {
    if (phase === 'running' && running === 0 && waiting.length === 0) {
      phase = 'finished';
      pausedUntil = null;
      finished?.();
      finished = null;
    }
  }

  function pump() {
    if (phase !== 'running') return;
    const now = Date.now();
    if (pausedUntil !== null && now < pausedUntil) {
      if (timer === null) {
        timer = setTimeout(() => {
          timer = null;
          pump();
        }, pausedUntil - now);
      }
      return;
    }
    pausedUntil = null;
    while (running < pace.current && pace.nextStartAt <= now) {
      const index = waiting.findIndex((id) => (notBefore.get(id) ?? 0) <= now);
      if (index === -1) break;
      const [id] = waiting.splice(index, 1) as [string];
      notBefore.delete(id);
      void start(id, now);
    }
    if (running < pace.current && waiting.length > 0 && timer === null) {
      const ready = Math.min(...waiting.map((id) => notBefore.get(id) ?? now));
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, Math.max(ready, pace.nextStartAt) - now);
    }
    settleIfIdle();
    emit();
  }

  async function start(id: string, now: number) {
    const item = byId.get(id) as T;
    const attempt = (states.get(id)?.attempts ?? 0) + 1;
    running++;
    const stamp = pace.started(now);
    set(id, { status: 'running', attempts: attempt });
    emit();
    try {
      const value = await options.run(item, attempt);
      pace.clean(Date.now());
      set(id, { status: 'done', value, error: undefined });
    } catch (error) {
      if (isRateLimited(error)) pace.rateLimited(stamp, Date.now());
      const delay = attempt <= maxRateLimitRetries ? rateLimitDelay(error, attempt) : null;
      if (delay !== null && !cancelRequested) {
        set(id, { status: 'waiting', error });
        waiting.unshift(id);
        if (adaptive) notBefore.set(id, Date.now() + delay);
        else pausedUntil = Math.max(pausedUntil ?? 0, Date.now() + delay);
      } else if (delay !== null) {
        set(id, { status: 'cancelled', error });
      } else {
        set(id, { status: 'failed', error });
        options.onItemFailed?.(item, error);
      }
    } finally {
      running--;
    }
    pump();
    settleIfIdle();
    emit();
  }

  function runIds(ids: string[]): Promise<void> {
    cancelRequested = false;
    waiting = [...waiting, ...ids];
    if (phase !== 'running') {
      phase = 'running';
      finishedPromise = new Promise<void>((resolve) => {
        finished = resolve;
      });
    }
    pump();
    return finishedPromise;
  }

  return {
    snapshot,
    /** Resolves when every item has settled. */
    start(): Promise<void> {
      if (phase !== 'idle') return finishedPromise;
      return runIds([...states.keys()]);
    },
    /** What hasn't started doesn't start; requests already sent finish and report their result. */
    cancel() {
      cancelRequested = true;
      for (const id of waiting) set(id, { status: 'cancelled' });
      waiting = [];
      notBefore.clear();
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pausedUntil = null;
      settleIfIdle();
      emit();
    },
    /** Sends the failed items again (their attempt count starts over). */
    retryFailed(): Promise<void> {
      const ids = [...states.values()].filter((s) => s.status === 'failed').map((s) => s.id);
      for (const id of ids) set(id, { status: 'queued', attempts: 0, error: undefined });
      if (ids.length === 0) return finishedPromise;
      return runIds(ids);
    },
  };
}

export type BulkQueue<R> = ReturnType<typeof createBulkQueue<unknown, R>>;
