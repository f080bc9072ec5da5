import { createContext, type ReactNode, Suspense, useContext, useEffect, useState } from 'react';
import { afterNextPaint } from '../lib/after-paint.ts';

// The user view's parts that explain or act on the rows (the table's tools, "Recent changes", the diagnosis above the
// table and in its rows, a row's "Muted until") render from the frame after the view was first painted with its data
// (not its loading view): the first rows don't wait for their render or for the requests they start, nor share the
// network with them (BENCHMARKS.md, "Sixth round"). Before the parts' code was loaded at idle (user-view-parts.ts), a
// first lookup showed them this late anyway, when their chunks arrived.

const ViewPainted = createContext(false);

/**
 * True from the frame after the view named `key` was first painted `ready`; false again for another key (another
 * user).
 */
function usePaintedOnce(key: string, ready: boolean): boolean {
  const [painted, setPainted] = useState<string | null>(null);
  useEffect(() => (ready ? afterNextPaint(() => setPainted(key)) : undefined), [key, ready]);
  return painted === key;
}

/** `ready`: the view shows its data (the lookup's answers are in), not its loading view. */
export function ViewPaintedProvider({
  viewKey,
  ready,
  children,
}: {
  viewKey: string;
  ready: boolean;
  children: ReactNode;
}) {
  return <ViewPainted.Provider value={usePaintedOnce(viewKey, ready)}>{children}</ViewPainted.Provider>;
}

/**
 * Its children once the view has been painted with its data, and their code is loaded (they are lazy parts);
 * `fallback` (by default nothing) until then.
 */
export function AfterFirstPaint({
  children,
  fallback = null,
}: {
  children: ReactNode;
  fallback?: ReactNode;
}) {
  return useContext(ViewPainted) ? <Suspense fallback={fallback}>{children}</Suspense> : fallback;
}
