import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BULK_MAX_CONCURRENCY,
  bulkConcurrencyFor,
  createBulkQueue,
  type QueueSnapshot,
  rateLimitBackoff,
} from './bulk-queue.ts';

interface Deferred {
  id: string;
  resolve: (value: string) => void;
  reject: (error: unknown) => void;
}

/** A task runner whose requests the test answers one by one. */
function controlledRun() {
  const inFlight: Deferred[] = [];
  let maxInFlight = 0;
  const started: string[] = [];
  const run = (id: string) =>
    new Promise<string>((resolve, reject) => {
      started.push(id);
      inFlight.push({ id, resolve, reject });
      maxInFlight = Math.max(maxInFlight, inFlight.length);
    });
  const answer = (id: string, outcome: { ok: string } | { error: unknown }) => {
    const at = inFlight.findIndex((d) => d.id === id);
    if (at < 0)
      throw new Error(`${id} is not in flight (in flight: ${inFlight.map((d) => d.id).join(', ')})`);
    const [d] = inFlight.splice(at, 1);
    if ('ok' in outcome) d?.resolve(outcome.ok);
    else d?.reject(outcome.error);
  };
  return {
    run,
    answer,
    inFlight: () => inFlight.map((d) => d.id),
    started,
    maxInFlight: () => maxInFlight,
  };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `CH${i + 1}`);
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const error = (status: number, code: number, message: string) =>
  Object.assign(new Error(message), { status, code });

