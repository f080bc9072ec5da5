import { useMutation, useMutationState, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import {
  type MembershipChange,
  membershipMutationOptions,
  membershipScopeId,
} from '../../../lib/twilio/membership-mutations.ts';
import { membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';
import { watchedScopes } from './watched-scopes.ts';

export function useMembershipChange(ref: UserRef, channel: string) {
  const queryClient = useQueryClient();
  const options = useMemo(
    () => membershipMutationOptions(queryClient, ref, channel),
    [queryClient, ref, channel],
  );
  // While this drawer is open it reports its own failures (ChangeFeedback); closed, the app raises a notice.
  useEffect(() => {
    const scopeId = options.scope.id;
    watchedScopes.add(scopeId);
    return () => {
      watchedScopes.delete(scopeId);
    };
  }, [options]);
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
