import { MutationObserver, type QueryClient, QueryObserver } from '@tanstack/react-query';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../mocks/seed.ts';
import { createQueryClient } from '../../app/query-client.ts';
import { fake, server } from '../../testing/fake-server.ts';
import type { Membership, MembershipPage } from './membership.ts';
import { applyPatch, type MembershipChange, membershipMutationOptions } from './membership-mutations.ts';
import { membershipDetailQuery, membershipKeys, membershipPageQuery, type UserRef } from './queries.ts';

const ref: UserRef = { api: 'chat-v2', service: SEED.services.support.sid, user: SEED.users.alice.identity };

async function primedClient() {
  const queryClient = createQueryClient();
  const page = await queryClient.fetchQuery(membershipPageQuery(ref, 50, null));
  const target = page.rows.find((row) => row.notificationLevel === 'default');
  if (!target) throw new Error('seed has no unmuted channel for alice');
  await queryClient.fetchQuery(membershipDetailQuery(ref, target.channelSid));
  // Observed like the table and the drawer observe them: only observed queries refetch on invalidation.
  new QueryObserver(queryClient, membershipPageQuery(ref, 50, null)).subscribe(() => undefined);
  new QueryObserver(queryClient, membershipDetailQuery(ref, target.channelSid)).subscribe(() => undefined);
  return { queryClient, target };
}

function change(queryClient: QueryClient, channelSid: string, variables: MembershipChange) {
  return new MutationObserver(queryClient, membershipMutationOptions(queryClient, ref, channelSid)).mutate(
    variables,
  );
}

const cachedRow = (queryClient: QueryClient, channelSid: string) =>
  queryClient
    .getQueryData<MembershipPage>(membershipKeys.page(ref, 50, null))
    ?.rows.find((r) => r.channelSid === channelSid);
const cachedRows = (queryClient: QueryClient) =>
  queryClient.getQueryData<MembershipPage>(membershipKeys.page(ref, 50, null))?.rows ?? [];
const cachedDetail = (queryClient: QueryClient, channelSid: string) =>
  queryClient.getQueryData<Membership>(membershipKeys.detail(ref, channelSid));
const storedLevel = (memberSid: string | null) => fake.store.members.get(memberSid ?? '')?.notificationLevel;
const listRequests = () => fake.log.filter((e) => e.method === 'GET' && e.path.endsWith('/Channels')).length;

/** Holds the next `method` request for the channel at Twilio until the returned function is called, then refuses it. */
function refuseWhenReleased(method: 'POST' | 'DELETE', channelSid: string, status: 500 | 503): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const path = `*/Channels/${channelSid}/*`;
  // Nothing returned: once let go, the request falls through to the fake Twilio, which refuses it.
  server.use(method === 'POST' ? http.post(path, () => held) : http.delete(path, () => held));
  fake.knobs.faults.push({ method, pathIncludes: channelSid, status, code: 20000 + status, times: 1 });
  return release;
}

