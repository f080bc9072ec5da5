import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { offerUndo } from './undo-store.ts';

/**
 * Every change the agent makes one at a time (the drawer) offers an undo once Twilio accepted it. Bulk runs and
 * undos themselves carry `meta.source` and are left alone (a bulk run offers one undo for all its rows).
 */
export function useUndoOffers(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'success') return;
        // Only the drawer's own changes (no meta.source); the offer's code loads on the first one, off the first view.
        if (event.mutation.options.meta?.source || event.mutation.options.mutationKey?.[0] !== 'memberships')
          return;
        const { mutation } = event;
        void import('./undo-offer.ts').then(({ undoOfferFor }) => {
          const offer = undoOfferFor(queryClient, mutation);
          if (offer) offerUndo(offer);
        });
      }),
    [queryClient],
  );
}
