import { describe, expect, it } from 'vitest';
import { killMidBurst } from './testing.ts';

// The write-ahead audit under kill -9: a burst of 200 changes through a real Horizon process against a recording
// upstream, the process killed mid-burst, then every change that reached "Twilio" must have a record.

describe('write-ahead audit under kill -9', () => {
  it('leaves a record of every change that reached Twilio', async () => {
    const { reached, trail } = await killMidBurst({ changes: 200, killAfterWrites: 40 });
    const recorded = new Map(trail.map((entry) => [entry.params.LastConsumedMessageIndex, entry.outcome]));
    const unrecorded = reached.filter((index) => {
      const outcome = recorded.get(index);
      return outcome !== 'forwarded' && outcome !== 'unknown';
    });
    expect(reached.length).toBeGreaterThanOrEqual(40);
    expect(reached.length).toBeLessThan(200);
    expect(unrecorded).toEqual([]);
    // The trail never claims a change went out that didn't: every 'forwarded' one is in upstream's log.
    const forwarded = trail.filter((entry) => entry.outcome === 'forwarded');
    expect(
      forwarded.every((entry) => reached.includes(entry.params.LastConsumedMessageIndex as string)),
    ).toBe(true);
    // Two PGlite opens (the process's, then the trail read after the kill): seconds each on a busy machine.
  }, 60_000);
});
