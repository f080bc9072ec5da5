import { type QueryClient, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { Membership } from '../../../lib/twilio/membership.ts';
import {
  cachedLists,
  channelQuery,
  listRows,
  membershipDetailQuery,
  membershipKeys,
  type UserRef,
} from '../../../lib/twilio/queries.ts';

/** The member (read time) lives under the membership's key, so a change refreshes it too. */
export const detailKeys = {
  member: (ref: UserRef, channel: string) => [...membershipKeys.detail(ref, channel), 'member'] as const,
};

export function memberQuery(ref: UserRef, channel: string, member: string) {
  const fetchMember = adapters[ref.api].fetchMember;
  return queryOptions({
    queryKey: [...detailKeys.member(ref, channel), member],
    queryFn: ({ signal }) => {
      if (!fetchMember) throw new Error(`${ref.api} has no member resource`);
      return fetchMember(ref.service, channel, member, signal);
    },
    enabled: fetchMember !== null,
  });
}

/**
 * The membership as the table already has it: the drawer shows it at once and, while that page is fresh, costs no
 * request; a stale page (or a deep link with no page at all) fetches the record.
 */
function findInPages(queryClient: QueryClient, ref: UserRef, channel: string) {
  for (const [key, list] of cachedLists(queryClient, ref)) {
    const row = listRows(list).find((r) => r.channelSid === channel);
    if (row) return { row, updatedAt: queryClient.getQueryState(key)?.dataUpdatedAt };
  }
  return undefined;
}

export function useMembershipDetail(ref: UserRef, channel: string) {
  const queryClient = useQueryClient();
  return useQuery({
    ...membershipDetailQuery(ref, channel),
    initialData: (): Membership | undefined => findInPages(queryClient, ref, channel)?.row,
    initialDataUpdatedAt: () => findInPages(queryClient, ref, channel)?.updatedAt,
  });
}

export function useChannelInfo(ref: UserRef, channel: string) {
  return useQuery(channelQuery(ref.api, ref.service, channel));
}

/**
 * The read position that leaves exactly the newest `count` messages unread: the index of the message just before
 * them, read from Twilio through the API's own messages resource (indices skip numbers, so it is never computed).
 * null when the channel has `count` messages or fewer (everything would be unread: clear the read position instead).
 */
export async function readPositionLeavingUnread(
  ref: UserRef,
  channel: string,
  count: number,
): Promise<number | null> {
  const listNewest = adapters[ref.api].listNewestMessages;
  if (!listNewest) return null;
  const newest = await listNewest(ref.service, channel, count + 1);
  return newest[count]?.index ?? null;
}
