import type { Mutation, QueryClient } from '@tanstack/react-query';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { actionOf, countOf, describeDone, pastTense } from '../../../lib/twilio/change-words.ts';
import type { ApiKind, ChannelInfo, Membership } from '../../../lib/twilio/membership.ts';
import { membershipLabel } from '../../../lib/twilio/membership.ts';
import type { ChangeContext, MembershipChange } from '../../../lib/twilio/membership-mutations.ts';
import {
  type CompletedChanges,
  compensatingChange,
  type LabelledChange,
  membershipInSnapshot,
  runMembershipChange,
} from '../../../lib/twilio/membership-runner.ts';
import { channelKeys, type UserRef } from '../../../lib/twilio/queries.ts';
import type { UndoOffer } from './undo-store.ts';

/**
 * The one way an undo offer is made, for the drawer, a shortcut and a bulk run alike: each completed change's
 * compensating update (its row's own previous values, for the fields it touched), worded by what was done. A
 * removal has none (Twilio would need a new invite), so a removal never gets an offer. null: nothing to offer.
 */
export function undoOfferFor(queryClient: QueryClient, completed: CompletedChanges): UndoOffer | null {
  const done = completed.changes.flatMap(({ before, change, label }) => {
    const back = compensatingChange(before, change);
    return back ? [{ change, back: { label, change: back } }] : [];
  });
  const [first] = done;
  if (!first) return null;
  const { terms } = adapters[completed.ref.api].profile;
  const message =
    done.length === 1
      ? describeDone(first.change, first.back.label)
      : pastTense(actionOf(first.change), countOf(done.length, terms));
  const restore = completed.restore ?? ((backs) => restoreEach(queryClient, completed.ref, backs));
  const backs = done.map((d) => d.back);
  return { key: completed.key, message: `${message}.`, undo: () => restore(backs) };
}

/** Each compensating change through the shared optimistic mutation, marked as an undo (so it offers none). */
const restoreEach = (queryClient: QueryClient, ref: UserRef, backs: readonly LabelledChange[]) =>
  Promise.all(backs.map(({ change }) => runMembershipChange(queryClient, ref, change, 'undo')));

function refFromKey(key: readonly unknown[] | undefined): UserRef | null {
  if (key?.[0] !== 'memberships' || key.length < 4) return null;
  const [, api, service, user] = key;
  if (typeof api !== 'string' || typeof service !== 'string' || typeof user !== 'string') return null;
  return { api: api as ApiKind, service, user };
}

function labelOf(queryClient: QueryClient, ref: UserRef, before: Membership): string {
  const info = queryClient.getQueryData<ChannelInfo>(
    channelKeys.detail(ref.api, ref.service, before.channelSid),
  );
  return membershipLabel({
    friendlyName: before.friendlyName ?? info?.friendlyName ?? null,
    uniqueName: before.uniqueName ?? info?.uniqueName ?? null,
    channelSid: before.channelSid,
  });
}

/** A single change of the agent's (drawer or shortcut) that succeeded, with its row as the snapshot held it. */
export function completedFromMutation(
  queryClient: QueryClient,
  mutation: Mutation<unknown, Error, unknown, unknown>,
): CompletedChanges | null {
  if (mutation.state.status !== 'success' || mutation.options.meta?.source) return null;
  const ref = refFromKey(mutation.options.mutationKey);
  const change = mutation.state.variables as MembershipChange | undefined;
  const context = mutation.state.context as ChangeContext | undefined;
  if (!ref || !change || !context) return null;
  const before = membershipInSnapshot(context.snapshot, change.channelSid);
  if (!before) return null;
  return {
    key: `single-${mutation.mutationId}`,
    ref,
    changes: [{ label: labelOf(queryClient, ref, before), before, change }],
  };
}
