import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeEnd, endProblem, MUTE_PRESETS, muteEnds, parseLocalDateTime } from './mute-presets.ts';

// A zone with DST, so the arithmetic is tested where it can go wrong (Europe/Berlin: CEST→CET on 25 Oct 2026,
// 03:00 → 02:00; CET→CEST on 29 Mar 2026, 02:00 → 03:00).
beforeAll(() => {
  vi.stubEnv('TZ', 'Europe/Berlin');
});
afterAll(() => {
  vi.unstubAllEnvs();
});
afterEach(() => {
  vi.useRealTimers();
});

const at = (iso: string) => new Date(iso);

describe('the time zone under test', () => {
  it('is Berlin (otherwise the DST cases below would prove nothing)', () => {
    expect(at('2026-10-24T20:00:00Z').getHours()).toBe(22);
    expect(at('2026-10-25T20:00:00Z').getHours()).toBe(21);
  });
});

describe('muteEnds with a fixed now (fake timers)', () => {
  it('1 hour and 8 hours are real hours from now', () => {
    vi.useFakeTimers({ now: at('2026-11-27T16:30:00Z') });
    expect(muteEnds({ hours: 1 })).toEqual(at('2026-11-27T17:30:00Z'));
    expect(muteEnds({ hours: 8 })).toEqual(at('2026-11-28T00:30:00Z'));
  });

  it('tomorrow 09:00 is the next calendar day at 09:00 local time, just before and just after midnight', () => {
    vi.useFakeTimers({ now: at('2026-11-27T22:59:30Z') }); // Fri 23:59:30 in Berlin
    expect(muteEnds({ tomorrowAt: 9 })).toEqual(at('2026-11-28T08:00:00Z')); // Sat 09:00
    vi.setSystemTime(at('2026-11-27T23:00:30Z')); // Sat 00:00:30
    expect(muteEnds({ tomorrowAt: 9 })).toEqual(at('2026-11-29T08:00:00Z')); // Sun 09:00
  });

  it('tomorrow 09:00 across the end of summer time is 09:00 on the clock, not 24 hours on', () => {
    vi.useFakeTimers({ now: at('2026-10-24T20:00:00Z') }); // Sat 22:00 CEST (+2)
    const end = muteEnds({ tomorrowAt: 9 });
    expect(end).toEqual(at('2026-10-25T08:00:00Z')); // Sun 09:00 CET (+1)
    expect(end.getHours()).toBe(9);
    expect(end.getTime() - Date.now()).toBe(12 * 3600_000); // 11 wall-clock hours, 12 real ones
  });

  it('tomorrow 09:00 across the start of summer time', () => {
    vi.useFakeTimers({ now: at('2026-03-28T21:00:00Z') }); // Sat 22:00 CET
    expect(muteEnds({ tomorrowAt: 9 })).toEqual(at('2026-03-29T07:00:00Z')); // Sun 09:00 CEST
  });

  it('1 hour across the clock going back is one real hour (the clock shows the same time)', () => {
    vi.useFakeTimers({ now: at('2026-10-25T00:30:00Z') }); // 02:30 CEST
    const end = muteEnds({ hours: 1 });
    expect(end).toEqual(at('2026-10-25T01:30:00Z'));
    expect(end.getHours()).toBe(2); // 02:30 CET
  });

  it('crosses a month and a year end', () => {
    vi.useFakeTimers({ now: at('2026-12-31T20:00:00Z') });
    expect(muteEnds({ tomorrowAt: 9 })).toEqual(at('2027-01-01T08:00:00Z'));
  });

  it('offers the presets the issue names, in order', () => {
    expect(MUTE_PRESETS.map((preset) => preset.label)).toEqual(['1 hour', '8 hours', 'Until tomorrow 09:00']);
  });
});

describe('a date and time of the agent’s choosing', () => {
  it('reads the datetime-local value as local time and refuses what is not a date', () => {
    expect(parseLocalDateTime('2026-11-30T09:00')).toEqual(at('2026-11-30T08:00:00Z'));
    expect(parseLocalDateTime('2026-02-31T09:00')).toBeNull();
    expect(parseLocalDateTime('')).toBeNull();
    expect(parseLocalDateTime('tomorrow')).toBeNull();
  });

  it('refuses a time in the past, or too far ahead, with a clear message', () => {
    vi.useFakeTimers({ now: at('2026-11-27T16:30:00Z') }); // Fri 17:30
    expect(endProblem(at('2026-11-27T16:00:00Z'))).toBe('Fri 17:00 has already passed: choose a later time.');
    expect(endProblem(at('2026-11-27T16:30:00Z'))).toMatch(/already passed/);
    expect(endProblem(null)).toBe('Enter a date and time.');
    expect(endProblem(at('2027-01-01T00:00:00Z'))).toBe('A timed mute can end at most 31 days ahead.');
    expect(endProblem(at('2026-11-30T08:00:00Z'))).toBeNull();
  });

  it('describes the end as the table and drawer show it', () => {
    vi.useFakeTimers({ now: at('2026-11-27T16:30:00Z') }); // Fri
    expect(describeEnd(at('2026-11-30T08:00:00Z'))).toMatch(/^Mon 09:00$/);
    expect(describeEnd(at('2026-12-07T08:00:00Z'))).toMatch(/^Mon,? 7 Dec,? 09:00$|^Mon Dec 7 09:00$/);
  });
});
