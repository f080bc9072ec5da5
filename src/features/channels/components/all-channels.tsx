import { useDeferredValue, useMemo } from 'react';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { ErrorPanel } from '../../../ui/error-panel.tsx';
import { useAllChannels } from '../api/use-all-channels.ts';
import { ChannelsPanel, type SourceProps } from './channels-view.tsx';

/** Show all: the same table, fed with every page of the user's list, walked in order. */
export default function AllChannels(allProps: SourceProps & { onExit: () => void }) {
  const live = useAllChannels(allProps.userRef, true);
  // While the walk runs, each answer re-renders this component at once and the table, its counts and the diagnosis
  // above it follow in a deferred render (the same element until then): drawn in the answer's own task, they held
  // the walk's next request back by the time they took (BENCHMARKS.md, "Seventh round"). Once it is done, an
  // agent's change (a removal, a mute) is drawn at once, as in the paged view.
  const deferred = useDeferredValue(live);
  const walk = live.status === 'loading' ? deferred : live;
  return useMemo(() => <WalkedChannels {...allProps} walk={walk} />, [allProps, walk]);
}

function WalkedChannels({
  onExit,
  walk,
  ...props
}: SourceProps & { onExit: () => void; walk: ReturnType<typeof useAllChannels> }) {
  const terms = adapters[props.userRef.api].profile.terms;
  const loading = walk.status === 'loading';
  const count = walk.rows.length;
  return (
    <ChannelsPanel
      {...props}
      rows={walk.rows}
      stale={false}
      scope="all"
      range={`${count} rows`}
      status={
        <>
          <div className="all-walk">
            {loading && (
              <label className="all-progress">
                <span>
                  Loading every {terms.channel}: {count} loaded ({walk.pagesLoaded} page
                  {walk.pagesLoaded === 1 ? '' : 's'})…
                </span>
                <progress aria-label={`Loading all ${terms.channels}`} />
              </label>
            )}
            <p role="status" className="all-status">
              {walk.status === 'done' && `All ${count} ${terms.channels} loaded.`}
              {walk.status === 'cancelled' &&
                `Stopped: ${count} ${terms.channels} loaded, the rest not requested.`}
            </p>
            {loading ? (
              <button type="button" className="button" onClick={walk.cancel}>
                Cancel
              </button>
            ) : (
              walk.status !== 'done' && (
                <button type="button" className="button" onClick={walk.start}>
                  Load the rest
                </button>
              )
            )}
          </div>
          {walk.status === 'error' && (
            <ErrorPanel title="Couldn't load every page" error={walk.error} onRetry={walk.start} />
          )}
        </>
      }
      modeButton={
        <button type="button" className="button button-quiet" onClick={onExit}>
          Back to pages
        </button>
      }
      footer={null}
    />
  );
}
