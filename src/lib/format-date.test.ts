import { describe, expect, it } from 'vitest';
import { formatDate } from './format-date.ts';

describe('formatDate', () => {
  const time = '2026-11-30T14:02:05Z';

  it('formats as toLocaleString does with the same options', () => {
    expect(formatDate(time)).toBe(
      new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    );
    expect(formatDate(new Date(time), 'clock')).toBe(
      new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    );
  });

  it('gives the diagnosis its fixed day, whatever the machine', () => {
    expect(formatDate(time, 'day')).toBe('30 Nov 2026');
  });

  it('says none for no value and shows a non-date as it is', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined, 'day', 'unknown')).toBe('unknown');
    expect(formatDate('not a date')).toBe('not a date');
  });
});
