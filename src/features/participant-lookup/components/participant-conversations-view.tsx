import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ADDRESS_KIND_LABELS, parseAddress } from '../../../lib/twilio/address.ts';
import { CONVERSATION_STATE_TEXT } from '../../../lib/twilio/membership.ts';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { Link } from '../../../ui/link.tsx';
import {
  type ParticipantConversation,
  participantConversationsQuery,
} from '../api/participant-conversations.ts';
import './participant-lookup.css';
import { formatDate } from '../../../lib/format-date.ts';

interface ParticipantConversationsViewProps {
  service: string;
  address: string;
  /** The user view of a chat participant (built by the app, which owns the links). */
  userHref: (identity: string) => string;
}

const formatMinutes = (value: string | null) => formatDate(value, 'dateMinutes');

function conversationName(row: ParticipantConversation): string {
  return row.friendlyName || row.uniqueName || row.conversationSid;
}

/** When the conversation goes (or went) inactive and closes; Twilio gives no timer for one that has none set. */
function Timers({ row }: { row: ParticipantConversation }) {
  if (!row.dateInactive && !row.dateClosed) return <span className="muted-text">no timers</span>;
  return (
    <>
      {row.dateInactive && <div>Inactive: {formatMinutes(row.dateInactive)}</div>}
      {row.dateClosed && <div>Closed: {formatMinutes(row.dateClosed)}</div>}
    </>
  );
}

function Binding({
  row,
  userHref,
}: {
  row: ParticipantConversation;
  userHref: (identity: string) => string;
}) {
  if (row.identity) {
    return (
      <>
        Chat user <Link href={userHref(row.identity)}>Open {row.identity}’s conversations</Link>
      </>
    );
  }
  if (!row.binding) return <span className="muted-text">not given by Twilio</span>;
  const kind = row.binding.type ?? 'unknown';
  return (
    <>
      {kind === 'sms' ? 'SMS' : kind === 'whatsapp' ? 'WhatsApp' : kind}
      {row.binding.proxyAddress && <> via {row.binding.proxyAddress}</>}
    </>
  );
}

/**
 * A participant found by address (ParticipantConversations?Address=…): the conversations they are in, with each one's
 * state, binding, dates and timers, a page of 50 at a time.
 */
export function ParticipantConversationsView({
  service,
  address,
  userHref,
}: ParticipantConversationsViewProps) {
  // Tokens of the pages before this one (Back walks them), and this page's.
  const [trail, setTrail] = useState<(string | null)[]>([]);
  const [token, setToken] = useState<string | null>(null);
  const parsed = parseAddress(address);
  const query = useQuery({
    ...participantConversationsQuery(service, address, token),
    // A link with a malformed address is refused here, before anything is sent.
    enabled: parsed.ok,
  });
  const kind = parsed.ok ? ADDRESS_KIND_LABELS[parsed.kind] : null;
  const page = query.data;
  const stale = query.isPlaceholderData;

  return (
    <section className="participant-lookup" aria-labelledby="participant-heading">
      <h1 id="participant-heading">Conversations with {address}</h1>
      {!parsed.ok && (
        <p role="alert" className="notice notice-warning">
          {parsed.problem}
        </p>
      )}
      {parsed.ok && (
        <p className="notice notice-info">
          {kind} participants have no chat identity, so Twilio keeps no notification level and no unread count
          for them: those exist only for chat users. Horizon lists the conversations they are in.
        </p>
      )}
      {query.isPending && parsed.ok && <div className="skeleton skeleton-block" aria-busy="true" />}
      {query.isError && (
        <ErrorPanel
          title="Couldn't list the participant's conversations"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      )}
      {page && page.rows.length === 0 && !page.hasPreviousPage && (
        <p role="status" className="notice notice-warning">
          No conversations in this service have a participant with the address {address}. Check the number
          (Twilio matches it exactly, with the country code) and the service.
        </p>
      )}
      {page && page.rows.length > 0 && (
        <>
          {/* Focusable, so a keyboard can scroll a table wider than the window (its rows may hold no link). */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
          <section className="table-scroll" aria-label="Conversations (scrollable)" tabIndex={0}>
            <table className={`participant-table${stale ? ' is-stale' : ''}`}>
              {/* Names the table for assistive technology; the heading above says it on screen. */}
              <caption className="visually-hidden">Conversations with {address}</caption>
              <thead>
                <tr>
                  <th scope="col">Conversation</th>
                  <th scope="col">State</th>
                  <th scope="col">Reached through</th>
                  <th scope="col">Timers</th>
                  <th scope="col">Notifications and unread</th>
                  <th scope="col">Created</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((row) => (
                  <tr key={`${row.conversationSid}/${row.participantSid}`}>
                    <th scope="row">
                      {conversationName(row)}
                      <span className="mono muted-text sid-line">{row.conversationSid}</span>
                    </th>
                    <td>{CONVERSATION_STATE_TEXT[row.state]}</td>
                    <td>
                      <Binding row={row} userHref={userHref} />
                      <span className="mono muted-text sid-line">
                        <span className="visually-hidden">Participant SID </span>
                        {row.participantSid ?? 'no participant SID'}
                      </span>
                    </td>
                    <td>
                      <Timers row={row} />
                    </td>
                    <td>
                      {row.identity
                        ? 'In the user’s view'
                        : `Not kept by Twilio for ${kind ?? 'address'} participants`}
                    </td>
                    <td>{formatMinutes(row.dateCreated)}</td>
                    <td>{formatMinutes(row.dateUpdated)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <nav className="pagination" aria-label="Pages">
            <button
              type="button"
              className="button"
              disabled={trail.length === 0 || stale}
              onClick={() => {
                setToken(trail.at(-1) ?? null);
                setTrail(trail.slice(0, -1));
              }}
            >
              Previous page
            </button>
            <button
              type="button"
              className="button"
              disabled={!page.hasNextPage || stale}
              onClick={() => {
                setTrail([...trail, token]);
                setToken(page.nextToken);
              }}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

export default ParticipantConversationsView;
