// The user view's parts that load after the first view: the table's tools (bulk changes, export), "Recent changes",
// the diagnosis above the table and in its rows (they hold the rules), a row's "Muted until …" and Show all. They
// load while the agent types an identity, when the browser is idle, so the first lookup doesn't load and compile
// them between the answers and the rows, and Show all starts its walk with the click (BENCHMARKS.md, "Speed work",
// fifth and sixth rounds).

import { loadAllChannels } from '../features/channels/components/channels-view.tsx';

export const loadChannelTools = () => import('./channel-tools.tsx');
export const loadActivityList = () => import('../features/activity/components/activity-list.tsx');
export const loadDiagnosisBar = () => import('./diagnosis-bar.tsx');
export const loadRowHint = () => import('../features/diagnosis/components/row-hint.tsx');
export const loadMutedUntilNote = () => import('../features/schedules/components/muted-until-note.tsx');

/** Every part above, and Show all's: the one list the preload walks. */
const PARTS = [
  loadChannelTools,
  loadActivityList,
  loadDiagnosisBar,
  loadRowHint,
  loadMutedUntilNote,
  loadAllChannels,
] as const;

let requested = false;

/** Loads every part once, at the browser's next idle moment (React.lazy then finds them loaded). */
export function preloadUserViewParts(): void {
  if (requested) return;
  requested = true;
  const load = () => {
    for (const part of PARTS) {
      // A failed load is retried, and reported, by the lazy component that renders the part.
      part().catch(() => undefined);
    }
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 1000 });
  else setTimeout(load, 0);
}
