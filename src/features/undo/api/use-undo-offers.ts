import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import type { CompletedChanges } from '../../../lib/twilio/membership-runner.ts';
import { offerUndo } from './undo-store.ts';

// The offer's code loads with the first completed change, off the first view.
const loadProducer = () => import('./undo-offer.ts');

/** Shows the undo offer for completed changes, if they have one (undo-offer.ts makes every offer). */
function offerUndoFor(queryClient: QueryClient, completed: CompletedChanges | null): void {
  if (!completed) return;
  void loadProducer().then(({ undoOfferFor }) => {
    const offer = undoOfferFor(queryClient, completed);
    if (offer) offerUndo(offer);
  });
}

/** What a bulk run reports its done rows to. */
export function useOfferUndo(): (completed: CompletedChanges) => void {
  const queryClient = useQueryClient();
  return useCallback((completed) => offerUndoFor(queryClient, completed), [queryClient]);
}

/**
 * The agent's single changes (the drawer, a shortcut) offer an undo once Twilio accepted them, picked up from the
 * mutation cache. Bulk rows and undos carry `meta.source` there and are left alone (a bulk run reports its rows
 * together, through useOfferUndo). Mounted once, by the app.
 */
export function useUndoOffers(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'success') return;
        const { mutation } = event;
        if (mutation.options.meta?.source || mutation.options.mutationKey?.[0] !== 'memberships') return;
        void loadProducer().then(({ completedFromMutation }) =>
          offerUndoFor(queryClient, completedFromMutation(queryClient, mutation)),
        );
      }),
    [queryClient],
  );
}
