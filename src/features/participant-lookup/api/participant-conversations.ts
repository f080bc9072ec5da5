import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client.ts';
import {
  conversationStatus,
  messagingBindingSchema,
  stateSchema,
  timersSchema,
  toMessagingBinding,
} from '../../../lib/twilio/conversations.ts';
import { listEnvelope, type PageInfo, pageInfoFromMeta } from '../../../lib/twilio/list.ts';
import type { ConversationStatus, MessagingBinding } from '../../../lib/twilio/membership.ts';

/** The 2026 spec's maximum for ParticipantConversations. */
export const PARTICIPANT_CONVERSATIONS_PAGE_SIZE = 50;

/** conversations.v1.service.service_participant_conversation */
const participantConversationSchema = z.object({
  conversation_sid: z.string(),
  participant_sid: z.nullish(z.string()),
  participant_user_sid: z.nullish(z.string()),
  participant_identity: z.nullish(z.string()),
  participant_messaging_binding: messagingBindingSchema,
  conversation_friendly_name: z.nullish(z.string()),
  conversation_unique_name: z.nullish(z.string()),
  conversation_state: stateSchema,
  conversation_timers: timersSchema,
  conversation_date_created: z.nullish(z.string()),
  conversation_date_updated: z.nullish(z.string()),
});

/** One conversation a participant is in, as ParticipantConversations describes it. */
export interface ParticipantConversation extends ConversationStatus {
  conversationSid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  dateCreated: string | null;
  dateUpdated: string | null;
  participantSid: string | null;
  /** Set for a chat participant (a Conversations user); null for SMS/WhatsApp/Messenger participants. */
  identity: string | null;
  binding: MessagingBinding | null;
}

export interface ParticipantConversationsPage extends PageInfo {
  rows: ParticipantConversation[];
}

export function participantConversationsQuery(service: string, address: string, token: string | null) {
  return queryOptions({
    queryKey: ['participant-conversations', service, address, token] as const,
    queryFn: async ({ signal }): Promise<ParticipantConversationsPage> => {
      const body = await api.get(
        ['conversations', 'v1', 'Services', service, 'ParticipantConversations'],
        listEnvelope('conversations', participantConversationSchema),
        {
          // The client form-encodes the query: `+` goes out as %2B, never as a space.
          query: {
            Address: address,
            PageSize: PARTICIPANT_CONVERSATIONS_PAGE_SIZE,
            PageToken: token ?? undefined,
          },
          signal,
        },
      );
      return {
        rows: body.conversations.map((raw) => ({
          conversationSid: raw.conversation_sid,
          friendlyName: raw.conversation_friendly_name ?? null,
          uniqueName: raw.conversation_unique_name ?? null,
          ...conversationStatus(raw.conversation_state, raw.conversation_timers),
          dateCreated: raw.conversation_date_created ?? null,
          dateUpdated: raw.conversation_date_updated ?? null,
          participantSid: raw.participant_sid ?? null,
          identity: raw.participant_identity ?? null,
          binding: toMessagingBinding(raw.participant_messaging_binding),
        })),
        ...pageInfoFromMeta(body.meta),
      };
    },
    placeholderData: keepPreviousData,
  });
}
