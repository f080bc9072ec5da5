import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { navigate, usePathname } from 'wouter/use-browser-location';
import { ChannelsView } from '../features/channels/components/channels-view.tsx';
import { RowHintContext } from '../features/diagnosis/components/row-hint-context.ts';
import type { Symptom } from '../features/diagnosis/lib/finding.ts';
import { ConsoleShortcuts } from '../features/keyboard-shortcuts/components/console-shortcuts.tsx';
import { useCanEdit, useSession } from '../features/session/api/get-session.ts';
import { SessionBadge } from '../features/session/components/session-badge.tsx';
import { useUndoOffers } from '../features/undo/api/use-undo-offers.ts';
import { UndoToaster } from '../features/undo/components/undo-toaster.tsx';
import { rememberViewedUser } from '../features/user-lookup/api/recent-users.ts';
import { userQuery } from '../features/user-lookup/api/user.ts';
import { LookupForm, type LookupTarget } from '../features/user-lookup/components/lookup-form.tsx';
import { isUnknownUser, UserSummary } from '../features/user-lookup/components/user-summary.tsx';
import { adapters } from '../lib/twilio/adapters.ts';
import { describeDone } from '../lib/twilio/change-words.ts';
import type { Membership } from '../lib/twilio/membership.ts';
import type { MembershipChange } from '../lib/twilio/membership-mutations.ts';
import { cachedMembership, type UserRef } from '../lib/twilio/queries.ts';
import { Link } from '../ui/link.tsx';
import { Toaster } from '../ui/toast.tsx';
import { AfterFirstPaint, ViewPaintedProvider } from './after-first-paint.tsx';
import type { ArrangeRows } from './diagnosis-bar.tsx';
import { createLookupHold } from './lookup-hold.ts';
import { type ConsoleLocation, isHistoryPath, parseConsolePath, paths } from './paths.ts';
import { prefetchUserView } from './prefetch.ts';
import {
  loadActivityList,
  loadChannelTools,
  loadDiagnosisBar,
  loadMutedUntilNote,
  loadRowHint,
  preloadUserViewParts,
} from './user-view-parts.ts';

