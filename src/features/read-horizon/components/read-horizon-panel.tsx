import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatDate } from '../../../lib/format-date.ts';
import type { MessageSummary } from '../../../lib/twilio/membership.ts';
import { newestMessagesQuery } from '../../../lib/twilio/message-queries.ts';
import { membershipDetailQuery, type UserRef } from '../../../lib/twilio/queries.ts';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { readLinePosition } from '../api/messages.ts';

function MessageItem({ message, showBodies }: { message: MessageSummary; showBodies: boolean }) {
  return (
    <li className="message">
      <span className="message-index">#{message.index}</span>{' '}
      <time dateTime={message.dateCreated ?? undefined}>
        {formatDate(message.dateCreated, 'shortDateTime')}
      </time>{' '}
      <span className="message-author">{message.author ?? 'unknown'}</span>
      {showBodies && <p className="message-body">{message.body ?? ''}</p>}
    </li>
  );
}

/**
 * The channel's newest messages by index with the user's read position drawn between them. Bodies are personal data:
 * hidden until the agent asks to see them.
 */
export function ReadHorizonPanel({ userRef, channel }: { userRef: UserRef; channel: string }) {
  const headingId = useId();
  const [showBodies, setShowBodies] = useState(false);
  const membership = useQuery(membershipDetailQuery(userRef, channel));
  const messages = useQuery(newestMessagesQuery(userRef, channel));
  const lastRead = membership.data?.lastReadIndex ?? null;
  const list = messages.data ?? [];
  const line = membership.data ? readLinePosition(list, lastRead) : null;

  const readLine = (
    <li className="read-line" key="read-line">
      <span>
        Read position: {userRef.user} has read up to message #{lastRead}
        {line === 0 && list.length > 0 ? ' (before the messages shown)' : ''}
        {line === list.length && list.length > 0 ? ' (everything shown is read)' : ''}
      </span>
    </li>
  );

  return (
    <section className="drawer-section read-horizon" aria-labelledby={headingId}>
      <h3 id={headingId}>Read position in the newest messages</h3>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={showBodies}
          onChange={(event) => setShowBodies(event.target.checked)}
        />
        Show message bodies (personal data)
      </label>
      {membership.data && lastRead === null && (
        <p className="notice notice-info">
          No read position: unread isn't counted here, so the user's app shows no badge.
        </p>
      )}
      {messages.isPending && <p className="muted-text">Loading the newest messages…</p>}
      {messages.isError && (
        <ErrorPanel
          title="Couldn't load the messages"
          error={messages.error}
          onRetry={() => void messages.refetch()}
        />
      )}
      {messages.isSuccess && list.length === 0 && <p className="muted-text">The channel has no messages.</p>}
      {list.length > 0 && (
        <ol className="message-list" aria-label="Newest messages">
          {list.flatMap((message, at) => {
            const item = <MessageItem key={message.sid} message={message} showBodies={showBodies} />;
            return line === at ? [readLine, item] : [item];
          })}
          {line === list.length && readLine}
        </ol>
      )}
    </section>
  );
}

export default ReadHorizonPanel;
