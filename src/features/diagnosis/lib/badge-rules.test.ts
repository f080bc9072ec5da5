import { describe, expect, it } from 'vitest';
import {
  atOrPastNewestRule,
  behindNewestRule,
  countedUnreadRule,
  indexGapRule,
  markLastUnreadFix,
  readPositionLeavingUnread,
  readPositionNotSetRule,
  stuckReadPositionRule,
  unreadCappedRule,
} from './badge-rules.ts';
import { facts } from './facts.test-support.ts';

// Indices skip numbers: 230, 232, 235, … (as Twilio's do).
const messages = [230, 232, 235, 237, 240, 243, 276, 279, 282, 285].map((index, i) => ({
  index,
  author: i === 6 || i === 8 ? 'alice@example.com' : 'bob@example.com',
  dateCreated: `2025-01-${String(15 + i).padStart(2, '0')}T10:00:00Z`,
}));

describe('read position never set', () => {
  it('says the app shows no badge, and offers Mark all read once the newest index is known', () => {
    const finding = readPositionNotSetRule(
      facts({ newestIndex: 285 }, { lastReadIndex: null, unread: null }),
    );
    expect(finding?.title).toBe('Unread is not counted: the app shows no badge');
    expect(finding?.evidence.map((e) => e.value)).toEqual(['not set', 'not counted']);
    expect(finding?.fix).toMatchObject({
      label: 'Start counting: mark all read',
      patch: { lastReadIndex: 285 },
      expectedUnread: 0,
    });
    expect(readPositionNotSetRule(facts({}, { lastReadIndex: null }))?.fix).toBeUndefined();
  });
  it('leaves memberships that are not joined to the membership rule', () => {
    expect(readPositionNotSetRule(facts({}, { lastReadIndex: null, status: 'invited' }))).toBeNull();
    expect(readPositionNotSetRule(facts({}, { lastReadIndex: 3 }))).toBeNull();
  });
});

describe('behind the newest message', () => {
  it('calls the unread real: nothing to fix', () => {
    const finding = behindNewestRule(facts({ newestIndex: 285 }, { lastReadIndex: 237, unread: 40 }));
    expect(finding?.title).toBe('40 unread: the app shows a badge');
    expect(finding?.fix).toBeUndefined();
  });
  it('does not fire at the newest message or when the newest is unknown', () => {
    expect(behindNewestRule(facts({ newestIndex: 285 }, { lastReadIndex: 285 }))).toBeNull();
    expect(behindNewestRule(facts({}, { lastReadIndex: 2 }))).toBeNull();
  });
});

describe('at or past the newest message', () => {
  it('says all read, and offers to mark the last 5 messages unread by their real indices', () => {
    const finding = atOrPastNewestRule(
      facts({ newestIndex: 285, recentMessages: messages }, { lastReadIndex: 285, unread: 0 }),
    );
    expect(finding?.title).toBe('All read: the app shows no badge');
    expect(finding?.symptoms).toEqual(['read-state']);
    expect(finding?.fix).toMatchObject({
      label: 'Mark the last 5 messages unread',
      patch: { lastReadIndex: 240 },
      expectedUnread: 5,
      afterwards: 'Their app shows a badge of 5 for this channel.',
    });
  });
  it('flags a read position past the newest message and offers to set it to the newest', () => {
    const finding = atOrPastNewestRule(facts({ newestIndex: 285 }, { lastReadIndex: 9999 }));
    expect(finding).toMatchObject({ id: 'past-newest', severity: 'warning' });
    expect(finding?.fix).toMatchObject({ patch: { lastReadIndex: 285 } });
  });
  it('counts any read position as all read in a channel without messages', () => {
    expect(atOrPastNewestRule(facts({ newestIndex: null }, { lastReadIndex: 0 }))?.id).toBe('all-read');
  });
  it('stays quiet while the newest index is unknown', () => {
    expect(atOrPastNewestRule(facts({}, { lastReadIndex: 285 }))).toBeNull();
  });
});

describe('mark the last N unread', () => {
  it('finds the index just before the last N messages, never by subtraction', () => {
    expect(readPositionLeavingUnread(messages, 1)).toBe(282);
    expect(readPositionLeavingUnread(messages, 3)).toBe(276);
    expect(readPositionLeavingUnread(messages, 10)).toBeUndefined();
    expect(readPositionLeavingUnread(messages, 0)).toBeUndefined();
    expect(markLastUnreadFix(messages, 20)).toBeUndefined();
  });
});

describe('stuck read position', () => {
  it('names the date it last moved and how often the user posted after it', () => {
    const finding = stuckReadPositionRule(
      facts(
        { newestIndex: 285, recentMessages: messages, lastReadAt: '2025-01-14T09:00:00Z' },
        { lastReadIndex: 237, unread: 40 },
      ),
    );
    expect(finding?.title).toBe(
      "The read position hasn't moved since 14 Jan 2025, though the user posted twice after it",
    );
    expect(finding?.severity).toBe('problem');
    expect(finding?.evidence.filter((e) => e.label === 'Posted by the user').map((e) => e.value)).toEqual([
      'message 276 on 21 Jan 2025',
      'message 282 on 23 Jan 2025',
    ]);
    expect(finding?.fix).toMatchObject({ label: 'Clear the stuck badge', patch: { lastReadIndex: 285 } });
  });
  it("doesn't fire when the user's own messages are all before the read position", () => {
    expect(stuckReadPositionRule(facts({ recentMessages: messages }, { lastReadIndex: 282 }))).toBeNull();
    expect(stuckReadPositionRule(facts({ recentMessages: messages }, { lastReadIndex: null }))).toBeNull();
  });
});

describe('how Twilio counts', () => {
  it('explains why newest − read ≠ unread', () => {
    const finding = indexGapRule(facts({ newestIndex: 285 }, { lastReadIndex: 237, unread: 40 }));
    expect(finding?.title).toBe('Why 285 − 237 = 48, not 40');
    expect(indexGapRule(facts({ newestIndex: 285 }, { lastReadIndex: 245, unread: 40 }))).toBeNull();
  });
  it('explains the Conversations cap of 1000', () => {
    const capped = { api: 'conversations' as const, unread: 1000, unreadCapped: true };
    expect(unreadCappedRule(facts({ api: 'conversations' }, capped))?.title).toBe(
      'Unread shows 1000+: Conversations stops counting there',
    );
    expect(indexGapRule(facts({ newestIndex: 1600 }, { ...capped, lastReadIndex: 10 }))).toBeNull();
    expect(unreadCappedRule(facts())).toBeNull();
  });
  it("reads a table row's own count before the newest index is known", () => {
    expect(countedUnreadRule(facts({}, { unread: 0 }))?.symptoms).toEqual(['read-state']);
    expect(countedUnreadRule(facts({}, { unread: 7 }))?.title).toBe('7 unread: the app shows a badge');
    expect(countedUnreadRule(facts({ newestIndex: 20 }, { unread: 7 }))).toBeNull();
  });
});
