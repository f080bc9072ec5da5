import type { ColumnFiltersState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { Membership, MembershipStatus, NotificationLevel } from '../lib/twilio/membership.ts';

// What the paged table and Show all share: the filter controls and their state (the same column ids, 'status',
// 'notifications', 'unread', as both tables' columns), and the cells that show a membership's status, unread count
// and notification level.

export const STATUS_LABELS: Record<MembershipStatus, string> = {
  joined: 'Joined',
  invited: 'Invited',
  not_participating: 'Not participating',
};

export function StatusBadge({ status }: { status: MembershipStatus }) {
  return <span className={`status status-${status}`}>{STATUS_LABELS[status]}</span>;
}

export function LevelBadge({ level }: { level: NotificationLevel | undefined }) {
  if (!level) return <span className="muted-text">—</span>;
  return <span className={`level level-${level}`}>{level === 'muted' ? 'Muted' : 'Default'}</span>;
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
  const [level, setLevel] = useState<NotificationLevel | ''>('');
  const [hasUnread, setHasUnread] = useState(false);

  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const filters: ColumnFiltersState = [];
    if (status) filters.push({ id: 'status', value: status });
    if (level) filters.push({ id: 'notifications', value: level });
    if (hasUnread) filters.push({ id: 'unread', value: true });
    return filters;
  }, [status, level, hasUnread]);

  return {
    status,
    setStatus,
    level,
    setLevel,
    hasUnread,
    setHasUnread,
    columnFilters,
    clear: () => {
      setStatus('');
      setLevel('');
      setHasUnread(false);
    },
  };
}

export type ChannelFiltersState = ReturnType<typeof useChannelFilters>;

interface ChannelFiltersProps {
  filters: ChannelFiltersState;
  /** Chat v1 records have no notification level. */
  showLevel: boolean;
  /** Shown while a filter or a sort is on. */
  onClear: (() => void) | null;
}

export function ChannelFilters({ filters, showLevel, onClear }: ChannelFiltersProps) {
  return (
    <fieldset className="toolbar">
      <legend className="visually-hidden">Filter the loaded rows</legend>
      <label className="field field-inline">
        <span>Status</span>
        <select
          value={filters.status}
          onChange={(event) => filters.setStatus(event.target.value as MembershipStatus | '')}
        >
          <option value="">Any</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {showLevel && (
        <label className="field field-inline">
          <span>Notifications level</span>
          <select
            value={filters.level}
            onChange={(event) => filters.setLevel(event.target.value as NotificationLevel | '')}
          >
            <option value="">Any</option>
            <option value="default">Default</option>
            <option value="muted">Muted</option>
          </select>
        </label>
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
