import type { ColumnFiltersState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { ApiProfile } from '../../../lib/twilio/api-profiles.ts';
import {
  CONVERSATION_STATE_TEXT,
  type ConversationState,
  MEMBERSHIP_STATUS_TEXT,
  type Membership,
  type MembershipStatus,
  NOTIFICATION_LEVEL_TEXT,
  type NotificationLevel,
} from '../../../lib/twilio/membership.ts';

// The channels table's filter toolbar and its state (the column ids 'status' or 'state', 'notifications', 'unread'),
// and the cells that show a membership's status or state, unread count and notification level.

export function StateBadge({ state }: { state: ConversationState | undefined }) {
  if (!state) return <span className="muted-text">—</span>;
  return <span className={`status state-${state}`}>{CONVERSATION_STATE_TEXT[state]}</span>;
}

export function StatusBadge({ status }: { status: MembershipStatus }) {
  return <span className={`status status-${status}`}>{MEMBERSHIP_STATUS_TEXT[status]}</span>;
}

export function LevelBadge({ level }: { level: NotificationLevel | undefined }) {
  if (!level) return <span className="muted-text">—</span>;
  return <span className={`level level-${level}`}>{NOTIFICATION_LEVEL_TEXT[level]}</span>;
}

export function UnreadCell({ row }: { row: Membership }) {
  if (row.unreadPending) {
    return (
      <span className="pending" title="Waiting for Twilio to recount">
        … <span className="visually-hidden">pending</span>
      </span>
    );
  }
  if (row.unread === null) {
    return (
      <span className="muted-text">
        — <span className="small">not tracked</span>
      </span>
    );
  }
  return <span>{row.unreadCapped ? `${row.unread}+` : row.unread}</span>;
}

export function useChannelFilters() {
  const [status, setStatus] = useState<MembershipStatus | ''>('');
  const [state, setState] = useState<ConversationState | ''>('');
  const [level, setLevel] = useState<NotificationLevel | ''>('');
  const [hasUnread, setHasUnread] = useState(false);

  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const filters: ColumnFiltersState = [];
    if (status) filters.push({ id: 'status', value: status });
    if (state) filters.push({ id: 'state', value: state });
    if (level) filters.push({ id: 'notifications', value: level });
    if (hasUnread) filters.push({ id: 'unread', value: true });
    return filters;
  }, [status, state, level, hasUnread]);

  return {
    status,
    setStatus,
    state,
    setState,
    level,
    setLevel,
    hasUnread,
    setHasUnread,
    columnFilters,
    clear: () => {
      setStatus('');
      setState('');
      setLevel('');
      setHasUnread(false);
    },
  };
}

export type ChannelFiltersState = ReturnType<typeof useChannelFilters>;

interface ChannelFiltersProps {
  filters: ChannelFiltersState;
  /** Which filters apply (Chat v1 has no notification level; Conversations filter by state, not status). */
  profile: ApiProfile;
  /** Shown while a filter or a sort is on. */
  onClear: (() => void) | null;
}

export function ChannelFilters({ filters, profile, onClear }: ChannelFiltersProps) {
  return (
    <fieldset className="toolbar">
      <legend className="visually-hidden">Filter the loaded rows</legend>
      {profile.hasConversationState ? (
        <ChoiceFilter
          label="State"
          value={filters.state}
          choices={CONVERSATION_STATE_TEXT}
          onChange={(value) => filters.setState(value as ConversationState | '')}
        />
      ) : (
        <ChoiceFilter
          label="Status"
          value={filters.status}
          choices={MEMBERSHIP_STATUS_TEXT}
          onChange={(value) => filters.setStatus(value as MembershipStatus | '')}
        />
      )}
      {profile.hasNotificationLevel && (
        <ChoiceFilter
          label="Notifications level"
          value={filters.level}
          choices={NOTIFICATION_LEVEL_TEXT}
          onChange={(value) => filters.setLevel(value as NotificationLevel | '')}
        />
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filters.hasUnread}
          onChange={(event) => filters.setHasUnread(event.target.checked)}
        />
        Has unread
      </label>
      {onClear && (
        <button type="button" className="button button-quiet" onClick={onClear}>
          Clear filters and sort
        </button>
      )}
    </fieldset>
  );
}

/** A select of one column's values, "Any" first. */
function ChoiceFilter({
  label,
  value,
  choices,
  onChange,
}: {
  label: string;
  value: string;
  choices: Readonly<Record<string, string>>;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field field-inline">
      <span>{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Any</option>
        {Object.entries(choices).map(([choice, text]) => (
          <option key={choice} value={choice}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
