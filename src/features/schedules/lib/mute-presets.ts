// When a timed mute ends, in the agent's own time zone: "1 hour" and "8 hours" are real hours (a DST change in
// between doesn't stretch them); "tomorrow 09:00" is 09:00 on the next calendar day as the agent's clock shows it.

import { formatDate } from '../../../lib/format-date.ts';

export type MuteFor = { hours: 1 | 8 } | { tomorrowAt: number } | { until: Date };

export type MutePreset = { id: string; label: string; choice: MuteFor };

export const MUTE_PRESETS: readonly MutePreset[] = [
  { id: '1h', label: '1 hour', choice: { hours: 1 } },
  { id: '8h', label: '8 hours', choice: { hours: 8 } },
  { id: 'tomorrow', label: 'Until tomorrow 09:00', choice: { tomorrowAt: 9 } },
];

/** The server refuses a timed mute further ahead (server/schedule-routes.ts). */
export const MAX_AHEAD_DAYS = 31;

export function muteEnds(choice: MuteFor, now: Date = new Date()): Date {
  if ('hours' in choice) return new Date(now.getTime() + choice.hours * 3600_000);
  if ('until' in choice) return choice.until;
  // Calendar arithmetic on local fields: the day after, at that hour, whatever the offset is then.
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, choice.tomorrowAt, 0, 0, 0);
  return end;
}

/** A `<input type="datetime-local">` value (local wall time), or null when it isn't one. */
export function parseLocalDateTime(value: string): Date | null {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(y, mo - 1, d, h, mi, s);
  // new Date rolls 31 Feb over to March: refuse what the fields don't say.
  return date.getDate() === d && date.getMonth() === mo - 1 ? date : null;
}

/** The value a datetime-local input shows for a time (local wall time, minutes). */
export function toLocalDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Why a timed mute can't end then, in the agent's words; null when it can. */
export function endProblem(end: Date | null, now: Date = new Date()): string | null {
  if (end === null) return 'Enter a date and time.';
  if (end.getTime() <= now.getTime())
    return `${describeEnd(end, now)} has already passed: choose a later time.`;
  if (end.getTime() - now.getTime() > MAX_AHEAD_DAYS * 24 * 3600_000)
    return `A timed mute can end at most ${MAX_AHEAD_DAYS} days ahead.`;
  return null;
}

/**
 * "Mon 09:00" within the coming week, "Mon 7 Dec 09:00" beyond it (or before today), in the agent's time zone and
 * language, 24-hour clock as the rest of the console.
 */
export function describeEnd(end: Date, now: Date = new Date()): string {
  const time = formatDate(end, 'clock');
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = (end.getTime() - startOfToday.getTime()) / (24 * 3600_000);
  const weekday = formatDate(end, 'weekday');
  if (days >= 0 && days < 6.5) return `${weekday} ${time}`;
  const date = formatDate(end, 'dayMonth');
  return `${weekday} ${date} ${time}`;
}
