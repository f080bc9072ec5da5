import { queryOptions } from '@tanstack/react-query';
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
