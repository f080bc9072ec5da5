import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Membership } from '../../../lib/twilio/membership.ts';
import { type CachedList, listRows, membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';

/**
 * Every membership row the table has loaded for the user so far (all cached pages, and Show all's), without
 * fetching anything.
 */
export function useLoadedRows(ref: UserRef): readonly Membership[] {
  const queryClient = useQueryClient();
  const last = useRef<{ pages: unknown[]; rows: Membership[] }>({ pages: [], rows: [] });
  const read = useCallback(() => {
    const pages = queryClient
      .getQueriesData<CachedList>({ queryKey: membershipKeys.lists(ref) })
      .map(([, page]) => page);
    // Same pages, same array: useSyncExternalStore needs a stable snapshot.
    const same =
      pages.length === last.current.pages.length && pages.every((p, i) => p === last.current.pages[i]);
    if (!same) {
      const seen = new Map<string, Membership>();
      for (const page of pages) for (const row of listRows(page)) seen.set(row.channelSid, row);
      last.current = { pages, rows: [...seen.values()] };
    }
    return last.current.rows;
  }, [queryClient, ref]);
  const subscribe = useCallback(
    (onChange: () => void) => queryClient.getQueryCache().subscribe(onChange),
    [queryClient],
  );
  return useSyncExternalStore(subscribe, read, read);
}
