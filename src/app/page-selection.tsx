import { lazy, Suspense, useCallback, useState } from 'react';
import { type Membership, membershipLabel } from '../lib/twilio/membership.ts';
import type { UserRef } from '../lib/twilio/queries.ts';
import './page-selection.css';

// The bulk panel's code loads with the first selection, off the first view.
const PagedBulk = lazy(() => import('./paged-bulk.tsx'));

const NOTHING_SELECTED: ReadonlyMap<string, Membership> = new Map();

/** Rows the agent picked for a bulk change in the paged table, kept across pages until the user changes. */
export function usePageSelection(viewKey: string) {
  const [selected, setSelected] = useState(NOTHING_SELECTED);
  // Another user: start empty, in this render. (A reset in an effect re-rendered the whole view, every row with it,
  // right after each lookup's first commit, before its first paint.)
  const [selectedFor, setSelectedFor] = useState(viewKey);
  if (selectedFor !== viewKey) {
    setSelectedFor(viewKey);
    setSelected(NOTHING_SELECTED);
  }

  const rowControl = useCallback(
    (row: Membership) => (
      <input
        type="checkbox"
        className="row-select"
        aria-label={`Select ${membershipLabel(row)}`}
        checked={selected.has(row.channelSid)}
        onChange={(event) => {
          const checked = event.target.checked;
          setSelected((current) => {
            const next = new Map(current);
            if (checked) next.set(row.channelSid, row);
            else next.delete(row.channelSid);
            return next;
          });
        }}
      />
    ),
    [selected],
  );
  return { selected, setSelected, rowControl };
}

interface PageToolsProps {
  rows: readonly Membership[];
  selection: ReturnType<typeof usePageSelection>;
  userRef: UserRef;
  canEdit: boolean;
}

/** "Select all on this page", and the bulk panel once anything is selected. */
export function PageTools({ rows, selection, userRef, canEdit }: PageToolsProps) {
  const { selected, setSelected } = selection;
  const onPage = rows.filter((row) => selected.has(row.channelSid)).length;
  const all = rows.length > 0 && onPage === rows.length;
  const [bulkShown, setBulkShown] = useState(false);
  if (selected.size > 0 && !bulkShown) setBulkShown(true);

  return (
    <div className="page-tools">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={all}
          ref={(box) => {
            if (box) box.indeterminate = onPage > 0 && !all;
          }}
          disabled={rows.length === 0}
          onChange={(event) => {
            const checked = event.target.checked;
            setSelected((current) => {
              const next = new Map(current);
              for (const row of rows) {
                if (checked) next.set(row.channelSid, row);
                else next.delete(row.channelSid);
              }
              return next;
            });
          }}
        />
        Select all on this page
      </label>
      {bulkShown && (
        <Suspense fallback={null}>
          <PagedBulk
            userRef={userRef}
            canEdit={canEdit}
            selected={[...selected.values()]}
            onClearSelection={() => setSelected(new Map())}
          />
        </Suspense>
      )}
    </div>
  );
}
