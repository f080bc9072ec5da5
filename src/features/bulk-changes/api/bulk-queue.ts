/**
 * A queue for bulk changes: an adaptive number of tasks in flight (AIMD, below). A 429 (never processed, so safe to
 * send again) cuts that number and puts the item back at the front after a back-off of its own (with `adaptive:
 * false`, the whole queue pauses instead). Cancel stops everything that hasn't started, and Retry failed sends the failed items again.
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
  phase: 'idle' | 'running' | 'finished';
}

export interface BulkQueueOptions<T, R> {
  items: readonly T[];
  id: (item: T) => string;
  run: (item: T, attempt: number) => Promise<R>;
  /** Tasks in flight at the start (and always, when `adaptive` is false). */
  concurrency?: number;
  /** The most tasks in flight the queue may grow to. */
  maxConcurrency?: number;
  /** Grow while answers are clean, halve on a 429 (default true). */
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
/**
 * Horizon's server sends at most UPSTREAM_CONCURRENCY (default 10) requests to Twilio at once, and a change holds one
 * of them at a time (the read of the record, then the write): more than 10 changes in flight would only queue there.
 */
export const BULK_MAX_CONCURRENCY = 10;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8000;

/** Exponential backoff with jitter for 429s: 0.5 s, 1 s, 2 s … up to 8 s, each between half and the full step. */
export function rateLimitBackoff(error: unknown, attempt: number, random: () => number = Math.random) {
  if (!isRateLimited(error)) return null;
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export function isRateLimited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 429;
}

/**
 * Additive increase, multiplicative decrease, as TCP does for the same problem (an unknown, shared limit): each clean
 * answer adds 1/limit (one more task per round of answers); a 429 cuts the limit to 0.7× (CUBIC's factor: a halving
 * undershoots a per-second write limit by a third), once per round — answers to tasks sent before the cut don't cut
 * it again.
 */
const DECREASE = 0.7;

function createAimd(initial: number, max: number, adaptive: boolean) {
  let limit = Math.min(initial, max);
  let cutAt = 0;
  let sent = 0;
  return {
    get current() {
      return Math.max(1, Math.floor(limit));
    },
    /** Stamps a task as it starts, so its answer knows whether it predates the last cut. */
    started: () => ++sent,
    clean() {
      if (adaptive) limit = Math.min(max, limit + 1 / limit);
    },
    rateLimited(stamp: number) {
      if (!adaptive || stamp <= cutAt) return;
      limit = Math.max(1, limit * DECREASE);
      cutAt = sent;
    },
  };
}

export function createBulkQueue<T, R>(options: BulkQueueOptions<T, R>) {
  const aimd = createAimd(
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
      concurrency: aimd.current,
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
    while (running < aimd.current) {
      const index = waiting.findIndex((id) => (notBefore.get(id) ?? 0) <= now);
      if (index === -1) break;
      const [id] = waiting.splice(index, 1) as [string];
      notBefore.delete(id);
      void start(id);
    }
    if (running < aimd.current && waiting.length > 0 && timer === null) {
      const next = Math.min(...waiting.map((id) => notBefore.get(id) ?? now));
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, next - now);
    }
    settleIfIdle();
    emit();
  }

  async function start(id: string) {
    const item = byId.get(id) as T;
    const attempt = (states.get(id)?.attempts ?? 0) + 1;
    running++;
    const stamp = aimd.started();
    set(id, { status: 'running', attempts: attempt });
    emit();
    try {
      const value = await options.run(item, attempt);
      aimd.clean();
      set(id, { status: 'done', value, error: undefined });
    } catch (error) {
      if (isRateLimited(error)) aimd.rateLimited(stamp);
      const delay = attempt <= maxRateLimitRetries ? rateLimitDelay(error, attempt) : null;
      if (delay !== null && !cancelRequested) {
        // Back off as a whole: the other requests in flight would likely meet the same limit.
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
