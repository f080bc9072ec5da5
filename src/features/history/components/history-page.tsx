import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import type { ApiKind } from '../../../lib/twilio/membership.ts';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { Link } from '../../../ui/link.tsx';
import {
  ACTIONS,
  canRevert,
  type HistoryEntry,
  type HistoryFilters,
  historyExportUrl,
  historyQuery,
  OUTCOMES,
} from '../api/history.ts';
import { RevertButton } from './revert-button.tsx';
import './history-page.css';
import { formatDate } from '../../../lib/format-date.ts';

// The history page: every change made through Horizon, newest first, searchable, with cursor pages and export.
// Its filters live in the address (?user=…), so a search can be pasted into a ticket.

export type HistoryLinks = {
  user: (api: ApiKind, service: string, user: string) => string;
  channel: (api: ApiKind, service: string, user: string, channel: string) => string;
};

const API_OF_PRODUCT: Record<string, ApiKind> = {
  'chat-v2': 'chat-v2',
  'chat-v1': 'chat-v1',
  'ip-messaging-v1': 'chat-v1',
  'conversations-v1': 'conversations',
};

const ACTION_LABELS: Record<(typeof ACTIONS)[number], string> = {
  mute: 'Mute',
  unmute: 'Unmute',
  'read-position': 'Read position',
  remove: 'Remove from channel',
};

const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  forwarded: 'Sent to Twilio',
  unchanged: 'No change (already so; not sent)',
  refused: 'Refused by Horizon',
  unknown: 'Unknown (server stopped)',
  pending: 'In progress',
};

/** What the change asked for, in the agent's words. */
export function describeChange(entry: HistoryEntry): string {
  if (entry.method === 'DELETE') return 'Removed from channel';
  const level = entry.params.NotificationLevel;
  if (level) return level === 'muted' ? 'Muted' : 'Notifications: Default';
  const index = entry.params.LastConsumedMessageIndex ?? entry.params.LastReadMessageIndex;
  if (index !== undefined) return index === '' ? 'Read position cleared' : `Read position → ${index}`;
  return `${entry.method} ${Object.keys(entry.params).join(', ')}`;
}

function outcomeText(entry: HistoryEntry): string {
  if (entry.outcome === 'refused' && entry.scheduleId) {
    // A schedule that ran and did not change it: Twilio kept failing (502) or someone changed it since (409).
    return `${entry.status !== null && entry.status >= 500 ? 'Failed' : 'Not done'}: ${entry.refusal ?? 'no reason recorded'}`;
  }
  if (entry.outcome === 'refused') return `Refused: ${entry.refusal ?? 'no reason recorded'}`;
  if (entry.outcome === 'forwarded' && entry.status !== null && (entry.status < 200 || entry.status >= 300)) {
    return `Twilio answered ${entry.status}${entry.errorCode ? ` (error ${entry.errorCode})` : ''}`;
  }
  return OUTCOME_LABELS[entry.outcome];
}

function Row({ entry, links }: { entry: HistoryEntry; links: HistoryLinks }) {
  const api = entry.product ? API_OF_PRODUCT[entry.product] : undefined;
  const user = entry.user ?? entry.userSid;
  const channel = entry.channelSid ?? entry.channel;
  const channelLabel = entry.channelName ?? channel ?? '—';
  const linkable = api && entry.service && user;
  return (
    <tr>
      <td>
        <time dateTime={entry.time}>{formatDate(entry.time)}</time>
      </td>
      <td>{entry.agent ?? 'Unknown agent'}</td>
      <td>
        {describeChange(entry)}
        {entry.scheduleId && <span className="history-note"> (scheduled)</span>}
        {entry.revertOf && <span className="history-note"> (revert)</span>}
      </td>
      <td>
        {linkable ? <Link href={links.user(api, entry.service as string, user)}>{user}</Link> : (user ?? '—')}
      </td>
      <td>
        {linkable && channel ? (
          <Link href={links.channel(api, entry.service as string, user, channel)}>{channelLabel}</Link>
        ) : (
          channelLabel
        )}
      </td>
      <td
        className={
          entry.outcome === 'refused' && entry.scheduleId && (entry.status ?? 0) >= 500
            ? 'history-failed'
            : undefined
        }
      >
        {outcomeText(entry)}
      </td>
      <td>{entry.reason ?? ''}</td>
      <td>
        {canRevert(entry) && (
          <RevertButton
            entry={entry}
            label={`${describeChange(entry)} for ${user ?? 'this user'} in ${channelLabel}`}
          />
        )}
      </td>
    </tr>
  );
}

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="history-field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

