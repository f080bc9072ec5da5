import { useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { describeError, TwilioError } from '../../../lib/api-client.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { describeIntent } from '../../../lib/twilio/change-words.ts';
import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import type { MembershipChange } from '../../../lib/twilio/membership-mutations.ts';
import { newestMessageIndexQuery } from '../../../lib/twilio/message-queries.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { DrawerDialog } from '../../../ui/drawer-dialog.tsx';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { useReasonField } from '../../../ui/reason-field.tsx';
import {
  memberQuery,
  readPositionLeavingUnread,
  useChannelInfo,
  useMembershipDetail,
} from '../api/detail-queries.ts';
import { type ChangeOutcome, useChangeOutcomes, useMembershipChange } from '../api/use-membership-change.ts';
import { NotificationsControl, ReadPositionControl, RemoveControl } from './change-controls.tsx';
import { DrawerFacts } from './drawer-facts.tsx';

export interface ChannelDrawerProps {
  userRef: UserRef;
  channel: string;
  canEdit: boolean;
  onClose: () => void;
  /** After a confirmed removal succeeded: the owner closes the drawer and confirms it. */
  onRemoved: (message: string) => void;
  /** More sections the app composes in (messages around the read position, activity), shown once the membership is. */
  extra?: React.ReactNode;
  /** The Diagnosis the app composes in at the top, given what the drawer read and its one change path. */
  diagnosis?: (context: DrawerDiagnosisContext) => React.ReactNode;
  /** The timed mute the app composes in under Notifications ("Muted until …", cancel, change, mute for a while). */
  schedule?: (context: DrawerScheduleContext) => React.ReactNode;
}

export interface DrawerScheduleContext {
  membership: Membership;
  canChange: boolean;
  /** The reason or ticket the agent typed for this drawer's changes. */
  reason: string | undefined;
}

export interface DrawerDiagnosisContext {
  membership: Membership;
  /** undefined = not known yet; null = the channel has no messages. */
  newestIndex: number | null | undefined;
  lastReadAt: string | null | undefined;
  canChange: boolean;
  onChange: (change: MembershipChange) => void;
}

/** What the agent's last change of this channel did: a failure stays until dismissed or superseded. */
function ChangeFeedback({ outcomes, label }: { outcomes: ChangeOutcome[]; label: string }) {
  const intent = (change: MembershipChange | undefined) =>
    change ? describeIntent(change, label) : 'change';
  const [dismissedAt, setDismissedAt] = useState(0);
  const pending = outcomes.filter((o) => o.status === 'pending').length;
  const settled = outcomes.filter((o) => o.status === 'success' || o.status === 'error');
  const failures = settled.filter((o) => o.status === 'error' && o.submittedAt > dismissedAt);
  const last = settled.at(-1);
  return (
    <div className="change-feedback">
      {failures.length > 0 && (
        <div role="alert" className="notice notice-error">
          {failures.map((failure) => (
            <p key={failure.submittedAt}>
              Couldn't {intent(failure.change)}: {describeError(failure.error)}. The previous value is back.
            </p>
          ))}
          <button type="button" className="button button-quiet" onClick={() => setDismissedAt(Date.now())}>
            Dismiss
          </button>
        </div>
      )}
      <p role="status" className="saving">
        {pending > 0 ? 'Saving…' : last?.status === 'success' ? `Saved: ${intent(last.change)}.` : ''}
      </p>
    </div>
  );
}

export function ChannelDrawer({
  userRef,
  channel,
  canEdit,
  onClose,
  onRemoved,
  extra,
  diagnosis,
  schedule,
}: ChannelDrawerProps) {
  const membership = useMembershipDetail(userRef, channel);
  const info = useChannelInfo(userRef, channel);
  const row = membership.data;
  const profile = adapters[userRef.api].profile;
  const member = useQuery({
    ...memberQuery(userRef, channel, row?.memberSid ?? userRef.user),
    enabled: Boolean(row) && adapters[userRef.api].fetchMember !== null,
  });
  const newest = useQuery(newestMessageIndexQuery(userRef, channel));
  const change = useMembershipChange(userRef, channel);
  const outcomes = useChangeOutcomes(userRef, channel);

  const label = row
    ? membershipLabel({
        friendlyName: row.friendlyName ?? info.data?.friendlyName ?? null,
        uniqueName: row.uniqueName ?? info.data?.uniqueName ?? null,
        channelSid: channel,
      })
    : (info.data?.friendlyName ?? info.data?.uniqueName ?? channel);

  const { reason, field: reasonField } = useReasonField();
  const submit = (next: MembershipChange) => change.mutate({ ...next, reason });
  const remove = () =>
    change.mutate(
      { kind: 'remove', channelSid: channel, reason },
      { onSuccess: () => onRemoved(`Removed ${userRef.user} from ${label}.`) },
    );

  const editable = profile.canEdit;
  const removing = outcomes.some((o) => o.status === 'pending' && o.change?.kind === 'remove');
  // undefined = not known (loading, failed or not offered by the API); null = the channel has no messages.
  const newestIndex = newest.isSuccess ? newest.data : undefined;
  // A click shows in the Change section at once; the Diagnosis and the facts follow in a deferred render (memoised
  // below), so the click's own task draws only what it changed (BENCHMARKS.md, "Seventh round").
  const shown = useDeferredValue(row);
  const submitRef = useRef(submit);
  submitRef.current = submit;
  const submitLatest = useCallback((next: MembershipChange) => submitRef.current(next), []);
  const lastReadAt = member.data?.lastConsumptionTimestamp;
  const canChange = editable && canEdit;
  const diagnosisPart = useMemo(
    () =>
      shown && diagnosis?.({ membership: shown, newestIndex, lastReadAt, canChange, onChange: submitLatest }),
    [diagnosis, shown, newestIndex, lastReadAt, canChange, submitLatest],
  );

  return (
    <DrawerDialog title={label} onClose={onClose}>
      {membership.isError && !row && (
        <ErrorPanel
          title={
            membership.error instanceof TwilioError && membership.error.status === 404
              ? `${userRef.user} is not in ${profile.terms.channel} ${channel}`
              : "Couldn't load the membership"
          }
          error={membership.error}
          onRetry={() => void membership.refetch()}
        />
      )}
      {!row && membership.isPending && <div className="skeleton skeleton-block" aria-busy="true" />}

      {row && (
        <>
          {diagnosisPart}
          {!editable && (
            <p className="notice notice-info">
              {profile.label} is read-only: its user {profile.terms.channels} can be listed but not changed.
              Switch the API to Chat v2 or Conversations to edit this membership.
            </p>
          )}
          {editable && !canEdit && (
            <p className="notice notice-info">
              Your role is viewer: you can see this membership but not change it.
            </p>
          )}
          {!canChange && schedule?.({ membership: row, canChange: false, reason })}

          {canChange && (
            <section className="drawer-section" aria-labelledby="edit-heading">
              <h3 id="edit-heading">Change</h3>
              <ChangeFeedback outcomes={outcomes} label={label} />
              {reasonField}
              <NotificationsControl membership={row} onChange={submit} />
              {schedule?.({ membership: row, canChange: true, reason })}
              <ReadPositionControl
                key={`${row.lastReadIndex}`}
                hasLastReadTime={profile.hasLastReadTime}
                terms={profile.terms}
                membership={row}
                newestIndex={newestIndex}
                onChange={submit}
                leaveUnread={(count) => readPositionLeavingUnread(userRef, channel, count)}
              />
              <RemoveControl
                userLabel={userRef.user}
                channelLabel={label}
                terms={profile.terms}
                pending={removing}
                onConfirm={remove}
              />
            </section>
          )}

          <DrawerFacts
            membership={shown ?? row}
            channel={channel}
            api={userRef.api}
            info={info.data}
            infoError={info.isError ? info.error : null}
            member={member.data}
            newestText={
              newest.isPending && newest.fetchStatus !== 'idle'
                ? '…'
                : newest.isError
                  ? 'unavailable'
                  : String(newest.data ?? '—')
            }
          />
          {extra}
        </>
      )}
    </DrawerDialog>
  );
}

export default ChannelDrawer;
