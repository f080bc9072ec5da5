import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, TwilioError } from '../../../lib/api-client.ts';
import { formatDate } from '../../../lib/format-date.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { capitalise } from '../../../lib/twilio/api-profiles.ts';
import { describeIntent } from '../../../lib/twilio/change-words.ts';
import {
  CONVERSATION_STATE_TEXT,
  describeConversationTimers,
  describeMessagingBinding,
} from '../../../lib/twilio/conversation-timers.ts';
import { type ConversationStatus, type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
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

const STATUS_TEXT = { joined: 'Joined', invited: 'Invited', not_participating: 'Not participating' } as const;

function prettyAttributes(attributes: string | null | undefined): string {
  if (!attributes) return '—';
  try {
    return JSON.stringify(JSON.parse(attributes), null, 2);
  } catch {
    return attributes;
  }
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function UnreadText({ membership }: { membership: Membership }) {
  if (membership.unreadPending) return <span className="pending">pending…</span>;
  if (membership.unread === null) return <span className="muted-text">not tracked</span>;
  return <>{membership.unreadCapped ? `${membership.unread}+` : membership.unread}</>;
}

/** The conversation's state and, in plain words, when it goes inactive and closes. */
function ConversationStateFacts({ status }: { status: ConversationStatus }) {
  return (
    <dl className="facts" aria-label="Conversation state">
      <Fact term="State">{CONVERSATION_STATE_TEXT[status.state]}</Fact>
      <Fact term="Timers">
        <ul className="plain-list">
          {describeConversationTimers(status).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </Fact>
    </dl>
  );
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
  // The conversation's own record is the fresher; the user's list row carries the same state and timers.
  const conversationStatus = info.data?.conversation ?? row?.conversation ?? null;

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
          {diagnosis?.({
            membership: row,
            newestIndex,
            lastReadAt: member.data?.lastConsumptionTimestamp,
            canChange: editable && canEdit,
            onChange: submit,
          })}
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
          {!(editable && canEdit) && schedule?.({ membership: row, canChange: false, reason })}

          {editable && canEdit && (
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

          <section className="drawer-section" aria-labelledby="membership-heading">
            <h3 id="membership-heading">Membership</h3>
            <dl className="facts facts-grid">
              <Fact term="Status">{STATUS_TEXT[row.status]}</Fact>
              <Fact term={profile.terms.memberSid}>
                <span className="mono">{row.memberSid ?? '—'}</span>
              </Fact>
              <Fact term="Notification level">
                {row.notificationLevel === null
                  ? '—'
                  : row.notificationLevel === 'muted'
                    ? 'Muted'
                    : 'Default'}
              </Fact>
              <Fact term="Read position">
                {row.lastReadIndex ?? <span className="muted-text">not set</span>}
              </Fact>
              <Fact term="Unread">
                <UnreadText membership={row} />
              </Fact>
              <Fact term="Newest message index">
                {newest.isPending && newest.fetchStatus !== 'idle'
                  ? '…'
                  : newest.isError
                    ? 'unavailable'
                    : (newest.data ?? '—')}
              </Fact>
              {member.data && (
                <Fact term="Read position last moved">
                  {formatDate(member.data.lastConsumptionTimestamp)}
                </Fact>
              )}
              {profile.hasConversationState && member.data && (
                <>
                  <Fact term="Role">
                    <span className="mono">{member.data.roleSid ?? '—'}</span>
                  </Fact>
                  <Fact term="Reached through">{describeMessagingBinding(member.data.messagingBinding)}</Fact>
                </>
              )}
            </dl>
          </section>

          <section className="drawer-section" aria-labelledby="channel-heading">
            <h3 id="channel-heading">{capitalise(profile.terms.channel)}</h3>
            {info.isError && (
              <p className="muted-text">Channel details unavailable: {describeError(info.error)}</p>
            )}
            {profile.hasConversationState && conversationStatus && (
              <ConversationStateFacts status={conversationStatus} />
            )}
            <dl className="facts facts-grid">
              <Fact term="SID">
                <span className="mono">{channel}</span>
              </Fact>
              <Fact term="Friendly name">{info.data?.friendlyName ?? row.friendlyName ?? '—'}</Fact>
              <Fact term="Unique name">{info.data?.uniqueName ?? row.uniqueName ?? '—'}</Fact>
              {info.data && (
                <>
                  <Fact term="Type">{info.data.type ?? '—'}</Fact>
                  <Fact term="Members">{info.data.membersCount ?? '—'}</Fact>
                  <Fact term="Messages">{info.data.messagesCount ?? '—'}</Fact>
                </>
              )}
              <Fact term="Created by">{info.data?.createdBy ?? row.conversation?.createdBy ?? '—'}</Fact>
              <Fact term="Created">
                {formatDate(info.data?.dateCreated ?? row.conversation?.dateCreated)}
              </Fact>
              <Fact term="Updated">
                {formatDate(info.data?.dateUpdated ?? row.conversation?.dateUpdated)}
              </Fact>
            </dl>
            <h4 className="subheading">Attributes</h4>
            <pre className="attributes">
              {prettyAttributes(info.data?.attributes ?? row.conversation?.attributes)}
            </pre>
          </section>
          {extra}
        </>
      )}
    </DrawerDialog>
  );
}

export default ChannelDrawer;