function FilterForm({
  filters,
  onSearch,
}: {
  filters: HistoryFilters;
  onSearch: (next: HistoryFilters) => void;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const [key, value] of data) if (typeof value === 'string' && value.trim()) next[key] = value.trim();
    onSearch(next as HistoryFilters);
  };
  // Keyed by the filters: a search from the address (Back, a pasted link) refills the form.
  return (
    <search aria-label="Filter the history">
      <form className="history-filters" onSubmit={submit} key={JSON.stringify(filters)}>
        <Field label="User">
          {(id) => (
            <input id={id} name="user" defaultValue={filters.user} placeholder="identity or US… SID" />
          )}
        </Field>
        <Field label="Channel or conversation">
          {(id) => (
            <input
              id={id}
              name="channel"
              defaultValue={filters.channel}
              placeholder="CH… SID or name as sent"
            />
          )}
        </Field>
        <Field label="Agent">{(id) => <input id={id} name="agent" defaultValue={filters.agent} />}</Field>
        <Field label="Reason or ticket">
          {(id) => (
            <input
              id={id}
              name="reason"
              defaultValue={filters.reason}
              placeholder="part of it, e.g. ZD-4411"
            />
          )}
        </Field>
        <Field label="Action">
          {(id) => (
            <select id={id} name="action" defaultValue={filters.action ?? ''}>
              <option value="">Any</option>
              {ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {ACTION_LABELS[action]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Outcome">
          {(id) => (
            <select id={id} name="outcome" defaultValue={filters.outcome ?? ''}>
              <option value="">Any</option>
              {OUTCOMES.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {OUTCOME_LABELS[outcome]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From">
          {(id) => <input id={id} name="from" type="date" defaultValue={filters.from} />}
        </Field>
        <Field label="To">{(id) => <input id={id} name="to" type="date" defaultValue={filters.to} />}</Field>
        <div className="history-actions">
          <button type="submit" className="button">
            Search
          </button>
          <button type="button" className="button" onClick={() => onSearch({})}>
            Clear
          </button>
        </div>
      </form>
    </search>
  );
}

export function HistoryPage({
  filters,
  onSearch,
  links,
}: {
  filters: HistoryFilters;
  onSearch: (next: HistoryFilters) => void;
  links: HistoryLinks;
}) {
  // The cursors of the pages before this one: Newer goes back one, a new search starts over.
  const [cursors, setCursors] = useState<string[]>([]);
  const filterKey = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search (by its key) starts at the newest page
  useEffect(() => setCursors([]), [filterKey]);
  const cursor = cursors.at(-1) ?? null;
  const page = useQuery(historyQuery(filters, cursor));
  const entries = page.data?.entries ?? [];
  const headingId = useId();
  useEffect(() => {
    document.title = 'History · Horizon';
  }, []);

  return (
    <div className="history">
      <h1 id={headingId}>History</h1>
      <p>Every change made through Horizon, newest first.</p>
      <FilterForm filters={filters} onSearch={onSearch} />
      <p className="history-export">
        Export these results: <a href={historyExportUrl(filters, 'csv')}>CSV</a> ·{' '}
        <a href={historyExportUrl(filters, 'json')}>JSON</a>
      </p>
      {page.isError ? (
        <ErrorPanel
          title="Could not load the history"
          error={page.error}
          onRetry={() => void page.refetch()}
        />
      ) : page.isPending ? (
        <p role="status">Loading history…</p>
      ) : entries.length === 0 ? (
        <p role="status">No changes match these filters.</p>
      ) : (
        <table className="history-table" aria-labelledby={headingId} aria-busy={page.isPlaceholderData}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Agent</th>
              <th scope="col">Change</th>
              <th scope="col">User</th>
              <th scope="col">Channel</th>
              <th scope="col">Outcome</th>
              <th scope="col">Reason</th>
              <th scope="col">
                <span className="visually-hidden">Revert</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <Row key={entry.id} entry={entry} links={links} />
            ))}
          </tbody>
        </table>
      )}
      <nav className="history-pages" aria-label="History pages">
        <button
          type="button"
          className="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors((all) => all.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          className="button"
          disabled={!page.data?.nextCursor || page.isPlaceholderData}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setCursors((all) => [...all, next]);
          }}
        >
          Older
        </button>
      </nav>
    </div>
  );
}
