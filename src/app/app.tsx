import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo } from 'react';
import { navigate, usePathname } from 'wouter/use-browser-location';
import { ConsoleShortcuts } from '../features/keyboard-shortcuts/components/console-shortcuts.tsx';
import { useCanEdit, useSession } from '../features/session/api/get-session.ts';
import { SessionBadge } from '../features/session/components/session-badge.tsx';
import { useUndoOffers } from '../features/undo/api/use-undo-offers.ts';
import { UndoToaster } from '../features/undo/components/undo-toaster.tsx';
import { rememberViewedUser } from '../features/user-lookup/api/recent-users.ts';
import { userQuery } from '../features/user-lookup/api/user.ts';
import { LookupForm, type LookupTarget } from '../features/user-lookup/components/lookup-form.tsx';
import { afterNextPaint } from '../lib/after-paint.ts';
import { adapters } from '../lib/twilio/adapters.ts';
import { describeDone } from '../lib/twilio/change-words.ts';
import type { MembershipChange } from '../lib/twilio/membership-mutations.ts';
import { cachedMembership, type UserRef } from '../lib/twilio/queries.ts';
import { Link } from '../ui/link.tsx';
import { Toaster } from '../ui/toast.tsx';
import { createLookupHold } from './lookup-hold.ts';
import { type ConsoleLocation, isHistoryPath, parseConsolePath, paths } from './paths.ts';
import { prefetchUserView } from './prefetch.ts';
import { UserView } from './user-view.tsx';
import { preloadUserViewParts } from './user-view-parts.ts';

// Finding a participant by address (Conversations) is a view of its own, loaded when used.
const ParticipantConversationsView = lazy(
  () => import('../features/participant-lookup/components/participant-conversations-view.tsx'),
);
const HistoryView = lazy(() => import('./history-view.tsx'));

/**
 * How long Look up keeps the current screen while the user and the first page load: long enough for a fast answer
 * to skip the skeleton, short enough that a slow one still shows the loading view (BENCHMARKS.md, "Speed work").
 */
export const LOOKUP_HOLD_MS = 60;

export function App() {
  const queryClient = useQueryClient();
  useUndoOffers();
  // Look up asks for the user and the first page at once and shows the view when they are in (or after
  // LOOKUP_HOLD_MS): see lookup-hold.ts.
  const lookUp = useMemo(() => createLookupHold(LOOKUP_HOLD_MS, navigate), []);
  const onLookUp = useCallback(
    (target: LookupTarget) =>
      void lookUp(paths.user(target.api, target.service, target.user), prefetchUserView(queryClient, target)),
    [queryClient, lookUp],
  );
  // `m` on a focused row: the same optimistic change as the drawer's, for the user the address shows.
  const mayEdit = useCanEdit();
  const toggleMute = useCallback(
    (channelSid: string, label: string) => {
      if (!mayEdit) return null;
      const location = parseConsolePath(window.location.pathname);
      if (!location?.service || !location.user) return null;
      const ref: UserRef = { api: location.api, service: location.service, user: location.user };
      const row = cachedMembership(queryClient, ref, channelSid);
      if (!row || row.notificationLevel === null || !adapters[ref.api].profile.canEdit) return null;
      const change: MembershipChange = {
        kind: 'update',
        channelSid,
        patch: { notificationLevel: row.notificationLevel === 'muted' ? 'default' : 'muted' },
      };
      // Failures are reported like a closed drawer's (a notice) and roll the row back. The change machinery loads
      // with the first change, not with the first view.
      void import('../lib/twilio/membership-runner.ts')
        .then(({ runMembershipChange }) => runMembershipChange(queryClient, ref, change))
        .catch(() => undefined);
      return describeDone(change, label);
    },
    [queryClient, mayEdit],
  );
  // The shell doesn't read the address: only the form and the view do, so a lookup re-renders those two, not the
  // header, the toasters and the shortcuts with them.
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link href={paths.home()} className="brand">
          Horizon
        </Link>
        <AddressLookupForm onLookUp={onLookUp} />
        <Link href={paths.history()}>History</Link>
        <SessionBadge />
      </header>
      <main id="main" className="app-main">
        <AddressView />
      </main>
      <Toaster />
      <UndoToaster />
      <ConsoleShortcuts toggleMute={toggleMute} />
    </div>
  );
}

const useConsoleLocation = () => parseConsolePath(usePathname());

/** The lookup form, showing what the address shows. */
function AddressLookupForm({ onLookUp }: { onLookUp: (target: LookupTarget) => void }) {
  const location = useConsoleLocation();
  const apis = useSession().data?.apis;
  return (
    <LookupForm
      api={location?.api ?? 'chat-v2'}
      service={location?.service ?? null}
      user={location?.participant ?? location?.user ?? null}
      apis={apis}
      onLookUp={onLookUp}
      onTyping={preloadUserViewParts}
      onFindParticipant={({ service, address }) => navigate(paths.participant(service, address))}
    />
  );
}

/** What the address names: the home page, a user's view (with a channel's drawer), or "not found". */
function AddressView() {
  const location = useConsoleLocation();
  if (isHistoryPath(usePathname()))
    return (
      <Suspense fallback={null}>
        <HistoryView />
      </Suspense>
    );
  return location ? <ConsoleView location={location} /> : <NotFound />;
}

function NotFound() {
  return (
    <div className="intro">
      <h1>Page not found</h1>
      <p>
        This address isn't a Horizon view. <Link href={paths.home()}>Start a new lookup</Link>.
      </p>
    </div>
  );
}

function ConsoleView({ location }: { location: ConsoleLocation }) {
  const { api, service, user, channel, participant } = location;
  const found = useQuery({
    ...userQuery({ api, service: service ?? '', user: user ?? '' }),
    enabled: false,
  }).isSuccess;
  // After the frame that shows the user: a storage write has no business in the task that draws the rows.
  useEffect(() => {
    if (found && service && user) return afterNextPaint(() => rememberViewedUser({ api, service, user }));
  }, [found, api, service, user]);
  // The tab says whose view it is (agents keep several open); here, so the view itself changes nothing outside.
  // After the frame that shows the view: setting the title tells the browser process, 0–2 ms measured in the page.
  const whose = user ?? participant;
  useEffect(
    () =>
      afterNextPaint(() => {
        document.title = service && whose ? `${whose} · Horizon` : 'Horizon';
      }),
    [service, whose],
  );
  if (service && participant) {
    return (
      <Suspense fallback={<p className="muted-text">Loading…</p>}>
        <ParticipantConversationsView
          key={`${service}\u0000${participant}`}
          service={service}
          address={participant}
          userHref={(identity) => paths.user('conversations', service, identity)}
        />
      </Suspense>
    );
  }
  if (!service || !user) {
    return (
      <div className="intro">
        <h1>Find a user</h1>
        <p>
          Choose the API and service, type the user's identity or US… SID exactly as it appears in the ticket,
          and press <kbd>Enter</kbd> or <strong>Look up</strong>.
        </p>
        {api === 'conversations' && (
          <p>
            A customer who writes by SMS or WhatsApp has no identity: type their phone number (+15551234567)
            or whatsapp:+… address instead.
          </p>
        )}
      </div>
    );
  }
  return <UserView userRef={{ api, service, user }} channel={channel} />;
}
