import type { QueryClient } from '@tanstack/react-query';
import { firstPageQuery } from '../features/channels/api/use-channel-pages.ts';
import { sessionQuery } from '../features/session/api/get-session.ts';
import { servicesQuery } from '../features/user-lookup/api/services.ts';
import { userQuery } from '../features/user-lookup/api/user.ts';
import type { UserRef } from '../lib/twilio/queries.ts';
import type { ConsoleLocation } from './paths.ts';

// Requests a view needs first, started before React renders it: the view's hooks use the same query keys, so they
// find the answers in flight or cached instead of asking only once their render has committed.

/** A user's view: the user and the first page of channels, in parallel. Settles when both have (never rejects). */
export function prefetchUserView(queryClient: QueryClient, ref: UserRef): Promise<void> {
  return Promise.all([
    queryClient.prefetchQuery(userQuery(ref)),
    queryClient.prefetchQuery(firstPageQuery(ref)),
  ]).then(() => undefined);
}

/** Opening the console at a URL: the session and the services list, and the user's view when the URL names one. */
export function prefetchConsole(queryClient: QueryClient, location: ConsoleLocation | null): void {
  void queryClient.prefetchQuery(sessionQuery);
  void queryClient.prefetchQuery(servicesQuery(location?.api ?? 'chat-v2'));
  if (location?.service && location.user) {
    void prefetchUserView(queryClient, { api: location.api, service: location.service, user: location.user });
  }
}
