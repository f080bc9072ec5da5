import type { SortingState } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { TwilioError } from '../../../lib/api-client.ts';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { ChannelFilters, useChannelFilters } from '../../../ui/channel-filters.tsx';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { useRowsWithNames } from '../api/channel-names.ts';
import { useChannelPages } from '../api/use-channel-pages.ts';
import { ChannelsTable } from './channels-table.tsx';

interface ChannelsViewProps {
  userRef: UserRef;
  channelHref: (channelSid: string) => string;
  openChannel: string | null;
  /** Composed by the app: a control in each row's Channel cell, and tools over the page's rows (bulk selection). */
  rowControl?: (row: Membership) => React.ReactNode;
  renderPageTools?: (rows: readonly Membership[]) => React.ReactNode;
  /** A hint under each channel's name, and an order for the page's rows (the diagnosis: ticket symptom first). */
  rowHint?: (row: Membership) => React.ReactNode;
  arrangeRows?: (rows: readonly Membership[]) => readonly Membership[];
}

const EMPTY_SORTING: SortingState = [];

export function ChannelsView({
  userRef,
  channelHref,
  openChannel,
  rowControl,
  renderPageTools,
  rowHint,
  arrangeRows,
}: ChannelsViewProps) {
  const pages = useChannelPages(userRef);
  const { query, page } = pages;
  const named = useRowsWithNames(userRef.api, userRef.service, page?.rows ?? EMPTY_ROWS);
  const rows = useMemo(() => (arrangeRows ? arrangeRows(named) : named), [named, arrangeRows]);
  const [sorting, setSorting] = useState<SortingState>(EMPTY_SORTING);
  const filters = useChannelFilters();
  const { columnFilters } = filters;
  const pageSizeId = useId();

  const caption = `Channels of ${userRef.user}`;

  if (query.isPending) {
    // One placeholder as tall as the loaded table (header + a row per row of the page), so nothing moves when the
    // rows come in. One element with one compositor-only animation: 51 shimmering rows cost the click ~20 ms of
    // style, layout and one animationstart event each (BENCHMARKS.md, "Speed work").
    return (
      <section className="channels" aria-label="Channels" aria-busy="true">
        <div className="skeleton-toolbar" />
        <table className="channels-table">
          <caption>{caption} (loading)</caption>
          <tbody>
            <tr
              className="skeleton-rows"
              style={{ '--skeleton-rows': pages.pageSize + 1 } as React.CSSProperties}
            >
              <td colSpan={5}>
                <div className="skeleton skeleton-stripes" />
              </td>
            </tr>
          </tbody>
        </table>
      </section>
    );
  }

  if (query.isError && !page) {
    // An unknown user is reported once, by the user summary; the channel list has nothing to add.
    if (query.error instanceof TwilioError && query.error.status === 404) return null;
    return (
      <section className="channels" aria-label="Channels">
        <ErrorPanel
          title="Couldn't load the channels"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      </section>
    );
  }

  if (!page) return null;

  if (rows.length === 0 && pages.pageIndex === 0 && !page.hasNextPage) {
    return (
      <section className="channels" aria-label="Channels">
        <p className="empty-state">
          <strong>{userRef.user}</strong> is in no channels in this service.
        </p>
      </section>
    );
  }

  const first = pages.pageIndex * pages.pageSize + 1;
  const last = pages.pageIndex * pages.pageSize + rows.length;
  const filtered = columnFilters.length > 0;

  return (
    <section className="channels" aria-label="Channels">
      <ChannelFilters
        filters={filters}
        showLevel={userRef.api !== 'chat-v1'}
        onClear={
          filtered || sorting.length > 0
            ? () => {
                filters.clear();
                setSorting(EMPTY_SORTING);
              }
            : null
        }
      />

      {renderPageTools?.(rows)}

      {query.isError && (
        <ErrorPanel
          title="Couldn't refresh the channels"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      )}

      <div className="table-scroll">
        <ChannelsTable
          caption={caption}
          rows={rows}
          channelHref={channelHref}
          sorting={sorting}
          onSortingChange={setSorting}
          columnFilters={columnFilters}
          stale={pages.isStale}
          openChannel={openChannel}
          rowControl={rowControl}
          rowHint={rowHint}
        />
      </div>

      <nav className="pagination" aria-label="Pages">
        <p className="range" aria-live="polite">
          {pages.isStale ? 'Loading…' : `Rows ${first}–${last}`}
          {filtered && !pages.isStale ? ' (filtered on this page)' : ''}
        </p>
        <label className="field field-inline" htmlFor={pageSizeId}>
          <span>Rows per page</span>
        </label>
        <select
          id={pageSizeId}
          value={pages.pageSize}
          onChange={(event) => pages.setPageSize(Number(event.target.value))}
        >
          {pages.pageSizeChoices.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={pages.goPrevious} disabled={!pages.canGoPrevious}>
          Previous page
        </button>
        <button type="button" className="button" onClick={pages.goNext} disabled={!pages.canGoNext}>
          Next page
        </button>
      </nav>
    </section>
  );
}

const EMPTY_ROWS: never[] = [];
