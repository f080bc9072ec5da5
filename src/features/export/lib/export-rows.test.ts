import { describe, expect, it } from 'vitest';
import type { Membership } from '../../../lib/twilio/membership.ts';
import { csvField, exportFileName, toCsv, toJson } from './export-rows.ts';

const row = (over: Partial<Membership>): Membership => ({
  api: 'chat-v2',
  serviceSid: 'IS1',
  channelSid: 'CH1',
  memberSid: 'MB1',
  userSid: 'US1',
  status: 'joined',
  lastReadIndex: 3,
  unread: 7,
  unreadCapped: false,
  notificationLevel: 'default',
  friendlyName: 'General',
  uniqueName: 'general',
  unreadPending: false,
  conversation: null,
  ...over,
});

describe('CSV export', () => {
  it('writes a header and one line per row in the order given, nulls as empty fields', () => {
    const csv = toCsv([
      row({}),
      row({ channelSid: 'CH2', friendlyName: null, uniqueName: null, lastReadIndex: null, unread: null }),
    ]);
    expect(csv.split('\r\n')).toEqual([
      'channel,channel_sid,friendly_name,unique_name,status,unread,unread_capped,last_read_index,notification_level,member_sid',
      'General,CH1,General,general,joined,7,false,3,default,MB1',
      'CH2,CH2,,,joined,,false,,default,MB1',
      '',
    ]);
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField('Café ☕')).toBe('Café ☕');
    expect(csvField(-1)).toBe('-1');
  });

  it('exports a pending unread count as unknown, not the stale number', () => {
    expect(toCsv([row({ unreadPending: true, unread: 9 })]).split('\r\n')[1]).toBe(
      'General,CH1,General,general,joined,,false,3,default,MB1',
    );
  });
});

describe('JSON export', () => {
  it('carries the user, service and rows', () => {
    const parsed = JSON.parse(
      toJson([row({})], { api: 'chat-v2', service: 'IS1', user: 'alice@example.com' }),
    );
    expect(parsed).toMatchObject({ api: 'chat-v2', service: 'IS1', user: 'alice@example.com' });
    expect(parsed.rows).toEqual([
      {
        channel: 'General',
        channel_sid: 'CH1',
        friendly_name: 'General',
        unique_name: 'general',
        status: 'joined',
        unread: 7,
        unread_capped: false,
        last_read_index: 3,
        notification_level: 'default',
        member_sid: 'MB1',
      },
    ]);
  });
});

describe('exportFileName', () => {
  it('is named after the user and the date, safe for any file system', () => {
    const date = new Date('2026-11-22T23:59:00Z');
    expect(exportFileName('busy.bee@example.com', date, 'csv')).toBe(
      'horizon-busy.bee@example.com-2026-11-22.csv',
    );
    expect(exportFileName('zoë smith/ops#1?50%+', date, 'json')).toBe(
      'horizon-zo_smith_ops_1_50_-2026-11-22.json',
    );
    expect(exportFileName('../etc', date, 'csv')).toBe('horizon-__etc-2026-11-22.csv');
  });
});