describe('createBulkQueue', () => {
  it('with a fixed concurrency, never has more than 4 requests in flight and finishes every item', async () => {
    const ctl = controlledRun();
    const queue = createBulkQueue({ items: ids(10), id: (x) => x, run: ctl.run, adaptive: false });
    const done = queue.start();
    await flush();
    expect(ctl.inFlight()).toEqual(['CH1', 'CH2', 'CH3', 'CH4']);
    for (let i = 1; i <= 10; i++) {
      ctl.answer(`CH${i}`, { ok: `ok ${i}` });
      await flush();
      expect(ctl.inFlight().length).toBeLessThanOrEqual(4);
    }
    await done;
    expect(ctl.maxInFlight()).toBe(4);
    const snapshot = queue.snapshot();
    expect(snapshot).toMatchObject({ total: 10, done: 10, failed: 0, settled: 10, phase: 'finished' });
    expect(snapshot.items.get('CH7')?.value).toBe('ok 7');
  });

  it('reports failures per item with their error and retries only the failed ones', async () => {
    const ctl = controlledRun();
    const failed: string[] = [];
    const queue = createBulkQueue({
      items: ids(5),
      id: (x) => x,
      run: ctl.run,
      onItemFailed: (item) => failed.push(item),
    });
    const done = queue.start();
    await flush();
    ctl.answer('CH1', { ok: 'a' });
    ctl.answer('CH2', { error: error(500, 20500, 'Internal Server Error') });
    await flush();
    for (const id of ['CH3', 'CH4', 'CH5']) ctl.answer(id, { ok: id });
    await done;
    const snapshot = queue.snapshot();
    expect(snapshot).toMatchObject({ done: 4, failed: 1, settled: 5 });
    expect(snapshot.items.get('CH2')).toMatchObject({ status: 'failed', error: { code: 20500 } });
    expect(failed).toEqual(['CH2']);

    ctl.started.length = 0;
    const retried = queue.retryFailed();
    await flush();
    expect(ctl.started).toEqual(['CH2']);
    ctl.answer('CH2', { ok: 'second time' });
    await retried;
    expect(queue.snapshot()).toMatchObject({ done: 5, failed: 0, phase: 'finished' });
  });

  it('cancel: nothing queued starts afterwards, the requests in flight still report', async () => {
    const ctl = controlledRun();
    const queue = createBulkQueue({ items: ids(9), id: (x) => x, run: ctl.run });
    const done = queue.start();
    await flush();
    queue.cancel();
    ctl.answer('CH1', { ok: 'x' });
    ctl.answer('CH2', { error: error(500, 20500, 'boom') });
    ctl.answer('CH3', { ok: 'x' });
    ctl.answer('CH4', { ok: 'x' });
    await done;
    expect(ctl.started).toEqual(['CH1', 'CH2', 'CH3', 'CH4']);
    const snapshot: QueueSnapshot<string> = queue.snapshot();
    expect(snapshot).toMatchObject({ total: 9, done: 3, failed: 1, cancelled: 5, settled: 9 });
  });

  describe('429', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('pauses the whole queue, then sends the rate-limited item again first', async () => {
      const ctl = controlledRun();
      const queue = createBulkQueue({
        items: ids(6),
        id: (x) => x,
        run: ctl.run,
        adaptive: false,
        rateLimitDelay: (e, attempt) => ((e as { status: number }).status === 429 ? 1000 * attempt : null),
      });
      const done = queue.start();
      await vi.advanceTimersByTimeAsync(0);
      ctl.answer('CH2', { error: error(429, 20429, 'Too Many Requests') });
      ctl.answer('CH1', { ok: 'x' });
      await vi.advanceTimersByTimeAsync(0);
      // Paused: CH1 finished, but neither CH2 again nor CH5 may start before the delay.
      expect(ctl.inFlight()).toEqual(['CH3', 'CH4']);
      expect(queue.snapshot().items.get('CH2')?.status).toBe('waiting');
      expect(queue.snapshot().pausedUntil).not.toBeNull();
      await vi.advanceTimersByTimeAsync(999);
      expect(ctl.inFlight()).toEqual(['CH3', 'CH4']);
      await vi.advanceTimersByTimeAsync(1);
      expect(ctl.inFlight()).toEqual(['CH3', 'CH4', 'CH2', 'CH5']);
      for (const id of ['CH2', 'CH3', 'CH4', 'CH5']) ctl.answer(id, { ok: id });
      await vi.advanceTimersByTimeAsync(0);
      ctl.answer('CH6', { ok: 'x' });
      await done;
      expect(queue.snapshot()).toMatchObject({ done: 6, failed: 0 });
      expect(queue.snapshot().items.get('CH2')?.attempts).toBe(2);
    });

    it('gives up after the allowed number of 429s and reports the item failed', async () => {
      const ctl = controlledRun();
      const queue = createBulkQueue({
        items: ['CH1'],
        id: (x) => x,
        run: ctl.run,
        adaptive: false,
        maxRateLimitRetries: 2,
        rateLimitDelay: () => 10,
      });
      const done = queue.start();
      for (let i = 0; i < 3; i++) {
        await vi.advanceTimersByTimeAsync(10);
        ctl.answer('CH1', { error: error(429, 20429, 'Too Many Requests') });
      }
      await vi.advanceTimersByTimeAsync(10);
      await done;
      expect(ctl.started).toHaveLength(3);
      expect(queue.snapshot().items.get('CH1')).toMatchObject({ status: 'failed', error: { status: 429 } });
    });

    it('cancel during a 429 pause cancels the waiting item instead of sending it again', async () => {
      const ctl = controlledRun();
      const queue = createBulkQueue({
        items: ids(2),
        id: (x) => x,
        run: ctl.run,
        rateLimitDelay: () => 5000,
      });
      const done = queue.start();
      await vi.advanceTimersByTimeAsync(0);
      ctl.answer('CH1', { error: error(429, 20429, 'Too Many Requests') });
      await vi.advanceTimersByTimeAsync(0);
      queue.cancel();
      ctl.answer('CH2', { ok: 'x' });
      await vi.advanceTimersByTimeAsync(10_000);
      await done;
      expect(ctl.started).toEqual(['CH1', 'CH2']);
      expect(queue.snapshot()).toMatchObject({ done: 1, cancelled: 1, failed: 0, settled: 2 });
    });
  });
});

