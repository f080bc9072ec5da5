import { queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client.ts';
import { listEnvelope } from '../../../lib/twilio/list.ts';
import { membershipKeys, type UserRef } from '../../../lib/twilio/queries.ts';

const messageSchema = z.object({
  sid: z.string(),
  index: z.int(),
  from: z.nullable(z.string()),
  body: z.nullable(z.string()),
  date_created: z.nullable(z.string()),
});

export interface ChannelMessage {
  sid: string;
  index: number;
  author: string | null;
  body: string | null;
  dateCreated: string | null;
}

export const NEWEST_MESSAGES = 10;

/**
 * The channel's newest messages, oldest of them first. Read through Chat v2's Messages list for every API: it is
 * the one message list Horizon's proxy forwards (Conversations and Chat share channel SIDs).
 * Under the membership detail key, so a read-position change refreshes it along with the drawer.
 */
export function newestMessagesQuery(ref: UserRef, channel: string, count = NEWEST_MESSAGES) {
  return queryOptions({
    queryKey: [...membershipKeys.detail(ref, channel), 'messages', count] as const,
    queryFn: async ({ signal }): Promise<ChannelMessage[]> => {
      const body = await api.get(
        ['chat', 'v2', 'Services', ref.service, 'Channels', channel, 'Messages'],
        listEnvelope('messages', messageSchema),
        { query: { Order: 'desc', PageSize: count }, signal },
      );
      return body.messages
        .map((m) => ({
          sid: m.sid,
          index: m.index,
          author: m.from,
          body: m.body,
          dateCreated: m.date_created,
        }))
        .sort((a, b) => a.index - b.index);
    },
  });
}

/** Where the read line goes: before the first message with a greater index (messages sorted by index). */
export function readLinePosition(
  messages: readonly ChannelMessage[],
  lastReadIndex: number | null,
): number | null {
  if (lastReadIndex === null) return null;
  const after = messages.findIndex((m) => m.index > lastReadIndex);
  return after < 0 ? messages.length : after;
}
