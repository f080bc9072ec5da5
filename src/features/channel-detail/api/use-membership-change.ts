import { useMutation, useMutationState, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  type MembershipChange,
  membershipMutationOptions,
  membershipScopeId,
} from '../../../lib/twilio/membership-mutations.ts';
import { membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';

export function useMembershipChange(ref: UserRef, channel: string) {
  const queryClient = useQueryClient();
  const options = useMemo(
    () => membershipMutationOptions(queryClient, ref, channel),
    [queryClient, ref, channel],
  );
  return useMutation(options);
}

export interface ChangeOutcome {
  status: 'pending' | 'success' | 'error' | 'idle';
  error: Error | null;
  change: MembershipChange | undefined;
  submittedAt: number;
}

/**
 * Every change of this channel, oldest first, from the mutation cache (not just the last mutate() call), so a failure
 * in a burst of clicks is never lost.
 */
export function useChangeOutcomes(ref: UserRef, channel: string): ChangeOutcome[] {
  const scopeId = membershipScopeId(ref, channel);
  return useMutationState({
    filters: { mutationKey: membershipKeys.user(ref), predicate: (m) => m.options.scope?.id === scopeId },
    select: (m) => ({
      status: m.state.status,
      error: m.state.error,
      change: m.state.variables as MembershipChange | undefined,
      submittedAt: m.state.submittedAt,
    }),
  });
}
