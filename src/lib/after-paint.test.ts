import { describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from './after-paint.ts';

describe('afterNextPaint', () => {
  it('runs the task after the next animation frame, in a task of its own', async () => {
    const order: string[] = [];
    afterNextPaint(() => order.push('task'));
    requestAnimationFrame(() => order.push('frame'));
    expect(order).toEqual([]);
    await vi.waitFor(() => expect(order).toEqual(['frame', 'task']));
  });

  it('never runs a cancelled task, before or after its frame', async () => {
    const task = vi.fn();
    afterNextPaint(task)();
    let cancelLater: () => void = () => undefined;
    cancelLater = afterNextPaint(task);
    await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    cancelLater();
    // A task scheduled after it has run: the cancelled one would have run before.
    const later = vi.fn();
    afterNextPaint(later);
    await vi.waitFor(() => expect(later).toHaveBeenCalled());
    expect(task).not.toHaveBeenCalled();
  });
});
