import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { adapters } from './adapters.ts';
import type { Membership, MembershipPage, MembershipPatch } from './membership.ts';
import {
  type CachedList,
  cachedLists,
  isCachedList,
  listRows,
  mapListRows,
  membershipKeys,
  type UserRef,
} from './queries.ts';

/**
 * Optimistic membership edits, the cache way (TkDodo): the row in every cached page and the drawer's detail change
 * in the same frame as the click; the request runs behind; a failure puts the snapshot back.
 *
 * - One mutation scope per channel: edits of one channel run in click order, so the last click wins at Twilio too.
 * - One mutation key per user: the refresh after a change waits until no other change for that user is running,
 *   so a refetch never lands in the middle of a burst and flips the screen back.
 */

export type MembershipChange = (
  | {
      kind: 'update';
      channelSid: string;
      patch: MembershipPatch /** The unread count the change will produce, when known (mark all read → 0). */;
      expectedUnread?: number;
    }
  | { kind: 'remove'; channelSid: string }
) & {
  /** The agent's reason or ticket number, stored with the change's history entry. */
  reason?: string;
};

export interface ChangeContext {
  snapshot: Array<[QueryKey, unknown]>;
}

export const membershipScopeId = (ref: UserRef, channelSid: string) =>
  ['membership', ref.api, ref.service, ref.user, channelSid].join('\u0000');

/** The row as it will look once the patch lands, as far as the console can know. */
export function applyPatch(row: Membership, patch: MembershipPatch, expectedUnread?: number): Membership {
  const next: Membership = { ...row };
  if (patch.notificationLevel !== undefined) next.notificationLevel = patch.notificationLevel;
  if (patch.lastReadIndex !== undefined) {
    next.lastReadIndex = patch.lastReadIndex;
    if (expectedUnread !== undefined) {
      next.unread = expectedUnread;
      next.unreadCapped = false;
      next.unreadPending = false;
    } else {
      next.unreadPending = true;
    }
  }
  return next;
}

/** Server records of Chat memberships carry no names: keep the ones we already had. */
export function mergeServerRow(previous: Membership, server: Membership): Membership {
  return {
    ...server,
    friendlyName: server.friendlyName ?? previous.friendlyName,
    uniqueName: server.uniqueName ?? previous.uniqueName,
  };
}

function listsHolding(queryClient: QueryClient, ref: UserRef, channelSid: string) {
  return cachedLists(queryClient, ref).filter(([, list]) =>
    listRows(list).some((row) => row.channelSid === channelSid),
  );
}

/** Rewrites the row of `channelSid` in every cached page and the detail (null drops it from the pages). */
export function updateEverywhere(
  queryClient: QueryClient,
  ref: UserRef,
  channelSid: string,
  update: (row: Membership) => Membership | null,
) {
  for (const [key, list] of listsHolding(queryClient, ref, channelSid)) {
    queryClient.setQueryData(
      key,
      mapListRows(list, (row) => (row.channelSid === channelSid ? update(row) : row)),
    );
  }
  const detailKey = membershipKeys.detail(ref, channelSid);
  const detail = queryClient.getQueryData<Membership>(detailKey);
  if (detail) {
    // A removed membership keeps its detail until the drawer closes, so the drawer doesn't refetch a 404.
    const next = update(detail);
    if (next) queryClient.setQueryData<Membership>(detailKey, next);
  }
}

/**
 * Puts this channel's row back as the snapshot held it, and nothing else: the other rows of a cached list may have
 * changed since (a bulk run's other channels, another click), and writing the whole list back would undo them.
 * A removed row goes back to its place.
 */
function rollBack(queryClient: QueryClient, channelSid: string, snapshot: ChangeContext['snapshot']) {
  for (const [key, before] of snapshot) {
    const now = queryClient.getQueryData(key);
    if (now === undefined) continue;
    if (isCachedList(before)) {
      queryClient.setQueryData(key, withRowAsIn(now as CachedList, before, channelSid));
    } else {
      queryClient.setQueryData(key, before);
    }
  }
}

/** `list` with the row of `channelSid` as `before` held it, at the same place; `list` as it is without one. */
function withRowAsIn(list: CachedList, before: CachedList, channelSid: string): CachedList {
  const beforePages = 'pages' in before ? before.pages : [before];
  const pageIndex = beforePages.findIndex((page) => page.rows.some((row) => row.channelSid === channelSid));
  if (pageIndex === -1) return list;
  const beforeRows = beforePages[pageIndex]?.rows ?? [];
  const rowIndex = beforeRows.findIndex((row) => row.channelSid === channelSid);
  const row = beforeRows[rowIndex] as Membership;
  if (listRows(list).some((r) => r.channelSid === channelSid)) {
    return mapListRows(list, (r) => (r.channelSid === channelSid ? row : r));
  }
  const putBack = (page: MembershipPage): MembershipPage => {
    const rows = [...page.rows];
    rows.splice(Math.min(rowIndex, rows.length), 0, row);
    return { ...page, rows };
  };
  if (!('pages' in list)) return putBack(list);
  const target = Math.min(pageIndex, list.pages.length - 1);
  return { ...list, pages: list.pages.map((page, i) => (i === target ? putBack(page) : page)) };
}

