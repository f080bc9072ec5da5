import type { ColumnFiltersState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { MembershipStatus, NotificationLevel } from '../lib/twilio/membership.ts';

// The filters of the paged table and of Show all: one set of controls, one state shape, the same column ids
// ('status', 'notifications', 'unread') as both tables' columns.

export const STATUS_LABELS: Record<MembershipStatus, string> = {
  joined: 'Joined',
  invited: 'Invited',
  not_participating: 'Not participating',
};

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
