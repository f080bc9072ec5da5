import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBulkQueue, type QueueSnapshot, rateLimitBackoff } from './bulk-queue.ts';

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

describe('adaptive concurrency (AIMD)', () => {
  it('holds back only the rate-limited item, not the whole queue', async () => {
    vi.useFakeTimers();
    try {
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
      await vi.advanceTimersByTimeAsync(0);
      ctl.answer('CH1', { error: error(429, 20429, 'Too Many Requests') });
      await vi.advanceTimersByTimeAsync(0);
      // Cut to 1 with CH2 still in flight: nothing new yet; CH1 waits its second on its own.
      expect(queue.snapshot()).toMatchObject({ concurrency: 1, pausedUntil: null });
      ctl.answer('CH2', { ok: 'x' });
      await vi.advanceTimersByTimeAsync(0);
      // The queue goes on (one clean answer grew it back to 2) while CH1 still waits.
      expect(ctl.inFlight()).toEqual(['CH3', 'CH4']);
      ctl.answer('CH3', { ok: 'x' });
      ctl.answer('CH4', { ok: 'x' });
      await vi.advanceTimersByTimeAsync(0);
      expect(ctl.inFlight()).not.toContain('CH1');
      await vi.advanceTimersByTimeAsync(1000);
      // Its second over, CH1 goes first in the next free slot.
      ctl.answer('CH5', { ok: 'x' });
      await vi.advanceTimersByTimeAsync(0);
      expect(ctl.inFlight()).toEqual(['CH6', 'CH1']);
      while (ctl.inFlight().length > 0) {
        for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
        await vi.advanceTimersByTimeAsync(0);
      }
      await done;
      expect(queue.snapshot()).toMatchObject({ done: 8, failed: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('grows by about one per round of clean answers, up to its maximum', async () => {
    const ctl = controlledRun();
    const queue = createBulkQueue({ items: ids(60), id: (x) => x, run: ctl.run, maxConcurrency: 6 });
    const done = queue.start();
    await flush();
    expect(ctl.inFlight()).toHaveLength(4);
    const seen: number[] = [];
    while (ctl.inFlight().length > 0) {
      for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
      await flush();
      seen.push(ctl.inFlight().length);
    }
    await done;
    expect(seen.slice(0, 4)).toEqual([4, 5, 6, 6]);
    expect(ctl.maxInFlight()).toBe(6);
    expect(queue.snapshot()).toMatchObject({ done: 60, concurrency: 6 });
  });

  it('cuts to 0.7× on a 429, once for the requests already in flight, and loses no item', async () => {
    const ctl = controlledRun();
    const queue = createBulkQueue({
      items: ids(12),
      id: (x) => x,
      run: ctl.run,
      concurrency: 8,
      rateLimitDelay: (e) => ((e as { status: number }).status === 429 ? 0 : null),
    });
    const done = queue.start();
    await flush();
    expect(ctl.inFlight()).toHaveLength(8);
    // Three of the eight in flight meet the limit: one cut (8 → 5), not three (8 → 2).
    for (const id of ['CH1', 'CH2', 'CH3']) ctl.answer(id, { error: error(429, 20429, 'Too Many Requests') });
    await flush();
    expect(queue.snapshot().concurrency).toBe(5);
    expect(ctl.inFlight()).toHaveLength(5); // the five still in flight; nothing new until below 5
    for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
    await flush();
    // Those five clean answers were a round at 5: grown to 6, the three rate-limited ones sent again first.
    expect(queue.snapshot().concurrency).toBe(6);
    expect(ctl.inFlight().slice(0, 3).sort()).toEqual(['CH1', 'CH2', 'CH3']);
    expect(ctl.inFlight()).toHaveLength(6);
    while (ctl.inFlight().length > 0) {
      for (const id of ctl.inFlight()) ctl.answer(id, { ok: id });
      await flush();
    }
    await done;
    expect(queue.snapshot()).toMatchObject({ done: 12, failed: 0, cancelled: 0 });
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
