import { describe, expect, it, vi } from 'vitest';
import { reloadOnStaleBuild } from './reload-on-stale-build.ts';

function setUp(start = 1_000_000) {
  const target = new EventTarget();
  const values = new Map<string, string>();
  const storage = {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, v: string) => void values.set(key, v),
  };
  const reload = vi.fn();
  let clock = start;
  reloadOnStaleBuild({ target, storage, reload, now: () => clock });
  const failChunk = () => {
    const event = new Event('vite:preloadError', { cancelable: true });
    target.dispatchEvent(event);
    return event;
  };
  return { reload, failChunk, advance: (ms: number) => (clock += ms) };
}

describe('reloadOnStaleBuild', () => {
  it('reloads when a lazy chunk of an older build fails to load, and marks the error handled', () => {
    const { reload, failChunk } = setUp();
    const event = failChunk();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
  });

  it('does not reload again within a minute (no reload loop), but does after', () => {
    const { reload, failChunk, advance } = setUp();
    failChunk();
    advance(30_000);
    const second = failChunk();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(second.defaultPrevented).toBe(false);
    advance(31_000);
    failChunk();
    expect(reload).toHaveBeenCalledTimes(2);
  });
});
