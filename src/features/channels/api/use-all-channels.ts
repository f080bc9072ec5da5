import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
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
  // Errors from before the last (re)start don't stop the walk again.
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const { data, hasNextPage, isFetching, isSuccess, fetchNextPage, errorUpdatedAt } = query;
  const failed = query.isError && errorUpdatedAt >= startedAt;
  const pagesLoaded = data?.pages.length ?? 0;

  // One page after another; a page's answer can arrive before a render saw it fetching, so each new page counts.
  // biome-ignore lint/correctness/useExhaustiveDependencies: pagesLoaded: the next step after each page
  useEffect(() => {
    if (!enabled || status !== 'loading' || isFetching) return;
    if (failed) setStatus('error');
    else if (hasNextPage) void fetchNextPage({ cancelRefetch: false });
    else if (isSuccess) setStatus('done');
  }, [enabled, status, isFetching, failed, hasNextPage, isSuccess, fetchNextPage, pagesLoaded]);

  const rows = useMemo(() => {
    // One row per channel, whatever the pages say.
    const seen = new Set<string>();
    return listRows(data as CachedList | undefined).filter(
      (row: Membership) => !seen.has(row.channelSid) && seen.add(row.channelSid),
    );
  }, [data]);

  const start = useCallback(() => {
    setStartedAt(Date.now());
    setStatus('loading');
  }, []);

  const cancel = useCallback(() => {
    setStatus('cancelled');
    // The page in flight stops; the pages already loaded stay.
    void queryClient.cancelQueries({ queryKey: membershipKeys.allPages(ref) });
  }, [queryClient, ref]);

  return { rows, pagesLoaded, status, error: query.error, start, cancel };
}
