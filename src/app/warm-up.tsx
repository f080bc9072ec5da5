import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { sessionQuery } from '../features/session/api/get-session.ts';
import { defaultPageSize } from '../features/user-channels/api/use-channel-pages.ts';
import { servicesQuery } from '../features/user-lookup/api/services.ts';
import { userQuery } from '../features/user-lookup/api/user.ts';
import { afterNextPaint } from '../lib/after-paint.ts';
import type { Membership } from '../lib/twilio/membership.ts';
import { channelQuery, membershipPageQuery, type UserRef } from '../lib/twilio/queries.ts';
import { UserView } from './app.tsx';

// Before the agent's first lookup, the console renders a user's view (UserView, the component a lookup shows) once,
// off screen and hidden, with made-up data, then removes it. Without it the first lookup in a fresh page ran that
// code for the first time (React on those components, react-table, the cells) and laid the table out for the first
// time: ~40 ms more than any later lookup (BENCHMARKS.md, "Speed work", third round). Nothing here touches the
// network: the view reads a cache of its own, seeded with everything it asks for, whose queries are all disabled.

const SERVICE = `IS${'0'.repeat(32)}`;
const WARM_UP_USER: UserRef = { api: 'chat-v2', service: SERVICE, user: 'warm-up@horizon.invalid' };
/** The view is removed by then even if its last rows never report in (a hidden tab doesn't paint). */
const WARM_UP_MAX_MS = 3000;

const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, '0')}`;

/**
 * A page as the Chat v2 adapter returns it, in the usual mix of states so each kind of cell renders. A whole page,
 * in two stages like a lookup's (20 rows did no better in an A/B: +9 ms, 6 of 14 runs faster).
 */
export function warmUpRows(count = defaultPageSize(WARM_UP_USER.api)): Membership[] {
  return Array.from({ length: count }, (_, i) => ({
    api: WARM_UP_USER.api,
    serviceSid: SERVICE,
    channelSid: sid('CH', i),
    memberSid: sid('MB', i),
    userSid: sid('US', 0),
    status: i % 7 === 3 ? 'invited' : 'joined',
    lastReadIndex: i % 5 === 4 ? null : i * 3,
    unread: i % 5 === 4 ? null : i % 4,
    unreadCapped: false,
    notificationLevel: i % 3 === 0 ? 'muted' : 'default',
    friendlyName: null,
    uniqueName: null,
    unreadPending: false,
    conversation: null,
  }));
}

/** A cache holding everything the view reads, where no query may fetch. */
export function warmUpQueryClient(rows: readonly Membership[] = warmUpRows()): QueryClient {
  const client = new QueryClient({
    defaultOptions: { queries: { enabled: false, staleTime: Number.POSITIVE_INFINITY, retry: false } },
  });
  const { api, service, user } = WARM_UP_USER;
  // An editor's view: the row checkboxes and "Select all" are part of it.
  client.setQueryData(sessionQuery.queryKey, {
    mode: 'demo',
    auth: 'none',
    agent: { name: 'Warm-up', role: 'editor' },
  });
  client.setQueryData(servicesQuery(api).queryKey, [{ sid: service, friendlyName: 'Warm-up' }]);
  client.setQueryData(userQuery(WARM_UP_USER).queryKey, {
    sid: sid('US', 0),
    identity: user,
    friendlyName: null,
    joinedChannelsCount: rows.length,
    isOnline: false,
    isNotifiable: true,
  });
  client.setQueryData(membershipPageQuery(WARM_UP_USER, defaultPageSize(api), null).queryKey, {
    rows: [...rows],
    pageSize: defaultPageSize(api),
    hasNextPage: false,
    hasPreviousPage: false,
    nextToken: null,
    previousToken: null,
  });
  // The names the table asks for after its first paint (channelQuery is the one query that fetches while disabled:
  // the names loop calls fetchQuery, which returns these instead).
  for (const [i, row] of rows.entries()) {
    client.setQueryData(channelQuery(api, service, row.channelSid).queryKey, {
      sid: row.channelSid,
      friendlyName: `Warm-up channel ${i}`,
      uniqueName: i % 2 === 0 ? `warm-up-${i}` : null,
      type: 'private',
      membersCount: 2,
      messagesCount: i * 3,
      createdBy: null,
      dateCreated: null,
      dateUpdated: null,
      attributes: null,
    });
  }
  return client;
}

/**
 * Renders the off-screen view into `document.body` and removes it once all its rows have been laid out (the table
 * drops aria-busy), or after WARM_UP_MAX_MS. Returns a function that removes it at once.
 */
export function warmUpUserView(client: QueryClient = warmUpQueryClient()): () => void {
  const host = document.createElement('div');
  host.className = 'warm-up';
  host.setAttribute('aria-hidden', 'true');
  host.setAttribute('inert', '');
  const main = document.createElement('div');
  main.className = 'app-main';
  host.append(main);
  document.body.append(host);
  const root = createRoot(main);

  let removed = false;
  let cancelPaint = () => {};
  const remove = () => {
    if (removed) return;
    removed = true;
    observer.disconnect();
    clearTimeout(timer);
    cancelPaint();
    root.unmount();
    host.remove();
    // Its queries' garbage-collection timers would keep the made-up data alive for gcTime (5 min).
    client.clear();
  };
  // Done when the table shows every row; removed after the frame that lays them out.
  const observer = new MutationObserver(() => {
    if (main.querySelector('table[aria-busy="false"]')) {
      observer.disconnect();
      cancelPaint = afterNextPaint(remove);
    }
  });
  observer.observe(main, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-busy'],
  });
  const timer = setTimeout(remove, WARM_UP_MAX_MS);

  // A transition: rendered in slices that yield to the agent's typing.
  startTransition(() =>
    root.render(
      <QueryClientProvider client={client}>
        <UserView userRef={WARM_UP_USER} channel={null} />
      </QueryClientProvider>,
    ),
  );
  return remove;
}
