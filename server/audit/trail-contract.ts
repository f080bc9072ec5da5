import { describe, expect, it } from 'vitest';
import { newAuditId } from './audit-id.ts';
import type { AuditEntry, AuditTrail } from './trail.ts';

// The contract every audit store keeps (server/audit/trail.ts), as one suite each store's test runs:
//   auditTrailContract('JSONL', async () => ({ trail, reopen }))
// `reopen` stands for a restart: it closes the trail as it is (an intent without outcome stays so) and opens the
// same store again.

export type TrailUnderTest = {
  trail: AuditTrail;
  /** Closes `trail` and opens the same store again, as a restarted server would. */
  reopen(): Promise<AuditTrail>;
};

let clock = Date.parse('2026-03-01T10:00:00.000Z');

/** A complete entry with unique id and time; a change to alice in #general by erin unless overridden. */
export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  clock += 1000;
  return {
    id: newAuditId(clock),
    time: new Date(clock).toISOString(),
    agent: 'erin',
    role: 'editor',
    method: 'POST',
    path: '/api/chat/v2/Services/IS1/Users/alice/Channels/general',
    product: 'chat-v2',
    service: 'IS1',
    user: 'alice',
    userSid: null,
    channel: 'general',
    channelSid: null,
    params: { NotificationLevel: 'muted' },
    before: { notification_level: 'default' },
    after: null,
    outcome: 'pending',
    refusal: null,
    status: null,
    errorCode: null,
    reason: null,
    revertOf: null,
    scheduleId: null,
    ...overrides,
  };
}

const forwarded = (after: unknown = { notification_level: 'muted' }) => ({
  outcome: 'forwarded' as const,
  after,
  status: 200,
  errorCode: null,
  refusal: null,
  userSid: 'US1',
  channelSid: 'CH1',
});

