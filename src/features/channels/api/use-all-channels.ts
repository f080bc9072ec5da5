import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Membership } from '../../../lib/twilio/membership.ts';
import {
  allMembershipsQuery,
  type CachedList,
  listRows,
  membershipKeys,
  type UserRef,
} from '../../../lib/twilio/queries.ts';

export type WalkStatus = 'loading' | 'done' | 'cancelled' | 'error';

/**
 * "Show all": walks every page of the user's channels by Twilio's cursors (the largest page the API allows), as one
 * infinite query under the user's list keys. So the shared optimistic mutation patches these rows too, and the
 * refresh after a change refetches the pages in order (a removal that shifts rows never draws one twice).
 */
export function useAllChannels(ref: UserRef, enabled: boolean) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({ ...allMembershipsQuery(ref), enabled });
  const [status, setStatus] = useState<WalkStatus>('loading');
  // The walk now running; cancel() moves it on at once, so an answer arriving after it asks for no further page.
  const walk = useRef(0);
  const { data, fetchNextPage } = query;
  const pagesLoaded = data?.pages.length ?? 0;

  // One page after another, each asked for as soon as the one before it is in: waiting for the table to draw each
  // page first put a render between every two round trips (BENCHMARKS.md, "Conversations: Show all").
  useEffect(() => {
    if (!enabled || status !== 'loading') return;
    const id = ++walk.current;
    void (async () => {
      for (;;) {
        const result = await fetchNextPage({ cancelRefetch: false });
        if (walk.current !== id) return;
        if (result.isError) return setStatus('error');
        if (!result.hasNextPage) return setStatus('done');
      }
    })();
    return () => {
      if (walk.current === id) walk.current += 1;
    };
  }, [enabled, status, fetchNextPage]);

  const rows = useMemo(() => {
    // One row per channel, whatever the pages say.
    const seen = new Set<string>();
    return listRows(data as CachedList | undefined).filter(
      (row: Membership) => !seen.has(row.channelSid) && seen.add(row.channelSid),
    );
  }, [data]);

  const start = useCallback(() => setStatus('loading'), []);

  const cancel = useCallback(() => {
    walk.current += 1;
    setStatus('cancelled');
    // The page in flight stops; the pages already loaded stay.
    void queryClient.cancelQueries({ queryKey: membershipKeys.allPages(ref) });
  }, [queryClient, ref]);

  return { rows, pagesLoaded, status, error: query.error, start, cancel };
}
