import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken, slicePage } from './pagination.ts';
import { makeMessageSid, makeSid, messagePositionFromSid } from './sid.ts';
import {
  countMessagesUpTo,
  lastMessageIndex,
  type MessageLog,
  messageIndexAt,
  messagePositionOfIndex,
  unreadCount,
} from './store.ts';

const log = (count: number, gapEvery: number, gapSize: number): MessageLog => ({
  count,
  gapEvery,
  gapSize,
  firstDate: new Date(0),
  stepMs: 1000,
  authors: [],
});

/** The indices of a log, expanded the slow way, as the oracle for the binary searches. */
const expand = (l: MessageLog) => Array.from({ length: l.count }, (_, p) => messageIndexAt(l, p));

describe('message logs (indices with gaps)', () => {
  it('skips gapSize numbers after every gapEvery messages', () => {
    expect(expand(log(8, 3, 2))).toEqual([0, 1, 2, 5, 6, 7, 10, 11]);
    expect(lastMessageIndex(log(8, 3, 2))).toBe(11);
    expect(lastMessageIndex(log(0, 3, 2))).toBeNull();
  });

  it('counts messages up to any index, including indices inside gaps and outside the range', () => {
    for (const l of [log(8, 3, 2), log(50, 7, 3), log(1, 1, 0), log(0, 1, 0)]) {
      const indices = expand(l);
      for (let h = -2; h <= (indices.at(-1) ?? 0) + 3; h++) {
        expect(countMessagesUpTo(l, h), `horizon ${h}`).toBe(indices.filter((i) => i <= h).length);
      }
    }
  });

  it('finds the position of an existing index and nothing for a gap', () => {
    const l = log(8, 3, 2);
    expect(messagePositionOfIndex(l, 5)).toBe(3);
    expect(messagePositionOfIndex(l, 3)).toBeUndefined();
    expect(messagePositionOfIndex(l, 12)).toBeUndefined();
  });

  it('unread = messages with an index above the horizon; a null horizon is not tracked', () => {
    const l = log(8, 3, 2); // 0 1 2 5 6 7 10 11
    expect(unreadCount(l, null)).toBeNull();
    expect(unreadCount(l, 11)).toBe(0);
    expect(unreadCount(l, 4)).toBe(5); // 5 6 7 10 11 — not 11 - 4 = 7
    expect(unreadCount(l, 0)).toBe(7);
    expect(unreadCount(l, 500)).toBe(0);
  });
});

describe('SIDs', () => {
  it('are a prefix + 32 lowercase hex digits, deterministic and distinct', () => {
    const a = makeSid('US', 'support/alice@example.com');
    expect(a).toMatch(/^US[0-9a-f]{32}$/);
    expect(makeSid('US', 'support/alice@example.com')).toBe(a);
    expect(makeSid('US', 'support/alice@example.co')).not.toBe(a);
    expect(makeSid('CH', 'support/alice@example.com').slice(2)).not.toBe(a.slice(2));
  });

  it('message SIDs carry their position for that channel only', () => {
    const channel = makeSid('CH', 'x');
    const sid = makeMessageSid(channel, 1234);
    expect(sid).toMatch(/^IM[0-9a-f]{32}$/);
    expect(messagePositionFromSid(channel, sid)).toBe(1234);
    expect(messagePositionFromSid(makeSid('CH', 'y'), sid)).toBeUndefined();
    expect(messagePositionFromSid(channel, 'IMnothex')).toBeUndefined();
  });
});

describe('page tokens and slices', () => {
  it('round-trips cursors and rejects anything it did not make', () => {
    for (const cursor of [
      { direction: 'after', key: 0 },
      { direction: 'before', key: 123456 },
      { direction: 'after', key: -4 },
    ] as const) {
      const token = encodePageToken(cursor);
      expect(token).toMatch(/^PT[A-Za-z0-9_-]+$/);
      expect(decodePageToken(token)).toEqual(cursor);
    }
    for (const bad of ['', 'PT', 'garbage', 'PT!!!', `PT${btoa('x12')}`, `PT${btoa('a')}`, 'PA1234']) {
      expect(decodePageToken(bad), bad).toBeUndefined();
    }
  });

  const items = Array.from({ length: 10 }, (_, i) => ({ seq: (i + 1) * 10 }));
  const key = (item: { seq: number }) => item.seq;
  const seqs = (list: { seq: number }[]) => list.map((i) => i.seq);

  it('walks forward and back with cursors at both ends', () => {
    const first = slicePage(items, key, { pageSize: 4, page: 0, cursor: undefined });
    expect(seqs(first.items)).toEqual([10, 20, 30, 40]);
    expect(first.previousCursor).toBeUndefined();
    const second = slicePage(items, key, { pageSize: 4, page: 1, cursor: first.nextCursor });
    expect(seqs(second.items)).toEqual([50, 60, 70, 80]);
    const third = slicePage(items, key, { pageSize: 4, page: 2, cursor: second.nextCursor });
    expect(seqs(third.items)).toEqual([90, 100]);
    expect(third.nextCursor).toBeUndefined();
    const back = slicePage(items, key, { pageSize: 4, page: 1, cursor: third.previousCursor });
    expect(seqs(back.items)).toEqual([50, 60, 70, 80]);
    const backAgain = slicePage(items, key, { pageSize: 4, page: 0, cursor: back.previousCursor });
    expect(seqs(backAgain.items)).toEqual([10, 20, 30, 40]);
    expect(backAgain.previousCursor).toBeUndefined();
  });

  it('an exactly full last page has no next cursor', () => {
    const page = slicePage(items, key, { pageSize: 10, page: 0, cursor: undefined });
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeUndefined();
  });

  it('keeps its place when records before or at the boundary disappear', () => {
    const first = slicePage(items, key, { pageSize: 3, page: 0, cursor: undefined });
    const withoutBoundary = items.filter((i) => i.seq !== 30 && i.seq !== 10);
    const next = slicePage(withoutBoundary, key, { pageSize: 3, page: 1, cursor: first.nextCursor });
    expect(seqs(next.items)).toEqual([40, 50, 60]);
  });

  it('an empty page past the end still links back', () => {
    const empty = slicePage(items.slice(0, 3), key, {
      pageSize: 3,
      page: 2,
      cursor: { direction: 'after', key: 30 },
    });
    expect(empty.items).toEqual([]);
    expect(empty.nextCursor).toBeUndefined();
    const back = slicePage(items, key, { pageSize: 3, page: 1, cursor: empty.previousCursor });
    expect(seqs(back.items)).toEqual([10, 20, 30]);
  });
});
