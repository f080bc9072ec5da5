import { memo } from 'react';
import { describeError } from '../../../lib/api-client.ts';
import { formatDate } from '../../../lib/format-date.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { capitalise } from '../../../lib/twilio/api-profiles.ts';
import {
  describeConversationTimers,
  describeMessagingBinding,
} from '../../../lib/twilio/conversation-timers.ts';
import {
  type ApiKind,
  type ChannelInfo,
  CONVERSATION_STATE_TEXT,
  type ConversationStatus,
  MEMBERSHIP_STATUS_TEXT,
  type MemberInfo,
  type Membership,
  NOTIFICATION_LEVEL_TEXT,
} from '../../../lib/twilio/membership.ts';

// The drawer's facts: the membership as Twilio holds it and the channel (or conversation) it is in.

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

interface DrawerFactsProps {
  membership: Membership;
  channel: string;
  api: ApiKind;
  info: ChannelInfo | undefined;
  infoError: Error | null;
  member: MemberInfo | undefined;
  /** The newest message's index, or what stands for it ('…' while read, 'unavailable', '—' for none). */
  newestText: string;
}

/** Memoised: the drawer re-renders with each change it makes, and these facts follow a deferred copy of the row. */
export const DrawerFacts = memo(function DrawerFacts({
  membership,
  channel,
  api,
  info,
  infoError,
  member,
  newestText,
}: DrawerFactsProps) {
  const profile = adapters[api].profile;
  // The conversation's own record is the fresher; the user's list row carries the same state and timers.
  const conversationStatus = info?.conversation ?? membership.conversation ?? null;
  return (
    <>
      <section className="drawer-section" aria-labelledby="membership-heading">
        <h3 id="membership-heading">Membership</h3>
        <dl className="facts facts-grid">
          <Fact term="Status">{MEMBERSHIP_STATUS_TEXT[membership.status]}</Fact>
          <Fact term={profile.terms.memberSid}>
            <span className="mono">{membership.memberSid ?? '—'}</span>
          </Fact>
          <Fact term="Notification level">
            {membership.notificationLevel === null
              ? '—'
              : NOTIFICATION_LEVEL_TEXT[membership.notificationLevel]}
          </Fact>
          <Fact term="Read position">
            {membership.lastReadIndex ?? <span className="muted-text">not set</span>}
          </Fact>
          <Fact term="Unread">
            <UnreadText membership={membership} />
          </Fact>
          <Fact term="Newest message index">{newestText}</Fact>
          {member && (
            <Fact term="Read position last moved">{formatDate(member.lastConsumptionTimestamp)}</Fact>
          )}
          {profile.hasConversationState && member && (
            <>
              <Fact term="Role">
                <span className="mono">{member.roleSid ?? '—'}</span>
              </Fact>
              <Fact term="Reached through">{describeMessagingBinding(member.messagingBinding)}</Fact>
            </>
          )}
        </dl>
      </section>

      <section className="drawer-section" aria-labelledby="channel-heading">
        <h3 id="channel-heading">{capitalise(profile.terms.channel)}</h3>
        {infoError && <p className="muted-text">Channel details unavailable: {describeError(infoError)}</p>}
        {profile.hasConversationState && conversationStatus && (
          <ConversationStateFacts status={conversationStatus} />
        )}
        <dl className="facts facts-grid">
          <Fact term="SID">
            <span className="mono">{channel}</span>
          </Fact>
          <Fact term="Friendly name">{info?.friendlyName ?? membership.friendlyName ?? '—'}</Fact>
          <Fact term="Unique name">{info?.uniqueName ?? membership.uniqueName ?? '—'}</Fact>
          {info && (
            <>
              <Fact term="Type">{info.type ?? '—'}</Fact>
              <Fact term="Members">{info.membersCount ?? '—'}</Fact>
              <Fact term="Messages">{info.messagesCount ?? '—'}</Fact>
            </>
          )}
          <Fact term="Created by">{info?.createdBy ?? membership.conversation?.createdBy ?? '—'}</Fact>
          <Fact term="Created">{formatDate(info?.dateCreated ?? membership.conversation?.dateCreated)}</Fact>
          <Fact term="Updated">{formatDate(info?.dateUpdated ?? membership.conversation?.dateUpdated)}</Fact>
        </dl>
        <h4 className="subheading">Attributes</h4>
        <pre className="attributes">
          {prettyAttributes(info?.attributes ?? membership.conversation?.attributes)}
        </pre>
      </section>
    </>
  );
});
