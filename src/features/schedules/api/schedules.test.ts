import { describe, expect, it } from 'vitest';
import { muteEnds } from './schedules.ts';

describe('muteEnds', () => {
  const friday = new Date(2026, 10, 27, 17, 30);
  it('adds hours', () => {
    expect(muteEnds({ hours: 8 }, friday)).toEqual(new Date(2026, 10, 28, 1, 30));
  });
  it('ends tomorrow at the given hour, local time', () => {
    expect(muteEnds({ tomorrowAt: 9 }, friday)).toEqual(new Date(2026, 10, 28, 9, 0));
  });
  it('crosses a month end', () => {
    expect(muteEnds({ tomorrowAt: 9 }, new Date(2026, 10, 30, 23, 0))).toEqual(new Date(2026, 11, 1, 9, 0));
  });
});
