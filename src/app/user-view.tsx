import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { navigate } from 'wouter/use-browser-location';
import { firstPageQuery } from '../features/channels/api/use-channel-pages.ts';
import { ChannelsView } from '../features/channels/components/channels-view.tsx';
import { RowHintContext } from '../features/diagnosis/components/row-hint-context.ts';
import { SymptomPicker } from '../features/diagnosis/components/symptom-picker.tsx';
import type { Symptom } from '../features/diagnosis/lib/symptoms.ts';
import { useCanEdit } from '../features/session/api/get-session.ts';
import { userQuery } from '../features/user-lookup/api/user.ts';
import { isUnknownUser, UserSummary } from '../features/user-lookup/components/user-summary.tsx';
import { adapters } from '../lib/twilio/adapters.ts';
import type { Membership } from '../lib/twilio/membership.ts';
import type { UserRef } from '../lib/twilio/queries.ts';
import { AfterFirstPaint, ViewPaintedProvider } from './after-first-paint.tsx';
import { paths } from './paths.ts';
import {
  loadActivityList,
  loadChannelTools,
  loadDiagnosisBar,
  loadMutedUntilNote,
  loadRowHint,
  preloadUserViewParts,
} from './user-view-parts.ts';

// The rows' order for a ticket's symptom: the rules load after the first view (a type here, not an import).
type ArrangeBySymptom = typeof import('../features/diagnosis/components/row-hint.tsx').arrangeBySymptom;

// The drawer isn't part of the first view: its code loads when a channel opens.
const ChannelDrawer = lazy(() => import('../features/channel-detail/components/channel-drawer.tsx'));
// The view's parts (user-view-parts.ts: the table's tools, "Recent changes", the diagnosis, "Muted until") and the
// drawer's extra sections load after the first view.
const ChannelTools = lazy(loadChannelTools);
const ActivityList = lazy(loadActivityList);
const DrawerExtras = lazy(() => import('./drawer-extras.tsx'));
const DrawerDiagnosis = lazy(() => import('./drawer-diagnosis.tsx'));
const DrawerSchedule = lazy(() => import('./drawer-schedule.tsx'));
const MutedUntilNote = lazy(loadMutedUntilNote);
const DiagnosisBar = lazy(loadDiagnosisBar);
const RowHint = lazy(loadRowHint);
const rowHint = (row: Membership) => (
  <AfterFirstPaint>
    <RowHint row={row} />
  </AfterFirstPaint>
);

/** One user's view: the summary, the trail, the channels (paged or all) and the drawer. */
export function UserView({ userRef: unstableRef, channel }: { userRef: UserRef; channel: string | null }) {
  const { api, service, user } = unstableRef;
  const userRef = useMemo<UserRef>(() => ({ api, service, user }), [api, service, user]);
  const canEdit = useCanEdit();
  const [announcement, setAnnouncement] = useState('');
  // Started here and in the channel list at the same time: the lookup never waits for the user before listing.
  const userResult = useQuery(userQuery(userRef));
  const unknownUser = userResult.isError && isUnknownUser(userResult.error);
  // The view's parts start once both first answers are in (the user and the first page): when one comes a few ms
  // before the other, the parts' render and requests would hold up the rows (BENCHMARKS.md, "Ninth round").
  const firstPage = useQuery({ ...firstPageQuery(userRef), enabled: false });
  const answered = !userResult.isPending && !firstPage.isPending;

  // A view opened from a link or a reload had no typing to start the preload on: Show all's code loads at idle here.
  useEffect(preloadUserViewParts, []);

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
  const identity = userResult.data?.identity ?? user;
  // The ticket's symptom belongs to the user it was picked for: another user starts without one.
  const [symptomPick, setSymptomPick] = useState<{
    key: string;
    symptom: Symptom | null;
    /** The rules' order for it (row-hint.tsx), loaded when a symptom is picked. */
    arrangeBySymptom?: ArrangeBySymptom;
  } | null>(null);
  const symptom = symptomPick?.key === viewKey ? symptomPick : null;
  const pickSymptom = useCallback(
    (next: Symptom | null) => {
      if (next === null) {
        setSymptomPick({ key: viewKey, symptom: null });
        return;
      }
      // The rules load with the view's parts, while the identity is typed: by the time a symptom is picked, they are in.
      void loadRowHint().then(({ arrangeBySymptom }) =>
        setSymptomPick({ key: viewKey, symptom: next, arrangeBySymptom }),
      );
    },
    [viewKey],
  );
  // The rows the symptom can explain first. Worked out with the identity as it is now: the picker shows while the
  // user loads, and a lookup by US… SID learns the identity only then.
  const arrangeRows = useMemo(() => {
    const arrange = symptom?.arrangeBySymptom;
    const picked = symptom?.symptom;
    return arrange && picked ? (rows: readonly Membership[]) => arrange(rows, identity, picked) : undefined;
  }, [symptom, identity]);
  const rowHints = useMemo(
    () => ({ identity, symptom: symptom?.symptom ?? null }),
    [identity, symptom?.symptom],
  );

  // "until Mon 09:00" after a row's level: every row reads the user's one schedules query (loaded after the first view).
  const levelNote = useCallback(
    (row: Membership) =>
      row.notificationLevel === 'muted' ? (
        <AfterFirstPaint>
          <MutedUntilNote userRef={userRef} channel={row.channelSid} />
        </AfterFirstPaint>
      ) : null,
    [userRef],
  );

  // "Recent changes", the diagnosis line and the table's tools keep their places while they load: the table below
  // doesn't move when they come.
  const recentChangesSlot = <div className="activity-slot" />;
  // The export buttons' place (channels.css): on a phone they take a line of their own above the table.
  const channelToolsSlot = <span className="channel-tools-slot" />;
  const diagnosisLineSlot = useRef<HTMLDivElement>(null);
  return (
    <ViewPaintedProvider viewKey={viewKey} ready={answered}>
      <h1 className="visually-hidden">User {user}</h1>
      <div className="user-head">
        <UserSummary userRef={userRef} userHref={userHref} />
        {!unknownUser && (
          <div className="user-aside">
            <AfterFirstPaint fallback={recentChangesSlot}>
              <ActivityList
                userRef={userRef}
                channel={null}
                title="Recent changes"
                limit={5}
                headingLevel={2}
                collapsed
              />
            </AfterFirstPaint>
            <div className="diagnosis-slot" ref={diagnosisLineSlot} />
          </div>
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
              <AfterFirstPaint fallback={channelToolsSlot}>
                <ChannelTools userRef={userRef} canEdit={canEdit} context={context} />
              </AfterFirstPaint>
            )}
            renderDiagnosis={(select) => (
              <>
                {/* From the first frame: it sits with the filters, and must not move them when it comes. */}
                <SymptomPicker value={symptom?.symptom ?? null} onChange={pickSymptom} />
                {userResult.isSuccess && (
                  <AfterFirstPaint>
                    <DiagnosisBar
                      userRef={userRef}
                      canChange={canEdit && adapters[api].profile.canEdit}
                      onSelect={select}
                      lineSlot={diagnosisLineSlot}
                    />
                  </AfterFirstPaint>
                )}
              </>
            )}
            rowHint={rowHint}
            levelNote={levelNote}
            arrangeRows={arrangeRows}
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
