import type { AuditEntry } from './audit/trail.ts';

// What a change does to a Twilio record, read from the record itself: Twilio's form parameters are PascalCase
// (`NotificationLevel`) and its JSON fields snake_case (`notification_level`), one for one.

/** The record's field a form parameter sets. */
export const fieldOf = (param: string) => param.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Each parameter's value in `record` as Twilio's form would carry it (null when the record has none). */
export function valuesIn(record: unknown, params: Iterable<string>): Record<string, string | null> {
  const fields = record && typeof record === 'object' ? (record as Record<string, unknown>) : {};
  const values: Record<string, string | null> = {};
  for (const param of params) {
    const value = fields[fieldOf(param)];
    values[param] = value === null || value === undefined ? null : String(value);
  }
  return values;
}

/** True when `record` already holds every value `form` sets: sending it would change nothing. */
export function changesNothing(record: unknown, form: URLSearchParams): boolean {
  const keys = [...new Set(form.keys())];
  if (keys.length === 0 || !record) return false;
  const now = valuesIn(record, keys);
  return keys.every((key) => form.getAll(key).length === 1 && now[key] === form.get(key));
}

/**
 * The form that puts back what `entry` changed (the values its record had before), or why it can't be reverted:
 * only a forwarded, successful POST whose earlier values are all known.
 */
export function revertOf(entry: AuditEntry): { form: URLSearchParams } | { problem: string } {
  if (entry.outcome !== 'forwarded' || entry.status === null || entry.status >= 300) {
    return { problem: 'only a change Twilio accepted can be reverted' };
  }
  if (entry.method !== 'POST') {
    return { problem: 'a removal cannot be reverted from the history: add the membership again' };
  }
  const keys = Object.keys(entry.params);
  const before = valuesIn(entry.before, keys);
  const unknown = keys.filter((key) => before[key] === null);
  if (keys.length === 0 || unknown.length > 0) {
    return { problem: `the value before this change is not recorded (${unknown.join(', ') || 'no fields'})` };
  }
  return { form: new URLSearchParams(before as Record<string, string>) };
}
