// The push facts the diagnosis reads: the service's push settings (and Chat's limits) and the user's device
// registrations (bindings), and the one change it makes itself: removing a binding. Chat v1 reads them through
// Chat v2 (same service, same users).
import { queryOptions, skipToken, useMutation, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client.ts';
import { listEnvelope, pageInfoFromMeta } from '../../../lib/twilio/list.ts';
import type { ApiKind } from '../../../lib/twilio/membership.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import type { PushBinding, PushDevices, ServicePushSettings } from '../lib/finding.ts';

const newMessageSchema = z.nullish(
  z.object({ enabled: z.nullish(z.boolean()), badge_count_enabled: z.nullish(z.boolean()) }),
);

/** chat.v2.service: only what the diagnosis reads (notifications and limits are free-form objects in the spec). */
const chatServiceSchema = z.object({
  notifications: z.nullish(z.object({ new_message: newMessageSchema })),
  limits: z.nullish(z.object({ user_channels: z.nullish(z.int()) })),
});

/** conversations.v1.service.service_configuration.service_notification */
const conversationsNotificationsSchema = z.object({ new_message: newMessageSchema });

const bindingSchema = z.object({
  sid: z.string(),
  binding_type: z.string(),
  endpoint: z.nullish(z.string()),
  date_created: z.nullish(z.string()),
  date_updated: z.nullish(z.string()),
});

const bindingList = listEnvelope('bindings', bindingSchema);

/** Twilio's page maximum for each API's bindings list (the spec: 50 in Chat v2, 100 in Conversations). */
const BINDINGS_PAGE: Record<'chat' | 'conversations', number> = { chat: 50, conversations: 100 };

/**
 * How many pages of devices the diagnosis follows: 250 (Chat) or 500 (Conversations) registrations already say
 * "far too many devices"; reading on would only cost requests. Past it the findings say how many were read.
 */
export const MAX_BINDING_PAGES = 5;

export const pushKeys = {
  service: (api: ApiKind, service: string) => ['push', api, service, 'settings'] as const,
  bindings: (ref: UserRef) => ['push', ref.api, ref.service, ref.user, 'bindings'] as const,
};

export function servicePushQuery(apiKind: ApiKind, service: string) {
  return queryOptions({
    queryKey: pushKeys.service(apiKind, service),
    queryFn: async ({ signal }): Promise<ServicePushSettings> => {
      if (apiKind === 'conversations') {
        const raw = await api.get(
          ['conversations', 'v1', 'Services', service, 'Configuration', 'Notifications'],
          conversationsNotificationsSchema,
          { signal },
        );
        return {
          newMessageEnabled: raw.new_message?.enabled ?? null,
          badgeCountEnabled: raw.new_message?.badge_count_enabled ?? null,
          userChannelsLimit: null,
        };
      }
      const raw = await api.get(['chat', 'v2', 'Services', service], chatServiceSchema, { signal });
      return {
        newMessageEnabled: raw.notifications?.new_message?.enabled ?? null,
        badgeCountEnabled: raw.notifications?.new_message?.badge_count_enabled ?? null,
        userChannelsLimit: raw.limits?.user_channels ?? null,
      };
    },
    // Service settings change rarely; one read serves every drawer of the session's next minutes.
    staleTime: 5 * 60_000,
  });
}

/** One page of the user's devices: Chat reads them under the user, Conversations filters the service's by identity. */
async function bindingsPage(ref: UserRef, identity: string, token: string | null, signal: AbortSignal) {
  const query = { PageToken: token ?? undefined };
  const body =
    ref.api === 'conversations'
      ? await api.get(['conversations', 'v1', 'Services', ref.service, 'Bindings'], bindingList, {
          query: { ...query, Identity: identity, PageSize: BINDINGS_PAGE.conversations },
          signal,
        })
      : await api.get(['chat', 'v2', 'Services', ref.service, 'Users', ref.user, 'Bindings'], bindingList, {
          query: { ...query, PageSize: BINDINGS_PAGE.chat },
          signal,
        });
  return { bindings: body.bindings, nextToken: pageInfoFromMeta(body.meta).nextToken };
}

/**
 * The user's devices, page after page (Twilio's next_page_url, through the proxy) up to MAX_BINDING_PAGES. Chat reads
 * them under the user (identity or SID, as typed); Conversations lists the service's bindings filtered by identity, so
 * it waits for the identity when the agent typed a US… SID.
 */
export function bindingsQuery(ref: UserRef, identity: string | null) {
  return queryOptions({
    queryKey: pushKeys.bindings(ref),
    // skipToken rather than `enabled`, so a cache whose queries are all disabled (the warm-up's) stays so.
    queryFn:
      ref.api === 'conversations' && identity === null
        ? skipToken
        : async ({ signal }): Promise<PushDevices> => {
            const bindings: PushBinding[] = [];
            let token: string | null = null;
            for (let page = 0; page < MAX_BINDING_PAGES; page++) {
              const read = await bindingsPage(ref, identity ?? ref.user, token, signal);
              bindings.push(
                ...read.bindings.map((b) => ({
                  sid: b.sid,
                  kind: b.binding_type,
                  endpoint: b.endpoint ?? null,
                  dateCreated: b.date_created ?? null,
                  dateUpdated: b.date_updated ?? null,
                })),
              );
              token = read.nextToken;
              if (!token) return { bindings, capped: false };
            }
            return { bindings, capped: true };
          },
    staleTime: 60_000,
  });
}

/** Removes one device registration (audited by Horizon's server). Twilio can't restore it: there is no undo. */
export function useRemoveBinding(ref: UserRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (binding: PushBinding) =>
      api.delete(
        ref.api === 'conversations'
          ? ['conversations', 'v1', 'Services', ref.service, 'Bindings', binding.sid]
          : ['chat', 'v2', 'Services', ref.service, 'Users', ref.user, 'Bindings', binding.sid],
      ),
    onSuccess: (_result, binding) => {
      queryClient.setQueryData<PushDevices>(
        pushKeys.bindings(ref),
        (current) =>
          current && { ...current, bindings: current.bindings.filter((b) => b.sid !== binding.sid) },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: pushKeys.bindings(ref) }),
  });
}
