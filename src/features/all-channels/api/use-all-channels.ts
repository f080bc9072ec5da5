import { useQueries, useQueryClient } from '@tanstack/react-query';
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { MAX_PAGE_SIZE, type Membership, type MembershipPage } from '../../../lib/twilio/membership.ts';
import { membershipKeys, membershipPageQuery, type UserRef } from '../../../lib/twilio/queries.ts';

export type WalkStatus = 'idle' | 'loading' | 'done' | 'cancelled' | 'error';

/**
 * "Show all": walks every page of the user's channels by Twilio's cursors (the largest page the API allows) and
 * keeps each page in the query cache under the same keys the paged table uses. So the shared optimistic mutation
 * patches these rows too, and the refresh after a change refetches them.
 */
export function useAllChannels(ref: UserRef) {
  const queryClient = useQueryClient();
  const pageSize = MAX_PAGE_SIZE[ref.api];
  const [tokens, setTokens] = useState<Array<string | null>>([]);
  const [status, setStatus] = useState<WalkStatus>('idle');
  const [error, setError] = useState<unknown>(null);
  const walkRef = useRef(0);

  const pages = useQueries({
    queries: tokens.map((token) => ({ ...membershipPageQuery(ref, pageSize, token), staleTime: 5 * 60_000 })),
    combine: (results) => {
      const rows: Membership[] = [];
      for (const result of results) if (result.data) rows.push(...(result.data as MembershipPage).rows);
      return rows;
    },
  });

  const start = useCallback(async () => {
    const walk = ++walkRef.current;
    setStatus('loading');
    setError(null);
    setTokens([]);
    let token: string | null = null;
    const seen = new Set<string | null>();
    try {
      for (;;) {
        if (seen.has(token)) break; // a cursor loop would never end: stop rather than spin
        seen.add(token);
        const page: MembershipPage = await queryClient.fetchQuery({
          ...membershipPageQuery(ref, pageSize, token),
          staleTime: 30_000,
        });
        if (walkRef.current !== walk) return;
        const current: string | null = token;
        // A transition: pages that arrive while the table is still rendering the last one are committed together,
        // and that render yields, so the next page's request and answer never wait behind it.
        startTransition(() => setTokens((list) => [...list, current]));
        if (!page.hasNextPage || !page.nextToken) break;
        token = page.nextToken;
      }
      // In the same transition lane as the last page, so "All N channels loaded" never shows a count short of N.
      startTransition(() => setStatus('done'));
    } catch (caught) {
      if (walkRef.current !== walk) return;
      setError(caught);
      setStatus('error');
    }
  }, [queryClient, ref, pageSize]);

  const cancel = useCallback(() => {
    walkRef.current++;
    // The page in flight stops; the pages already loaded stay.
    void queryClient.cancelQueries({ queryKey: membershipKeys.lists(ref), fetchStatus: 'fetching' });
    setStatus('cancelled');
  }, [queryClient, ref]);

  // Leaving the view (or another user): stop walking.
  useEffect(
    () => () => {
      walkRef.current++;
    },
    [],
  );

  return { rows: pages, pagesLoaded: tokens.length, status, error, start, cancel, pageSize };
}
