import { useQueryClient } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import {
  type ComponentType,
  lazy,
  type ReactNode,
  Suspense,
  startTransition,
  useCallback,
  useId,
  useMemo,
  useState,
} from 'react';
import { TwilioError } from '../../../lib/api-client.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { capitalise } from '../../../lib/twilio/api-profiles.ts';
import type { Membership } from '../../../lib/twilio/membership.ts';
import { allMembershipsQuery, type UserRef } from '../../../lib/twilio/queries.ts';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { useRowsWithNames } from '../api/channel-names.ts';
import { useChannelPages } from '../api/use-channel-pages.ts';
import { type Selection, useSelection } from '../api/use-selection.ts';
import { ChannelFilters, useChannelFilters } from './channel-filters.tsx';
import { ChannelsTable, type RowResult, useChannelsTable } from './channels-table.tsx';
import './channels.css';

// Show all (every page, walked) isn't part of the first view: the app loads it with the view's other parts, at idle.
// Once loaded it renders as a plain component: React.lazy suspends once even for code already loaded, and the
// Suspense fallback shown for that holds Show all (and the walk's second page) back for React's 300 ms reveal
// throttle (BENCHMARKS.md, "Sixth round").
type AllChannelsComponent = ComponentType<SourceProps & { onExit: () => void }>;
let loadedAllChannels: AllChannelsComponent | undefined;
export const loadAllChannels = () =>
  import('./all-channels.tsx').then((module) => {
    loadedAllChannels = module.default;
    return module;
  });
const LazyAllChannels = lazy(loadAllChannels);

/** What the app's tools (bulk changes, export) get from the table. */
export interface ChannelToolsContext {
  /** Every selected row, on any page (also those a filter hides). */
  selected: readonly Membership[];
  /** The rows shown: the page or every loaded row, after filters, in the order shown. */
  shown: readonly Membership[];
  clearSelection: () => void;
  /** Per-row results for the table's Result column (a bulk run's), or null for none. */
  showResults: (results: ReadonlyMap<string, RowResult> | null) => void;
}

interface ChannelsViewProps {
  userRef: UserRef;
  channelHref: (channelSid: string) => string;
  openChannel: string | null;
  /** Whether the agent may change memberships (their role); the API's own ability comes from its adapter. */
  canEdit: boolean;
  /** Bulk actions, export…: composed by the app, fed with the selection and the rows shown. */
  renderTools?: (context: ChannelToolsContext) => ReactNode;
  /** First in the toolbar (the ticket's symptom, the user's diagnosis): given a way to select rows for a bulk
   * change, when the agent may. */
  renderDiagnosis?: (select: ((rows: readonly Membership[]) => void) | undefined) => ReactNode;
  /** A short hint under a channel's name (the diagnosis), and an order for the rows (the ticket's symptom first). */
  rowHint?: (row: Membership) => ReactNode;
  /** A note after a row's notification level (a timed mute's end). */
  levelNote?: (row: Membership) => ReactNode;
  arrangeRows?: (rows: readonly Membership[]) => readonly Membership[];
}

const EMPTY_SORTING: SortingState = [];
const NO_ROWS: readonly Membership[] = [];

/**
 * A user's channels: one table fed by one of two sources, a page at a time (Twilio's cursors) or every page
 * ("Show all"). Filters, sort, selection, tools and keyboard work the same over both.
 */
export function ChannelsView(props: ChannelsViewProps) {
  // Show all's component while it is shown (chosen once, so it never remounts), else null for the pages.
  const [AllChannels, setAllChannels] = useState<AllChannelsComponent | null>(null);
  const selection = useSelection(props.userRef);
  const [sorting, setSorting] = useState<SortingState>(EMPTY_SORTING);
  const filters = useChannelFilters();
  const shared = { ...props, selection, sorting, setSorting, filters };
  const queryClient = useQueryClient();
  const showEverything = () => {
    // The walk's first page is asked for with the click, while Show all's code loads (a round trip saved).
    void queryClient.prefetchInfiniteQuery(allMembershipsQuery(props.userRef));
    // In a transition: the table's re-render yields, so that request leaves now instead of after it.
    startTransition(() => setAllChannels(() => loadedAllChannels ?? LazyAllChannels));
  };
  return AllChannels ? (
    <Suspense fallback={<p className="muted-text">Loading…</p>}>
      <AllChannels {...shared} onExit={() => setAllChannels(null)} />
    </Suspense>
  ) : (
    <PagedChannels {...shared} onShowAll={showEverything} />
  );
}

export interface SourceProps extends ChannelsViewProps {
  selection: Selection;
  sorting: SortingState;
  setSorting: React.Dispatch<React.SetStateAction<SortingState>>;
  filters: ReturnType<typeof useChannelFilters>;
}

