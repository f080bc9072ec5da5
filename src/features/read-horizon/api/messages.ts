import { queryOptions } from '@tanstack/react-query';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { MessageSummary } from '../../../lib/twilio/membership.ts';
import { membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';

export type ChannelMessage = MessageSummary;

export const NEWEST_MESSAGES = 10;

/**
 * The channel's newest messages, oldest of them first, through the API's own message list (Conversations reads
 * Conversations' messages; Chat v1 reads Chat v2's, same channel SIDs).
 * Under the membership detail key, so a read-position change refreshes it along with the drawer.
 */
export function newestMessagesQuery(ref: UserRef, channel: string, count = NEWEST_MESSAGES) {
  const listNewest = adapters[ref.api].listNewestMessages;
  return queryOptions({
    queryKey: [...membershipKeys.detail(ref, channel), 'messages', count] as const,
    queryFn: async ({ signal }): Promise<ChannelMessage[]> => {
      if (!listNewest) throw new Error(`${ref.api} has no message list`);
      const newest = await listNewest(ref.service, channel, count, signal);
      return [...newest].sort((a, b) => a.index - b.index);
    },
    enabled: listNewest !== null,
  });
}

/** Where the read position goes: before the first message with a greater index (messages sorted by index). */
export function readLinePosition(
  messages: readonly ChannelMessage[],
  lastReadIndex: number | null,
): number | null {
  if (lastReadIndex === null) return null;
  const after = messages.findIndex((m) => m.index > lastReadIndex);
  return after < 0 ? messages.length : after;
}
