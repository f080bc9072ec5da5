import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { ApiKind } from '../../../lib/twilio/membership.ts';
import { membershipPageQuery, type UserRef } from '../../../lib/twilio/queries.ts';

export const PAGE_SIZE_CHOICES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

const maxPageSize = (api: ApiKind) => adapters[api].profile.maxPageSize;

/** The first page's size for an API (Chat v2 and Conversations list at most 50). */
export const defaultPageSize = (api: ApiKind) => Math.min(DEFAULT_PAGE_SIZE, maxPageSize(api));

/** The page a user's view opens on (what a lookup asks for with the user). */
export const firstPageQuery = (ref: UserRef) => membershipPageQuery(ref, defaultPageSize(ref.api), null);

/**
 * Cursor pagination over Twilio's PageTokens. We keep the tokens of the pages visited (a stack), so Previous goes back
 * to a cached page without a request, and there is never a made-up total.
 */
export function useChannelPages(ref: UserRef) {
  const queryClient = useQueryClient();
  const [pageSize, setPageSizeState] = useState(defaultPageSize(ref.api));
  // tokens[i] = the PageToken of page i (null for the first page).
  const [tokens, setTokens] = useState<Array<string | null>>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  const token = tokens[pageIndex] ?? null;

  const query = useQuery({ ...membershipPageQuery(ref, pageSize, token), placeholderData: keepPreviousData });
  const page = query.data;
  const nextToken = query.isPlaceholderData ? null : (page?.nextToken ?? null);

  // The agent usually pages forward: have the next page ready before they ask. After the frame that paints this page
  // (rAF, then a task), so its answer is never parsed ahead of the first rows' paint.
  useEffect(() => {
    if (!nextToken) return;
    return afterNextPaint(
      () => void queryClient.prefetchQuery(membershipPageQuery(ref, pageSize, nextToken)),
    );
  }, [queryClient, ref, pageSize, nextToken]);

  return {
    query,
    page,
    pageIndex,
    pageSize,
    pageSizeChoices: PAGE_SIZE_CHOICES.filter((size) => size <= maxPageSize(ref.api)),
    /** Rows shown are from the previous page while the next one loads. */
    isStale: query.isPlaceholderData,
    canGoNext: !query.isPlaceholderData && Boolean(page?.nextToken),
    canGoPrevious: pageIndex > 0,
    goNext() {
      if (!nextToken) return;
      setTokens((current) => [...current.slice(0, pageIndex + 1), nextToken]);
      setPageIndex(pageIndex + 1);
    },
    goPrevious() {
      if (pageIndex > 0) setPageIndex(pageIndex - 1);
    },
    setPageSize(size: number) {
      // Tokens are tied to a page size: start over from the first page.
      setPageSizeState(Math.min(size, maxPageSize(ref.api)));
      setTokens([null]);
      setPageIndex(0);
    },
  };
}
