import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { MembershipChange } from '../../../lib/twilio/membership-mutations.ts';
import { membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';

const NOTHING: ReadonlyMap<string, Membership> = new Map();

/**
 * The rows the agent picked for a bulk change: one model for the paged table and Show all, kept across pages and
 * views until the user changes. A channel the user was removed from (drawer or bulk) leaves the selection.
 */
export function useSelection(ref: UserRef) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState(NOTHING);

  useEffect(() => {
    const userKey = JSON.stringify(membershipKeys.user(ref));
    return queryClient.getMutationCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      if (JSON.stringify(event.mutation.options.mutationKey) !== userKey) return;
      const change = event.mutation.state.variables as MembershipChange | undefined;
      if (change?.kind !== 'remove') return;
      setSelected((current) => {
        if (!current.has(change.channelSid)) return current;
        const next = new Map(current);
        next.delete(change.channelSid);
        return next;
      });
    });
  }, [queryClient, ref]);

  return useMemo(
    () => ({
      rows: [...selected.values()],
      has: (channelSid: string) => selected.has(channelSid),
      set: (rows: readonly Membership[], select: boolean) =>
        setSelected((current) => {
          const next = new Map(current);
          for (const row of rows) {
            if (select) next.set(row.channelSid, row);
            else next.delete(row.channelSid);
          }
          return next;
        }),
      clear: () => setSelected(NOTHING),
    }),
    [selected],
  );
}

export type Selection = ReturnType<typeof useSelection>;
