// Dates as the console shows them, one formatter per style. `toLocaleString` with options builds a new
// Intl.DateTimeFormat on every call (about 0.3 ms each): a drawer's re-render after a click formatted a dozen dates and
// spent a quarter of the click's task on it (BENCHMARKS.md, "Sixth round").

const STYLES = {
  /** The locale's medium date and time: the drawer's facts, the trails. */
  dateTime: { options: { dateStyle: 'medium', timeStyle: 'medium' } },
  /** Without seconds: the participant's conversations. */
  dateMinutes: { options: { dateStyle: 'medium', timeStyle: 'short' } },
  /** Short date, time to the second: messages beside the read position. */
  shortDateTime: { options: { dateStyle: 'short', timeStyle: 'medium' } },
  /** "Mon 2 Dec 2026, 14:00": a conversation's timers. */
  timer: {
    options: {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    },
  },
  /** "14:00", 24-hour as the rest of the console. */
  clock: { options: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } },
  weekday: { options: { weekday: 'short' } },
  /** "7 Dec". */
  dayMonth: { options: { day: 'numeric', month: 'short' } },
  /** "14 Jan 2025", the same on every machine (the diagnosis's evidence). */
  day: { locale: 'en-GB', options: { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' } },
} satisfies Record<string, { locale?: string; options: Intl.DateTimeFormatOptions }>;

export type DateStyle = keyof typeof STYLES;

const formatters = new Map<DateStyle, Intl.DateTimeFormat>();

function formatter(style: DateStyle): Intl.DateTimeFormat {
  let made = formatters.get(style);
  if (!made) {
    const { locale, options } = STYLES[style] as { locale?: string; options: Intl.DateTimeFormatOptions };
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(style, made);
  }
  return made;
}

/** `value` (an ISO time from Twilio or the server, or a Date) in `style`; `none` for no value; a non-date as it is. */
export function formatDate(
  value: string | Date | null | undefined,
  style: DateStyle = 'dateTime',
  none = '—',
): string {
  if (!value) return none;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : formatter(style).format(date);
}