describe('optimistic membership changes', () => {
  it('patches the row and the detail synchronously, before Twilio answers', async () => {
    const { queryClient, target } = await primedClient();
    fake.knobs.latencyMs = 30;
    const done = change(queryClient, target.channelSid, {
      kind: 'update',
      channelSid: target.channelSid,
      patch: { notificationLevel: 'muted' },
    });
    expect(cachedRow(queryClient, target.channelSid)?.notificationLevel).toBe('muted');
    expect(cachedDetail(queryClient, target.channelSid)?.notificationLevel).toBe('muted');
    expect(storedLevel(target.memberSid)).toBe('default');
    await done;
    expect(storedLevel(target.memberSid)).toBe('muted');
    expect(cachedRow(queryClient, target.channelSid)?.notificationLevel).toBe('muted');
  });

  it('restores every snapshot when Twilio refuses, even if the refresh fails too', async () => {
    const { queryClient, target } = await primedClient();
    fake.knobs.faults.push(
      { method: 'POST', status: 500, code: 20500, message: 'Internal error', times: 1 },
      { method: 'GET', status: 500, code: 20500, message: 'Internal error' },
    );
    const failed = change(queryClient, target.channelSid, {
      kind: 'update',
      channelSid: target.channelSid,
      patch: { notificationLevel: 'muted' },
    });
    expect(cachedRow(queryClient, target.channelSid)?.notificationLevel).toBe('muted');
    await expect(failed).rejects.toMatchObject({ status: 500, code: 20500 });
    // The refresh failed as well, so what is on screen can only be the restored snapshot.
    expect(cachedRow(queryClient, target.channelSid)).toEqual(target);
    expect(cachedDetail(queryClient, target.channelSid)?.notificationLevel).toBe('default');
    expect(storedLevel(target.memberSid)).toBe('default');
  });

  it('puts back only its own row when Twilio refuses: another channel changed meanwhile keeps its new value', async () => {
    const { queryClient, target } = await primedClient();
    const other = cachedRows(queryClient).find(
      (row) => row.channelSid !== target.channelSid && row.notificationLevel === 'default',
    );
    if (!other) throw new Error('seed has no second unmuted channel for alice');
    // The target's change is held at Twilio until the other one has finished, then refused; so is the refresh.
    const release = refuseWhenReleased('POST', target.channelSid, 500);
    const failed = change(queryClient, target.channelSid, {
      kind: 'update',
      channelSid: target.channelSid,
      patch: { notificationLevel: 'muted' },
    });
    await change(queryClient, other.channelSid, {
      kind: 'update',
      channelSid: other.channelSid,
      patch: { notificationLevel: 'muted' },
    });
    fake.knobs.faults.push({ method: 'GET', status: 500, code: 20500, message: 'Internal error' });
    release();
    await expect(failed).rejects.toMatchObject({ status: 500 });
    expect(cachedRow(queryClient, target.channelSid)?.notificationLevel).toBe('default');
    expect(cachedRow(queryClient, other.channelSid)?.notificationLevel).toBe('muted');
  });

  it('runs ten quick toggles of one channel in click order: Twilio and the screen end on the last click', async () => {
    const { queryClient, target } = await primedClient();
    fake.knobs.latencyMs = 2;
    fake.knobs.jitterMs = 8;
    fake.log.clear();
    const clicks = Array.from(
      { length: 10 },
      (_, i) => (i % 2 === 0 ? 'muted' : 'default') as 'muted' | 'default',
    );
    const results = clicks.map((level) =>
      change(queryClient, target.channelSid, {
        kind: 'update',
        channelSid: target.channelSid,
        patch: { notificationLevel: level },
      }),
    );
    // The screen shows the last click at once.
    expect(cachedRow(queryClient, target.channelSid)?.notificationLevel).toBe('default');
    await Promise.all(results);
    const posted = fake.log.filter((e) => e.method === 'POST').map((e) => e.body?.NotificationLevel);
    expect(posted).toEqual(clicks);
    expect(storedLevel(target.memberSid)).toBe('default');
    expect(cachedRow(queryClient, target.channelSid)?.notificationLevel).toBe('default');
    // One refresh after the burst, not one per click.
    expect(listRequests()).toBe(1);
  });

  it('refreshes once after changes to several channels of the user overlap', async () => {
    const { queryClient } = await primedClient();
    const rows = queryClient.getQueryData<MembershipPage>(membershipKeys.page(ref, 50, null))?.rows ?? [];
    fake.knobs.latencyMs = 5;
    fake.log.clear();
    await Promise.all(
      rows.slice(0, 3).map((row) =>
        change(queryClient, row.channelSid, {
          kind: 'update',
          channelSid: row.channelSid,
          patch: { notificationLevel: 'muted' },
        }),
      ),
    );
    expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(3);
    expect(listRequests()).toBe(1);
  });

  it('shows unread as pending while a read-position change runs, unless the result is known', async () => {
    const { queryClient, target } = await primedClient();
    fake.knobs.latencyMs = 20;
    const setIndex = change(queryClient, target.channelSid, {
      kind: 'update',
      channelSid: target.channelSid,
      patch: { lastReadIndex: 0 },
    });
    expect(cachedRow(queryClient, target.channelSid)).toMatchObject({
      lastReadIndex: 0,
      unreadPending: true,
    });
    await setIndex;
    expect(cachedRow(queryClient, target.channelSid)?.unreadPending).toBe(false);

    const markAllRead = change(queryClient, target.channelSid, {
      kind: 'update',
      channelSid: target.channelSid,
      patch: { lastReadIndex: 7 },
      expectedUnread: 0,
    });
    expect(cachedRow(queryClient, target.channelSid)).toMatchObject({ unread: 0, unreadPending: false });
    await markAllRead;
  });

  it('removes the row at once and puts it back when the delete fails', async () => {
    const { queryClient, target } = await primedClient();
    fake.knobs.faults.push({ method: 'DELETE', status: 503, code: 20503, message: 'Unavailable', times: 1 });
    fake.knobs.faults.push({ method: 'GET', status: 500 });
    const failed = change(queryClient, target.channelSid, { kind: 'remove', channelSid: target.channelSid });
    expect(cachedRow(queryClient, target.channelSid)).toBeUndefined();
    await expect(failed).rejects.toMatchObject({ status: 503 });
    expect(cachedRow(queryClient, target.channelSid)).toEqual(target);
  });

  it('puts a row whose removal failed back at its place, leaving a removal that succeeded meanwhile', async () => {
    const { queryClient, target } = await primedClient();
    const order = cachedRows(queryClient).map((row) => row.channelSid);
    const other = order.find((sid) => sid !== target.channelSid) as string;
    const release = refuseWhenReleased('DELETE', target.channelSid, 503);
    const failed = change(queryClient, target.channelSid, { kind: 'remove', channelSid: target.channelSid });
    await change(queryClient, other, { kind: 'remove', channelSid: other });
    fake.knobs.faults.push({ method: 'GET', status: 500 });
    release();
    await expect(failed).rejects.toMatchObject({ status: 503 });
    expect(cachedRows(queryClient).map((row) => row.channelSid)).toEqual(
      order.filter((sid) => sid !== other),
    );
  });
});

describe('applyPatch', () => {
  const row = {
    notificationLevel: 'default',
    lastReadIndex: 3,
    unread: 4,
    unreadPending: false,
  } as Membership;
  it('clearing the horizon leaves unread pending (Twilio decides: null or 0)', () => {
    expect(applyPatch(row, { lastReadIndex: null })).toMatchObject({
      lastReadIndex: null,
      unreadPending: true,
      unread: 4,
    });
  });
  it('a notification change leaves the read state alone', () => {
    expect(applyPatch(row, { notificationLevel: 'muted' })).toMatchObject({
      notificationLevel: 'muted',
      unreadPending: false,
      unread: 4,
    });
  });
});
