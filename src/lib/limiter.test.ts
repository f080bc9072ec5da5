import { describe, expect, it } from 'vitest';
import { createLimiter } from './limiter.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createLimiter', () => {
  it('runs at most `max` tasks at once and starts the waiting ones in order', async () => {
    const limiter = createLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limiter.running).toBe(2);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) gate.resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(limiter.running).toBe(0);
  });

  it('never starts a task whose signal aborted while it waited, and frees its place', async () => {
    const limiter = createLimiter(1);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ranAborted = false;
    const aborted = limiter.run(async () => {
      ranAborted = true;
    }, controller.signal);
    const third = limiter.run(async () => 'third');
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    gate.resolve();
    await first;
    await expect(third).resolves.toBe('third');
    expect(ranAborted).toBe(false);
    expect(limiter.running).toBe(0);
  });

  it('frees the place when a task fails', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });
});