function PagedChannels({ onShowAll, ...props }: SourceProps & { onShowAll: () => void }) {
  const { userRef } = props;
  const terms = adapters[userRef.api].profile.terms;
  const pages = useChannelPages(userRef);
  const { query, page } = pages;
  const pageSizeId = useId();
  const sectionLabel = capitalise(terms.channels);

  // While the first page loads, the panel itself shows, with a placeholder for its rows: the toolbar and the header
  // are in place (nothing moves when the rows come), and they are rendered during the wait instead of after it
  // (BENCHMARKS.md, "Eleventh round").
  const loading = query.isPending;

  if (query.isError && !page) {
    // An unknown user is reported once, by the user summary; the channel list has nothing to add.
    if (query.error instanceof TwilioError && query.error.status === 404) return null;
    return (
      <section className="channels" aria-label={sectionLabel}>
        <ErrorPanel
          title={`Couldn't load the ${terms.channels}`}
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      </section>
    );
  }

  if (!loading && !page) return null;

  if (page && page.rows.length === 0 && pages.pageIndex === 0 && !page.hasNextPage) {
    return (
      <section className="channels" aria-label={sectionLabel}>
        {/* The user's own findings (a user Twilio can't notify) hold with no channels too. */}
        {props.renderDiagnosis?.(undefined)}
        <p className="empty-state">
          <strong>{userRef.user}</strong> is in no {terms.channels} in this service.
        </p>
      </section>
    );
  }

  const first = pages.pageIndex * pages.pageSize + 1;
  const last = pages.pageIndex * pages.pageSize + (page?.rows.length ?? 0);

  return (
    <ChannelsPanel
      {...props}
      rows={page?.rows ?? NO_ROWS}
      loadingRows={loading ? pages.pageSize : undefined}
      stale={pages.isStale}
      scope="page"
      range={loading || pages.isStale ? 'Loading…' : `Rows ${first}–${last}`}
      status={
        query.isError && (
          <ErrorPanel
            title={`Couldn't refresh the ${terms.channels}`}
            error={query.error}
            onRetry={() => void query.refetch()}
          />
        )
      }
      modeButton={
        <button type="button" className="button" onClick={onShowAll} disabled={loading}>
          Show all {terms.channels}
        </button>
      }
      footer={
        <nav className="pagination" aria-label="Pages">
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
      }
    />
  );
}

export interface PanelProps extends SourceProps {
  rows: readonly Membership[];
  /** While the first rows load: a placeholder as tall as this many rows stands in for them. */
  loadingRows?: number | undefined;
  stale: boolean;
  /** What the rows are: one page, or every loaded row. */
  scope: 'page' | 'all';
  range: string;
  status: ReactNode;
  modeButton: ReactNode;
  footer: ReactNode;
}

/** The toolbar, the tools, the table and the counts: the same for both sources. */
export function ChannelsPanel({
  userRef,
  channelHref,
  openChannel,
  canEdit,
  renderTools,
  renderDiagnosis,
  rowHint,
  levelNote,
  arrangeRows,
  selection,
  sorting,
  setSorting,
  filters,
  rows: loaded,
  loadingRows,
  stale,
  scope,
  range,
  status,
  modeButton,
  footer,
}: PanelProps) {
  const profile = adapters[userRef.api].profile;
  const { terms } = profile;
  const [drawn, setDrawn] = useState<readonly string[]>([]);
  const onDrawn = useCallback((sids: readonly string[]) => setDrawn(sids), []);
  const named = useRowsWithNames(userRef.api, userRef.service, loaded, drawn);
  const rows = useMemo(() => (arrangeRows ? arrangeRows(named) : named), [named, arrangeRows]);
  const [results, setResults] = useState<ReadonlyMap<string, RowResult> | null>(null);
  const selecting = canEdit && profile.canEdit;
  const state = useChannelsTable({
    profile,
    rows,
    channelHref,
    sorting,
    onSortingChange: setSorting,
    columnFilters: filters.columnFilters,
    selection: selecting ? selection : null,
    results,
    rowHint,
    levelNote,
  });
  const { shown } = state;
  const filtered = filters.columnFilters.length > 0;
  const selectedHere = selecting ? rows.filter((row) => selection.has(row.channelSid)).length : 0;
  const elsewhere = selection.rows.length - selectedHere;
  const where = scope === 'page' ? 'on this page' : 'loaded';
  // The diagnosis is an element kept from the last render: a change to a row (a click's optimistic edit) doesn't
  // draw it again (it follows the loaded rows itself, a render later).
  const { set: setSelected } = selection;
  const diagnosis = useMemo(
    () => renderDiagnosis?.(selecting ? (picked) => setSelected(picked, true) : undefined),
    [renderDiagnosis, selecting, setSelected],
  );

  return (
    <section
      className="channels"
      aria-label={capitalise(terms.channels)}
      aria-busy={loadingRows !== undefined || undefined}
    >
      <div className="table-toolbar">
        {diagnosis}
        <ChannelFilters
          filters={filters}
          profile={profile}
          onClear={
            filtered || sorting.length > 0
              ? () => {
                  filters.clear();
                  setSorting(EMPTY_SORTING);
                }
              : null
          }
        />
        {modeButton}
      </div>
      <div className="table-actions">
        {status}
        <p className="range" aria-live="polite">
          {filtered && !stale ? `${shown.length} of ${rows.length} ${where} rows match the filters` : range}
        </p>
        {selecting && (
          <div className="selection-bar">
            <button
              type="button"
              className="button"
              disabled={rows.length === 0 || selectedHere === rows.length}
              onClick={() => selection.set(rows, true)}
            >
              {loadingRows === undefined ? `Select all ${rows.length} ${where}` : `Select all ${where}`}
            </button>
            <span className="selection-count">
              {selection.rows.length} selected
              {elsewhere > 0 ? ` (${elsewhere} ${scope === 'page' ? 'on other pages' : 'not loaded'})` : ''}
            </span>
          </div>
        )}
        {renderTools?.({
          selected: selection.rows,
          shown,
          clearSelection: selection.clear,
          showResults: setResults,
        })}
      </div>
      <ChannelsTable
        caption={`${capitalise(terms.channels)} of ${userRef.user}${loadingRows !== undefined ? ' (loading)' : scope === 'all' ? ' (all loaded)' : ''}`}
        state={state}
        loadingRows={loadingRows}
        stale={stale}
        openChannel={openChannel}
        onDrawn={onDrawn}
        emptyNote={`No ${scope === 'page' ? `${terms.channels} on this page` : `loaded ${terms.channels}`} match the filters.`}
      />
      {footer}
    </section>
  );
}
