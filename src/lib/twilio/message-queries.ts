import { queryOptions } from '@tanstack/react-query';
import { adapters } from './adapters.ts';
import type { MessageSummary } from './membership.ts';
import { membershipKeys, type UserRef } from './queries.ts';

/** How many of a channel's newest messages the drawer reads: the read position's panel, the diagnosis, the newest index. */
export const NEWEST_MESSAGES = 10;

/**
 * The channel's newest messages, oldest of them first, through the API's own message list (Conversations reads
 * Conversations' messages; Chat v1 reads Chat v2's, same channel SIDs). One request serves the whole drawer.
 * Under the membership detail key, so a read-position change refreshes it along with the drawer.
 */
export function newestMessagesQuery(ref: UserRef, channel: string, count = NEWEST_MESSAGES) {
  const listNewest = adapters[ref.api].listNewestMessages;
  return queryOptions({
    queryKey: [...membershipKeys.detail(ref, channel), 'messages', count] as const,
    queryFn: async ({ signal }): Promise<MessageSummary[]> => {
      if (!listNewest) throw new Error(`${ref.api} has no message list`);
      const newest = await listNewest(ref.service, channel, count, signal);
      return [...newest].sort((a, b) => a.index - b.index);
    },
    enabled: listNewest !== null,
  });
}

/**
 * The newest message's index (null: the channel has no messages), read from the same newest messages: the drawer
 * asked Twilio for the newest message and for the newest ten, one request more per drawer for a fact the ten hold.
 * Only for an API whose adapter offers the newest index (not Chat v1, whose drawer can't move the read position).
 */
export function newestMessageIndexQuery(ref: UserRef, channel: string) {
  return queryOptions({
    ...newestMessagesQuery(ref, channel),
    select: (messages: MessageSummary[]) => messages.at(-1)?.index ?? null,
    enabled:
      adapters[ref.api].fetchNewestMessageIndex !== null && adapters[ref.api].listNewestMessages !== null,
  });
}