/** Other edits of the same channel still pending (queued behind this one or running before it). */
function otherPendingInScope(queryClient: QueryClient, scopeId: string): number {
  return (
    queryClient
      .getMutationCache()
      .findAll({ status: 'pending', predicate: (m) => m.options.scope?.id === scopeId }).length - 1
  );
}

export function membershipMutationOptions(queryClient: QueryClient, ref: UserRef, channelSid: string) {
  const adapter = adapters[ref.api];
  const scopeId = membershipScopeId(ref, channelSid);
  return {
    mutationKey: membershipKeys.user(ref),
    scope: { id: scopeId },
    mutationFn: async (change: MembershipChange): Promise<Membership | null> => {
      if (change.kind === 'remove') {
        if (!adapter.removeMembership) throw new Error('This API is read-only');
        await adapter.removeMembership(ref.service, ref.user, change.channelSid, { reason: change.reason });
        return null;
      }
      if (!adapter.updateMembership) throw new Error('This API is read-only');
      return adapter.updateMembership(ref.service, ref.user, change.channelSid, change.patch, {
        reason: change.reason,
      });
    },
    // Synchronous on purpose: React Query calls it inside mutate(), so the patch reaches the DOM with the click.
    onMutate: (change: MembershipChange): ChangeContext => {
      const detailKey = membershipKeys.detail(ref, change.channelSid);
      const holding = listsHolding(queryClient, ref, change.channelSid);
      // Stop in-flight reads of these records so a stale response can't overwrite the optimistic value.
      for (const [key] of holding) void queryClient.cancelQueries({ queryKey: key, exact: true });
      void queryClient.cancelQueries({ queryKey: detailKey, exact: true });

      const snapshot: Array<[QueryKey, unknown]> = holding.map(([key, page]) => [key, page]);
      const detail = queryClient.getQueryData(detailKey);
      if (detail !== undefined) snapshot.push([detailKey, detail]);

      updateEverywhere(queryClient, ref, change.channelSid, (row) =>
        change.kind === 'remove' ? null : applyPatch(row, change.patch, change.expectedUnread),
      );
      return { snapshot };
    },
    onSuccess: (server: Membership | null, change: MembershipChange) => {
      // A later edit of this channel is queued with its own optimistic value on screen: leave that in place.
      if (server === null || otherPendingInScope(queryClient, scopeId) > 0) return;
      updateEverywhere(queryClient, ref, change.channelSid, (row) => mergeServerRow(row, server));
    },
    onError: (_error: Error, _change: MembershipChange, context: ChangeContext | undefined) => {
      // With later edits of this channel queued, their optimistic value is what the agent asked for last;
      // the refresh after the burst settles shows Twilio's truth either way.
      if (!context || otherPendingInScope(queryClient, scopeId) > 0) return;
      rollBack(queryClient, channelSid, context.snapshot);
    },
    onSettled: (_server: Membership | null | undefined, error: Error | null, change: MembershipChange) => {
      if (queryClient.isMutating({ mutationKey: membershipKeys.user(ref) }) !== 1) return;
      // What this user was removed from is gone at Twilio: refetching its record (an open drawer's) would only
      // report a 404 for a removal the agent asked for. (This change isn't marked a success until after onSettled.)
      const removed = removedChannels(queryClient, ref);
      if (!error && change.kind === 'remove') removed.add(change.channelSid);
      return queryClient.invalidateQueries({
        queryKey: membershipKeys.user(ref),
        predicate: (query) => {
          const channel = query.queryKey[membershipKeys.details(ref).length];
          return !(isDetailKey(ref, query.queryKey) && typeof channel === 'string' && removed.has(channel));
        },
      });
    },
  };
}

const isDetailKey = (ref: UserRef, key: QueryKey) =>
  membershipKeys.details(ref).every((part, index) => key[index] === part);

/** Channels a removal of this user succeeded in, among the changes still in the mutation cache. */
export function removedChannels(queryClient: QueryClient, ref: UserRef): Set<string> {
  const removed = new Set<string>();
  for (const mutation of queryClient
    .getMutationCache()
    .findAll({ mutationKey: membershipKeys.user(ref), status: 'success' })) {
    const change = mutation.state.variables as MembershipChange | undefined;
    if (change?.kind === 'remove') removed.add(change.channelSid);
  }
  return removed;
}
