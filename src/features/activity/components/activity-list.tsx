import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { formatDate } from '../../../lib/format-date.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { type AuditEntry, auditQuery, describeAudit } from '../api/audit.ts';

interface ActivityListProps {
  userRef: UserRef;
  /** One channel's trail (the drawer), or null for all the user's recent changes (the user summary). */
  channel: string | null;
  title: string;
  limit?: number;
  /** Heading level inside its container. */
  headingLevel?: 2 | 3;
  /** One line (a disclosure) until opened: beside the user's summary, out of the table's way. */
  collapsed?: boolean;
}

function Entry({ entry, showChannel }: { entry: AuditEntry; showChannel: boolean }) {
  const { what, changes, failed } = describeAudit(entry);
  return (
    <li className={`audit-entry${failed ? ' audit-failed' : ''}`}>
      <p className="audit-head">
        <strong>{entry.agent ?? 'Unknown agent'}</strong> ·{' '}
        <time dateTime={entry.time}>{formatDate(entry.time)}</time>
        {entry.scheduleId && ' · scheduled'}
        {showChannel && (
          <>
            {' · '}
            <span className="mono">{entry.channelSid ?? entry.channel ?? '—'}</span>
          </>
        )}
      </p>
      {changes.length === 0 ? (
        <p>{what}</p>
      ) : (
        <ul className="audit-changes">
          {changes.map((change) => (
            <li key={change.field}>
              {change.field}: {change.before} → {change.after}
            </li>
          ))}
        </ul>
      )}
      {failed && <p className="audit-outcome">{failed}</p>}
      {entry.reason && <p className="audit-reason">Reason: {entry.reason}</p>}
    </li>
  );
}

/** The audit trail (/api/audit): who changed what, when, before → after. Newest first. */
export function ActivityList({
  userRef,
  channel,
  title,
  limit = 20,
  headingLevel = 3,
  collapsed = false,
}: ActivityListProps) {
  const headingId = useId();
  const audit = useQuery(auditQuery(userRef, channel, limit));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const count = audit.data ? ` (${audit.data.length})` : '';
  if (collapsed) {
    // One line until the agent opens it: the channels table gets the room.
    return (
      <details className="activity activity-collapsed">
        <summary>
          <Heading id={headingId} className="activity-title">
            {title}
            {count}
          </Heading>
        </summary>
        <ActivityEntries audit={audit} channel={channel} />
      </details>
    );
  }
  return (
    <section className="activity drawer-section" aria-labelledby={headingId}>
      <Heading id={headingId}>{title}</Heading>
      <ActivityEntries audit={audit} channel={channel} />
    </section>
  );
}

function ActivityEntries({
  audit,
  channel,
}: {
  audit: UseQueryResult<AuditEntry[]>;
  channel: string | null;
}) {
  return (
    <>
      {audit.isPending && <p className="muted-text">Loading the audit trail…</p>}
      {audit.isError && (
        <ErrorPanel
          title="Couldn't load the audit trail"
          error={audit.error}
          onRetry={() => void audit.refetch()}
        />
      )}
      {audit.data?.length === 0 && <p className="muted-text">No changes recorded by Horizon yet.</p>}
      {audit.data && audit.data.length > 0 && (
        <ol className="audit-list">
          {audit.data.map((entry) => (
            <Entry
              key={`${entry.time}\u0000${entry.method}\u0000${entry.path}\u0000${JSON.stringify(entry.params)}`}
              entry={entry}
              showChannel={channel === null}
            />
          ))}
        </ol>
      )}
    </>
  );
}

export default ActivityList;
