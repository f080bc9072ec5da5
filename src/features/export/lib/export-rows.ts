import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';

/** One exported row: the columns an agent sees, plus the SIDs a ticket needs. Missing values are empty/null. */
export interface ExportRow {
  channel: string;
  channel_sid: string;
  friendly_name: string | null;
  unique_name: string | null;
  status: string;
  unread: number | null;
  unread_capped: boolean;
  last_read_index: number | null;
  notification_level: string | null;
  member_sid: string | null;
}

export const EXPORT_COLUMNS: ReadonlyArray<keyof ExportRow> = [
  'channel',
  'channel_sid',
  'friendly_name',
  'unique_name',
  'status',
  'unread',
  'unread_capped',
  'last_read_index',
  'notification_level',
  'member_sid',
];

export function toExportRow(row: Membership): ExportRow {
  return {
    channel: membershipLabel(row),
    channel_sid: row.channelSid,
    friendly_name: row.friendlyName,
    unique_name: row.uniqueName,
    status: row.status,
    // A count still being recalculated is not known: export it as unknown rather than a stale number.
    unread: row.unreadPending ? null : row.unread,
    unread_capped: row.unreadCapped,
    last_read_index: row.lastReadIndex,
    notification_level: row.notificationLevel,
    member_sid: row.memberSid,
  };
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR at the start: channel names are typed by end users) gets a leading apostrophe.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly Membership[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const row of rows) {
    const record = toExportRow(row);
    lines.push(EXPORT_COLUMNS.map((column) => csvField(record[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(
  rows: readonly Membership[],
  about: { api: string; service: string; user: string },
): string {
  return `${JSON.stringify({ ...about, exportedAt: new Date().toISOString(), rows: rows.map(toExportRow) }, null, 2)}\n`;
}

/** horizon-<user>-<YYYY-MM-DD>.<ext>, with anything a file system might dislike replaced by "_". */
export function exportFileName(user: string, date: Date, extension: 'csv' | 'json'): string {
  const safeUser = user.replace(/[^A-Za-z0-9._@-]+/g, '_').replace(/^[.]+/, '_') || 'user';
  const day = date.toISOString().slice(0, 10);
  return `horizon-${safeUser}-${day}.${extension}`;
}

export function downloadText(fileName: string, mimeType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
