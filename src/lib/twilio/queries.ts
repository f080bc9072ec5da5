import {
  type InfiniteData,
  infiniteQueryOptions,
  type QueryClient,
  type QueryKey,
  queryOptions,
} from '@tanstack/react-query';
import { createLimiter } from '../limiter.ts';
import { adapters } from './adapters.ts';
import type { ApiKind, Membership, MembershipPage } from './membership.ts';

/** Who the console is looking at: the API, the service and the user exactly as typed (identity or US… SID). */
export interface UserRef {
  api: ApiKind;
  service: string;
  user: string;
}

/** Query keys, generic → specific, so one prefix reaches everything cached for a user. */
export const membershipKeys = {
  all: ['memberships'] as const,
  user: (ref: UserRef) => [...membershipKeys.all, ref.api, ref.service, ref.user] as const,
  lists: (ref: UserRef) => [...membershipKeys.user(ref), 'list'] as const,
  page: (ref: UserRef, pageSize: number, token: string | null) =>
    [...membershipKeys.lists(ref), pageSize, token] as const,
  /** Every page, walked in one infinite query ("Show all"). */
  allPages: (ref: UserRef) => [...membershipKeys.lists(ref), 'all'] as const,
  details: (ref: UserRef) => [...membershipKeys.user(ref), 'detail'] as const,
  detail: (ref: UserRef, channel: string) => [...membershipKeys.details(ref), channel] as const,
};

export const channelKeys = {
  detail: (api: ApiKind, service: string, channel: string) => ['channel', api, service, channel] as const,
};

/** Twilio limits concurrent requests: channel details (names) go at most 6 at a time, across the whole console. */
export const CHANNEL_FETCH_CONCURRENCY = 6;
const channelLimiter = createLimiter(CHANNEL_FETCH_CONCURRENCY);

export function channelQuery(api: ApiKind, service: string, channel: string) {
  const fetchChannel = adapters[api].fetchChannel;
  return queryOptions({
    queryKey: channelKeys.detail(api, service, channel),
    queryFn: ({ signal }) => {
      if (!fetchChannel) throw new Error(`${api} has no channel resource`);
      return channelLimiter.run(() => fetchChannel(service, channel, signal), signal);
    },
    enabled: fetchChannel !== null,
    // Names and counts change rarely; a support session doesn't need them fresher than this.
    staleTime: 5 * 60_000,
  });
}

export function membershipPageQuery(ref: UserRef, pageSize: number, token: string | null) {
  return queryOptions({
    queryKey: membershipKeys.page(ref, pageSize, token),
    queryFn: ({ signal }): Promise<MembershipPage> =>
      adapters[ref.api].listMemberships({ service: ref.service, user: ref.user, pageSize, token, signal }),
  });
}

export function membershipDetailQuery(ref: UserRef, channel: string) {
  return queryOptions({
    queryKey: membershipKeys.detail(ref, channel),
    queryFn: ({ signal }): Promise<Membership> =>
      adapters[ref.api].fetchMembership(ref.service, ref.user, channel, signal),
  });
}

/**
 * Every page of the user's channels as one infinite query: a refresh refetches the pages in order from the first,
 * each from the cursor of the page before, so a removal that shifts rows between pages never leaves a row on two
 * pages (or none). Pages are fetched on demand (`fetchNextPage`), so the walk can be cancelled.
 */
export function allMembershipsQuery(ref: UserRef) {
  const pageSize = adapters[ref.api].profile.maxPageSize;
  return infiniteQueryOptions({
    queryKey: membershipKeys.allPages(ref),
    queryFn: ({ pageParam, signal }): Promise<MembershipPage> =>
      adapters[ref.api].listMemberships({
        service: ref.service,
        user: ref.user,
        pageSize,
        token: pageParam,
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: MembershipPage) => (last.hasNextPage ? last.nextToken : null),
    staleTime: 5 * 60_000,
  });
}

/** A cached channel list: one page, or every page of the infinite query. */
export type CachedList = MembershipPage | InfiniteData<MembershipPage, string | null>;

/** Whether cached data is a list of rows (a page, or every page), not one membership's detail. */
export function isCachedList(data: unknown): data is CachedList {
  return typeof data === 'object' && data !== null && ('rows' in data || 'pages' in data);
}

/** The rows a cached list holds, in order. */
export function listRows(list: CachedList | undefined): Membership[] {
  if (!list) return [];
  return 'pages' in list ? list.pages.flatMap((page) => page.rows) : list.rows;
}

/** The list with `update` applied to each row (null drops the row). */
export function mapListRows(list: CachedList, update: (row: Membership) => Membership | null): CachedList {
  const mapPage = (page: MembershipPage): MembershipPage => ({
    ...page,
    rows: page.rows.flatMap((row) => {
      const next = update(row);
      return next ? [next] : [];
    }),
  });
  return 'pages' in list ? { ...list, pages: list.pages.map(mapPage) } : mapPage(list);
}

/** Every cached list of the user's channels (pages and "all") with its key. */
export function cachedLists(queryClient: QueryClient, ref: UserRef): Array<[QueryKey, CachedList]> {
  return queryClient
    .getQueriesData<CachedList>({ queryKey: membershipKeys.lists(ref) })
    .filter((entry): entry is [QueryKey, CachedList] => entry[1] !== undefined);
}

/** The row as the console currently shows it (the detail first, it is the freshest), or undefined. */
export function cachedMembership(
  queryClient: QueryClient,
  ref: UserRef,
  channelSid: string,
): Membership | undefined {
  const detail = queryClient.getQueryData<Membership>(membershipKeys.detail(ref, channelSid));
  if (detail) return detail;
  for (const [, list] of cachedLists(queryClient, ref)) {
    const row = listRows(list).find((r) => r.channelSid === channelSid);
    if (row) return row;
  }
  return undefined;
}