// The drawer isn't part of the first view: its code loads when a channel opens.
const ChannelDrawer = lazy(() => import('../features/channel-detail/components/channel-drawer.tsx'));
// The table's tools and diagnosis (user-view-parts.ts) and the drawer's extra sections load after the first view.
// ("Recent changes" is part of every user view: 1.7 KB gzip in the first view instead of a chunk each first lookup
// waited for.)
const ChannelTools = lazy(loadChannelTools);
const ActivityList = lazy(loadActivityList);
const DrawerExtras = lazy(() => import('./drawer-extras.tsx'));
// Finding a participant by address (Conversations) is a view of its own, loaded when used.
const ParticipantConversationsView = lazy(
  () => import('../features/participant-lookup/components/participant-conversations-view.tsx'),
);
const DrawerDiagnosis = lazy(() => import('./drawer-diagnosis.tsx'));
const DrawerSchedule = lazy(() => import('./drawer-schedule.tsx'));
const MutedUntilNote = lazy(loadMutedUntilNote);
const DiagnosisBar = lazy(loadDiagnosisBar);
const RowHint = lazy(loadRowHint);
const rowHint = (row: Membership) => (
  <AfterFirstPaint>
    <Suspense fallback={null}>
      <RowHint row={row} />
    </Suspense>
  </AfterFirstPaint>
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
  // Remembered here, not in UserView (the warm-up renders that one and must change nothing outside itself).
  const found = useQuery({
    ...userQuery({ api, service: service ?? '', user: user ?? '' }),
    enabled: false,
  }).isSuccess;
  useEffect(() => {
    if (found && service && user) rememberViewedUser({ api, service, user });
  }, [found, api, service, user]);
  // The tab says whose view it is (agents keep several open); here, so the view itself changes nothing outside.
  const whose = user ?? participant;
  useEffect(() => {
    document.title = service && whose ? `${whose} · Horizon` : 'Horizon';
  }, [service, whose]);
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

/** One user's view: the summary, the trail, the channels (paged or all) and the drawer. */
export function UserView({ userRef: unstableRef, channel }: { userRef: UserRef; channel: string | null }) {
  const { api, service, user } = unstableRef;
  const userRef = useMemo<UserRef>(() => ({ api, service, user }), [api, service, user]);
  const canEdit = useCanEdit();
  const [announcement, setAnnouncement] = useState('');
  // Started here and in the channel list at the same time: the lookup never waits for the user before listing.
  const userResult = useQuery(userQuery(userRef));
  const unknownUser = userResult.isError && isUnknownUser(userResult.error);

  // Whether the open drawer was opened from the table (then Close = Back) or by a pasted link.
  const openedInApp = useRef(false);
  const previousChannel = useRef(channel);
  useEffect(() => {
    if (channel && !previousChannel.current) openedInApp.current = true;
    if (!channel) openedInApp.current = false;
    previousChannel.current = channel;
  }, [channel]);

  const closeDrawer = useCallback(() => {
    if (openedInApp.current) window.history.back();
    else navigate(paths.user(api, service, user));
  }, [api, service, user]);

  const userHref = useCallback((other: string) => paths.user(api, service, other), [api, service]);
  const channelHref = useCallback(
    (sid: string) => paths.channel(api, service, user, sid),
    [api, service, user],
  );
  const viewKey = `${api}\u0000${service}\u0000${user}`;
  // The ticket's symptom belongs to the user it was picked for: another user starts without one.
  const [symptomPick, setSymptomPick] = useState<{
    key: string;
    symptom: Symptom | null;
    arrange?: ArrangeRows;
  } | null>(null);
  const symptom = symptomPick?.key === viewKey ? symptomPick : null;
  const rowHints = useMemo(
    () => ({ identity: userResult.data?.identity ?? user, symptom: symptom?.symptom ?? null }),
    [userResult.data?.identity, user, symptom?.symptom],
  );

  // "until Mon 09:00" after a row's level: every row reads the user's one schedules query (loaded after the first view).
  const levelNote = useCallback(
    (row: Membership) =>
      row.notificationLevel === 'muted' ? (
        <AfterFirstPaint>
          <Suspense fallback={null}>
            <MutedUntilNote userRef={userRef} channel={row.channelSid} />
          </Suspense>
        </AfterFirstPaint>
      ) : null,
    [userRef],
  );

  // "Recent changes" keeps its place while it loads: the table below doesn't move when it comes.
  const recentChangesSlot = <div className="activity-slot" />;
  return (
    <ViewPaintedProvider viewKey={viewKey} ready={!userResult.isPending}>
      <h1 className="visually-hidden">User {user}</h1>
      <div className="user-head">
        <UserSummary userRef={userRef} userHref={userHref} />
        {!unknownUser && (
          <AfterFirstPaint fallback={recentChangesSlot}>
            <Suspense fallback={recentChangesSlot}>
              <ActivityList
                userRef={userRef}
                channel={null}
                title="Recent changes"
                limit={5}
                headingLevel={2}
                collapsed
              />
            </Suspense>
          </AfterFirstPaint>
        )}
      </div>
      <p role="status" className="announcement">
        {announcement}
      </p>
      {!unknownUser && (
        <RowHintContext.Provider value={rowHints}>
          <ChannelsView
            // Another user starts over: paged, nothing selected, no filters.
            key={viewKey}
            userRef={userRef}
            channelHref={channelHref}
            openChannel={channel}
            canEdit={canEdit}
            renderTools={(context) => (
              <AfterFirstPaint>
                <Suspense fallback={null}>
                  <ChannelTools userRef={userRef} canEdit={canEdit} context={context} />
                </Suspense>
              </AfterFirstPaint>
            )}
            renderDiagnosis={(select) =>
              userResult.isSuccess && (
                <AfterFirstPaint>
                  <Suspense fallback={null}>
                    <DiagnosisBar
                      userRef={userRef}
                      canChange={canEdit && adapters[api].profile.canEdit}
                      symptom={symptom?.symptom ?? null}
                      onSymptomChange={(next, arrange) =>
                        setSymptomPick({ key: viewKey, symptom: next, arrange })
                      }
                      onSelect={select}
                    />
                  </Suspense>
                </AfterFirstPaint>
              )
            }
            rowHint={rowHint}
            levelNote={levelNote}
            arrangeRows={symptom?.arrange}
          />
        </RowHintContext.Provider>
      )}
      {channel && (
        <Suspense fallback={null}>
          <ChannelDrawer
            key={channel}
            userRef={userRef}
            channel={channel}
            canEdit={canEdit}
            onClose={closeDrawer}
            extra={
              <Suspense fallback={null}>
                <DrawerExtras userRef={userRef} channel={channel} />
              </Suspense>
            }
            schedule={(context) => (
              <Suspense fallback={null}>
                <DrawerSchedule userRef={userRef} {...context} />
              </Suspense>
            )}
            diagnosis={(context) => (
              <Suspense fallback={null}>
                <DrawerDiagnosis userRef={userRef} channel={channel} {...context} />
              </Suspense>
            )}
            onRemoved={(message) => {
              setAnnouncement(message);
              closeDrawer();
            }}
          />
        </Suspense>
      )}
    </ViewPaintedProvider>
  );
}
