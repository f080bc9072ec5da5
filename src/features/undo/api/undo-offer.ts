import type { Mutation, QueryClient } from '@tanstack/react-query';
import { describeDone } from '../../../lib/twilio/change-words.ts';
import type { ApiKind, ChannelInfo, Membership } from '../../../lib/twilio/membership.ts';
import { membershipLabel } from '../../../lib/twilio/membership.ts';
import type { ChangeContext, MembershipChange } from '../../../lib/twilio/membership-mutations.ts';
import {
  compensatingChange,
  membershipInSnapshot,
  runMembershipChange,
} from '../../../lib/twilio/membership-runner.ts';
import { channelKeys, type UserRef } from '../../../lib/twilio/queries.ts';

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

/** The undo offer for one finished mutation, or null (not a single update, or nothing to write back). */
export function undoOfferFor(queryClient: QueryClient, mutation: Mutation<unknown, Error, unknown, unknown>) {
  if (mutation.state.status !== 'success' || mutation.options.meta?.source) return null;
  const ref = refFromKey(mutation.options.mutationKey);
  const change = mutation.state.variables as MembershipChange | undefined;
  const context = mutation.state.context as ChangeContext | undefined;
  if (!ref || !change || change.kind !== 'update' || !context) return null;
  const before = membershipInSnapshot(context.snapshot, change.channelSid);
  if (!before) return null;
  const back = compensatingChange(before, change);
  if (!back) return null;
  return {
    key: `single-${mutation.mutationId}`,
    message: `${describeDone(change, labelOf(queryClient, ref, before))}.`,
    undo: () => runMembershipChange(queryClient, ref, back, 'undo'),
  };
}
