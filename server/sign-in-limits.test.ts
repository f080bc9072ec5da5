import { describe, expect, it } from 'vitest';
import { SignInLimits } from './sign-in-limits.ts';

describe('SignInLimits', () => {
  it('closes an address after its burst of failures and reopens it at the refill rate', () => {
    let now = 0;
    const limits = new SignInLimits({ perClient: { burst: 3, perMinute: 6 }, now: () => now });
    for (let n = 0; n < 3; n++) {
      expect(limits.check('10.0.0.1', 'erin').ok).toBe(true);
      limits.failed('10.0.0.1', 'erin');
    }
    expect(limits.check('10.0.0.1', 'erin')).toEqual({
      ok: false,
      retryAfterSeconds: 10,
      why: 'from this address',
    });
    expect(limits.check('10.0.0.2', 'erin').ok).toBe(true);
    now = 10_000;
    expect(limits.check('10.0.0.1', 'erin').ok).toBe(true);
  });

  it('closes a name under attack to clients that failed, never to one that did not', () => {
    const limits = new SignInLimits({
      perClient: { burst: 100, perMinute: 1 },
      perName: { burst: 2, perMinute: 1 },
    });
    limits.failed('10.0.0.1', 'erin');
    limits.failed('10.0.0.2', 'erin');
    expect(limits.check('10.0.0.1', 'erin')).toMatchObject({ ok: false, why: 'for this agent name' });
    expect(limits.check('10.0.0.3', 'erin').ok).toBe(true);
    expect(limits.check('10.0.0.1', 'fay').ok).toBe(true);
  });

  it('runs checks for clients that failed one at a time and refuses past the queue; others run at once', async () => {
    const limits = new SignInLimits({ suspectLane: { concurrent: 1, waiting: 1 } });
    limits.failed('10.0.0.1', null);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const check = () =>
      new Promise<string>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => {
          running--;
          resolve('checked');
        });
      });
    const first = limits.verify('10.0.0.1', check);
    const second = limits.verify('10.0.0.1', check);
    const third = limits.verify('10.0.0.1', check);
    expect(await third).toBeNull(); // lane and its queue full: no check spent
    const clean = limits.verify('10.0.0.9', check); // a client without failures is not queued behind them
    expect(releases).toHaveLength(2);
    for (const release of releases.splice(0)) release();
    expect(await first).toBe('checked');
    expect(await clean).toBe('checked');
    for (const release of releases.splice(0)) release();
    expect(await second).toBe('checked');
    expect(peak).toBe(2);
  });
});
