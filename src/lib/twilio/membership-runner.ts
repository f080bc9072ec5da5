import { MutationObserver, type QueryClient } from '@tanstack/react-query';
import type { Membership, MembershipPatch } from './membership.ts';
import {
  type MembershipChange,
  membershipMutationOptions,
  mergeServerRow,
  updateEverywhere,
} from './membership-mutations.ts';
import { isCachedList, listRows, type UserRef } from './queries.ts';

/**
 * Runs one membership change outside a component (bulk queue, undo) through the very same optimistic mutation the
 * drawer uses: same scope per channel, same snapshot/rollback, same refresh once the user's last change settles.
 * `meta.source` tells listeners (undo offers) where a change came from; the drawer's changes carry none.
 */
export type ChangeSource = 'bulk' | 'undo';

export async function runMembershipChange(
  queryClient: QueryClient,
  ref: UserRef,
  change: MembershipChange,
  /** None: a single change of the agent's (a shortcut), offered for undo and reported like the drawer's. */
  source?: ChangeSource,
): Promise<Membership | null> {
  const observer = new MutationObserver(queryClient, {
    ...membershipMutationOptions(queryClient, ref, change.channelSid),
    ...(source ? { meta: { source } } : {}),
  });
  try {
    return await observer.mutate(change);
  } finally {
    // Let the finished mutation be garbage-collected like one from an unmounted component.
    observer.reset();
  }
}

/** A membership change Twilio accepted, with the row as it was just before it: what an undo offer is made of. */
export interface CompletedChange {
  label: string;
  before: Membership;
  change: MembershipChange;
}

/** A change to write (an undo's compensating update), with the name of the row it writes to. */
export interface LabelledChange {
  label: string;
  change: MembershipChange;
}

/** Changes that finished together: one from the drawer or a shortcut, or the done rows of a bulk run. */
export interface CompletedChanges {
  /** A later completion with the same key replaces this one's offer (a bulk run offers again after Retry failed). */
  key: string;
  ref: UserRef;
  changes: readonly CompletedChange[];
  /**
   * Writes the compensating changes, resolving once every row is back and rejecting when some couldn't be. Without
   * it each goes through the shared optimistic mutation, marked as an undo (a bulk run brings its own queue).
   */
  restore?: (changes: readonly LabelledChange[]) => Promise<unknown>;
}

/** A row found in an optimistic snapshot (the values before the change was applied). */
export function membershipInSnapshot(
  snapshot: ReadonlyArray<readonly [unknown, unknown]>,
  channelSid: string,
): Membership | undefined {
  for (const [, data] of snapshot) {
    if (isCachedList(data)) {
      const row = listRows(data).find((r) => r.channelSid === channelSid);
      if (row) return row;
    } else if ((data as Membership | undefined)?.channelSid === channelSid) {
      return data as Membership;
    }
  }
  return undefined;
}

/**
 * The update that writes `before`'s values back for exactly the fields `change` touched (undo as a compensating
 * update). null when there is nothing to write back (a removal, or a field the API doesn't have).
 */
export function compensatingChange(before: Membership, change: MembershipChange): MembershipChange | null {
  if (change.kind !== 'update') return null;
  const patch: MembershipPatch = {};
  if (change.patch.notificationLevel !== undefined && before.notificationLevel !== null) {
    patch.notificationLevel = before.notificationLevel;
  }
  let expectedUnread: number | undefined;
  if (change.patch.lastReadIndex !== undefined) {
    patch.lastReadIndex = before.lastReadIndex;
    // Going back to where the agent found it: the count it had then, when Twilio had one (no new messages since).
    if (before.lastReadIndex !== null && before.unread !== null && !before.unreadCapped) {
      expectedUnread = before.unread;
    }
  }
  if (patch.notificationLevel === undefined && patch.lastReadIndex === undefined) return null;
  return expectedUnread === undefined
    ? { kind: 'update', channelSid: change.channelSid, patch }
    : { kind: 'update', channelSid: change.channelSid, patch, expectedUnread };
}

/** Puts Twilio's own record on screen (every cached page and the detail), keeping the names the console had. */
export function showServerState(queryClient: QueryClient, ref: UserRef, server: Membership): void {
  updateEverywhere(queryClient, ref, server.channelSid, (row) => mergeServerRow(row, server));
}