export function auditTrailContract(name: string, fresh: () => Promise<TrailUnderTest>): void {
  describe(`AuditTrail contract: ${name}`, () => {
    it('shows an intent as pending, then its outcome, with the SIDs the outcome learnt', async () => {
      const { trail } = await fresh();
      await trail.ready();
      const entry = auditEntry({ reason: 'ticket 4411' });
      await trail.begin(entry);
      expect((await trail.query({})).entries).toMatchObject([{ id: entry.id, outcome: 'pending' }]);
      await trail.finish(entry.id, forwarded());
      const [stored] = (await trail.query({})).entries;
      expect(stored).toMatchObject({
        id: entry.id,
        outcome: 'forwarded',
        status: 200,
        after: { notification_level: 'muted' },
        before: { notification_level: 'default' },
        userSid: 'US1',
        channelSid: 'CH1',
        reason: 'ticket 4411',
      });
      await trail.close();
    });

    it('finds one entry by id, with its outcome; null for an id it never wrote', async () => {
      const { trail } = await fresh();
      await trail.ready();
      const entry = auditEntry();
      await trail.begin(entry);
      await trail.finish(entry.id, forwarded());
      await trail.refuse(auditEntry({ outcome: 'refused', refusal: 'viewer' }));
      expect(await trail.get(entry.id)).toMatchObject({ id: entry.id, outcome: 'forwarded', status: 200 });
      expect(await trail.get(newAuditId())).toBeNull();
    });

    it('records a refusal as one entry with its reason', async () => {
      const { trail } = await fresh();
      await trail.ready();
      const entry = auditEntry({ refusal: 'erin is a viewer', status: 403, errorCode: 20403 });
      await trail.refuse(entry);
      expect((await trail.query({})).entries).toMatchObject([
        { id: entry.id, outcome: 'refused', refusal: 'erin is a viewer', status: 403, errorCode: 20403 },
      ]);
      await trail.close();
    });

    it('filters by service, user and channel (as sent or SID), agent, action, outcome and time', async () => {
      const { trail } = await fresh();
      await trail.ready();
      const muteAlice = auditEntry();
      const removeBob = auditEntry({
        method: 'DELETE',
        params: {},
        user: 'bob',
        channel: 'CH2',
        agent: 'fay',
        service: 'IS2',
      });
      const refusedAlice = auditEntry({ refusal: 'no', status: 403, errorCode: 20403, params: {} });
      await trail.begin(muteAlice);
      await trail.finish(muteAlice.id, forwarded());
      await trail.begin(removeBob);
      await trail.finish(removeBob.id, {
        ...forwarded(null),
        status: 204,
        userSid: 'US2',
        channelSid: 'CH2',
      });
      await trail.refuse(refusedAlice);
      const ids = async (query: Parameters<AuditTrail['query']>[0]) =>
        (await trail.query(query)).entries.map((entry) => entry.id);
      expect(await ids({})).toEqual([refusedAlice.id, removeBob.id, muteAlice.id]);
      expect(await ids({ service: 'IS2' })).toEqual([removeBob.id]);
      expect(await ids({ user: 'US1' })).toEqual([muteAlice.id]);
      expect(await ids({ user: 'alice' })).toEqual([refusedAlice.id, muteAlice.id]);
      expect(await ids({ channel: 'CH1' })).toEqual([muteAlice.id]);
      expect(await ids({ channel: 'CH2' })).toEqual([removeBob.id]);
      expect(await ids({ agent: 'fay' })).toEqual([removeBob.id]);
      expect(await ids({ action: 'DELETE' })).toEqual([removeBob.id]);
      expect(await ids({ action: 'mute' })).toEqual([muteAlice.id]);
      expect(await ids({ outcome: 'refused' })).toEqual([refusedAlice.id]);
      expect(await ids({ from: removeBob.time })).toEqual([refusedAlice.id, removeBob.id]);
      expect(await ids({ to: removeBob.time })).toEqual([muteAlice.id]);
      await trail.close();
    });

    it('pages newest first with a cursor, never repeating or skipping an entry', async () => {
      const { trail } = await fresh();
      await trail.ready();
      const written: string[] = [];
      for (let index = 0; index < 7; index++) {
        const entry = auditEntry({ params: { NotificationLevel: index % 2 ? 'muted' : 'default' } });
        await trail.begin(entry);
        await trail.finish(entry.id, forwarded());
        written.push(entry.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      const sizes: number[] = [];
      for (let page = 0; page < 5; page++) {
        const result = await trail.query({ limit: 3, ...(cursor ? { cursor } : {}) });
        sizes.push(result.entries.length);
        seen.push(...result.entries.map((entry) => entry.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(sizes).toEqual([3, 3, 1]);
      expect(seen).toEqual([...written].reverse());
      await trail.close();
    });

    it('keeps every intent of a concurrent burst', async () => {
      const { trail } = await fresh();
      await trail.ready();
      const burst = Array.from({ length: 40 }, () => auditEntry());
      await Promise.all(burst.map((entry) => trail.begin(entry)));
      await Promise.all(burst.map((entry) => trail.finish(entry.id, forwarded())));
      const { entries } = await trail.query({ limit: 100 });
      expect(entries.map((entry) => entry.id).sort()).toEqual(burst.map((entry) => entry.id).sort());
      expect(entries.every((entry) => entry.outcome === 'forwarded')).toBe(true);
      await trail.close();
    });

    it("reads an intent without outcome as 'unknown' after a restart; finished ones keep theirs", async () => {
      const { trail, reopen } = await fresh();
      await trail.ready();
      const done = auditEntry({ revertOf: 'x-1', scheduleId: 'sched-1', reason: 'undo' });
      const refused = auditEntry({ refusal: 'no', status: 403, errorCode: 20403 });
      const inFlight = auditEntry({ method: 'DELETE', params: {} });
      await trail.begin(done);
      await trail.finish(done.id, forwarded());
      await trail.refuse(refused);
      await trail.begin(inFlight);
      const again = await reopen();
      await again.ready();
      const { entries } = await again.query({});
      expect(entries.map((entry) => [entry.id, entry.outcome])).toEqual([
        [inFlight.id, 'unknown'],
        [refused.id, 'refused'],
        [done.id, 'forwarded'],
      ]);
      expect(entries[2]).toMatchObject({ revertOf: 'x-1', scheduleId: 'sched-1', reason: 'undo' });
      expect((await again.query({ outcome: 'unknown' })).entries.map((entry) => entry.id)).toEqual([
        inFlight.id,
      ]);
      await again.close();
    });

    it('refuses writes once closed, instead of losing them silently', async () => {
      const { trail } = await fresh();
      await trail.ready();
      await trail.close();
      await expect(trail.begin(auditEntry())).rejects.toThrow();
      await expect(trail.ready()).rejects.toThrow();
    });
  });
}