describe('adaptive pace', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** `count` items, `concurrency` at most in flight, a 429'd item free to go again at once: the pace alone decides. */
  const pacedQueue = (ctl: ReturnType<typeof controlledRun>, count: number, concurrency: number) =>
    createBulkQueue({
      items: ids(count),
      id: (x) => x,
      run: ctl.run,
      concurrency,
      maxConcurrency: concurrency,
      rateLimitDelay: (e) => ((e as { status: number }).status === 429 ? 0 : null),
    });

  /** Answers every request in flight cleanly until the queue is empty. */
  async function drain(ctl: ReturnType<typeof controlledRun>) {
    while (ctl.inFlight().length > 0) {
      for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
      await vi.advanceTimersByTimeAsync(1000);
    }
  }

  it('grows by about one per round of clean answers, up to its maximum, unpaced while no 429 came', async () => {
    const ctl = controlledRun();
    const queue = createBulkQueue({ items: ids(60), id: (x) => x, run: ctl.run, maxConcurrency: 6 });
    const done = queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(ctl.inFlight()).toHaveLength(4);
    const seen: number[] = [];
    while (ctl.inFlight().length > 0) {
      for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
      await vi.advanceTimersByTimeAsync(0);
      seen.push(ctl.inFlight().length);
    }
    await done;
    expect(seen.slice(0, 4)).toEqual([4, 5, 6, 6]);
    expect(ctl.maxInFlight()).toBe(6);
    expect(queue.snapshot()).toMatchObject({ done: 60, concurrency: 6, ratePerSecond: null });
  });

  it('on a 429, paces starts to 0.9× what got through in the last second, once per round, and loses no item', async () => {
    const ctl = controlledRun();
    const queue = pacedQueue(ctl, 40, 10);
    const done = queue.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(ctl.inFlight()).toHaveLength(10);
    await vi.advanceTimersByTimeAsync(500);
    for (const id of ['CH1', 'CH2', 'CH3', 'CH4', 'CH5']) ctl.answer(id, { ok: id });
    await vi.advanceTimersByTimeAsync(0);
    // Unpaced so far: the five free slots refilled at once.
    expect(ctl.inFlight()).toHaveLength(10);
    // Two of those in flight meet the limit: 5 through in 0.5 s is 10/s, paced at 9/s; the second 429 was sent
    // before the cut and doesn't cut again.
    ctl.answer('CH6', { error: error(429, 20429, 'Too Many Requests') });
    ctl.answer('CH7', { error: error(429, 20429, 'Too Many Requests') });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.snapshot()).toMatchObject({ ratePerSecond: 9, concurrency: 10 });
    // Two slots free, but starts are ~111 ms apart: the rate-limited items go first, one at a time.
    expect(ctl.inFlight()).toHaveLength(9);
    expect(ctl.inFlight()).toContain('CH6');
    await vi.advanceTimersByTimeAsync(110);
    expect(ctl.inFlight()).not.toContain('CH7');
    await vi.advanceTimersByTimeAsync(2);
    expect(ctl.inFlight()).toContain('CH7');
    const startedBefore = ctl.started.length;
    for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
    await vi.advanceTimersByTimeAsync(0);
    // Ten free slots, still one start at a time: the next is due ~111 ms after CH7's.
    expect(ctl.started.length).toBe(startedBefore);
    await vi.advanceTimersByTimeAsync(111);
    expect(ctl.started.length).toBe(startedBefore + 1);
    await drain(ctl);
    await done;
    expect(queue.snapshot()).toMatchObject({ done: 40, failed: 0, cancelled: 0 });
    expect(queue.snapshot().items.get('CH6')?.attempts).toBe(2);
  });

  it('raises the rate by about one a second of clean answers, and cuts from what got through, not from above it', async () => {
    const ctl = controlledRun();
    const queue = pacedQueue(ctl, 200, 1);
    const done = queue.start();
    await vi.advanceTimersByTimeAsync(0);
    // Ten clean answers in the first second, then a 429: paced at 9/s.
    for (let n = 0; n < 10; n++) {
      await vi.advanceTimersByTimeAsync(100);
      ctl.answer(ctl.inFlight()[0] as string, { ok: 'x' });
    }
    await vi.advanceTimersByTimeAsync(0);
    ctl.answer(ctl.inFlight()[0] as string, { error: error(429, 20429, 'Too Many Requests') });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.snapshot().ratePerSecond).toBe(9);
    // Nine clean answers (a second's worth at 9/s): about one more a second.
    for (let n = 0; n < 9; n++) {
      await vi.advanceTimersByTimeAsync(112);
      ctl.answer(ctl.inFlight()[0] as string, { ok: 'x' });
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.snapshot().ratePerSecond).toBeCloseTo(10, 0);
    // Then only two answers a second get through before the next 429: the rate follows Twilio down to 1.8/s.
    await vi.advanceTimersByTimeAsync(1000);
    for (let n = 0; n < 2; n++) {
      await vi.advanceTimersByTimeAsync(400);
      ctl.answer(ctl.inFlight()[0] as string, { ok: 'x' });
    }
    await vi.advanceTimersByTimeAsync(500);
    ctl.answer(ctl.inFlight()[0] as string, { error: error(429, 20429, 'Too Many Requests') });
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.snapshot().ratePerSecond).toBe(1.8);
    queue.cancel();
    await drain(ctl);
    await done;
    expect(queue.snapshot().failed).toBe(0);
  });

  it('holds back only the rate-limited item, not the whole queue', async () => {
    const ctl = controlledRun();
    const queue = createBulkQueue({
      items: ids(8),
      id: (x) => x,
      run: ctl.run,
      concurrency: 2,
      maxConcurrency: 2,
      rateLimitDelay: (e) => ((e as { status: number }).status === 429 ? 1000 : null),
    });
    const done = queue.start();
    await vi.advanceTimersByTimeAsync(100);
    ctl.answer('CH1', { ok: 'x' });
    ctl.answer('CH2', { error: error(429, 20429, 'Too Many Requests') });
    await vi.advanceTimersByTimeAsync(0);
    // CH2 waits its second on its own; the queue goes on (paced) and never pauses as a whole.
    expect(queue.snapshot().pausedUntil).toBeNull();
    expect(ctl.inFlight()).toEqual(['CH3', 'CH4']);
    const sends = (id: string) => ctl.started.filter((started) => started === id).length;
    for (let n = 0; n < 6; n++) {
      for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
      await vi.advanceTimersByTimeAsync(150);
    }
    expect(sends('CH2')).toBe(1);
    expect(ctl.started).toContain('CH8');
    await vi.advanceTimersByTimeAsync(100);
    // Its second over, CH2 goes again.
    expect(sends('CH2')).toBe(2);
    await drain(ctl);
    await done;
    expect(queue.snapshot()).toMatchObject({ done: 8, failed: 0 });
  });
});

describe('bulkConcurrencyFor', () => {
  it("keeps a quarter more changes in flight than the server's bound, at least one", () => {
    expect(bulkConcurrencyFor(10)).toBe(13);
    expect(bulkConcurrencyFor(4)).toBe(5);
    expect(bulkConcurrencyFor(1)).toBe(2);
    expect(BULK_MAX_CONCURRENCY).toBe(bulkConcurrencyFor(10));
  });
});

describe('rateLimitBackoff', () => {
  it('backs off only on 429, growing with each attempt and capped', () => {
    expect(rateLimitBackoff({ status: 500 }, 1, () => 1)).toBeNull();
    expect(rateLimitBackoff({ status: 429 }, 1, () => 1)).toBe(500);
    expect(rateLimitBackoff({ status: 429 }, 3, () => 1)).toBe(2000);
    expect(rateLimitBackoff({ status: 429 }, 3, () => 0)).toBe(1000);
    expect(rateLimitBackoff({ status: 429 }, 20, () => 1)).toBe(8000);
  });
});
