import { useSyncExternalStore } from 'react';

/** An offer to undo a change that succeeded. `undo` writes the previous values back now (a compensating update). */
export interface UndoOffer {
  /** A later offer with the same key replaces this one (a bulk run offers again after Retry failed). */
  key: string;
  message: string;
  undo: () => unknown;
}

export interface UndoEntry extends UndoOffer {
  id: number;
  state: 'offered' | 'undoing' | 'undone' | 'failed';
  error: unknown;
}

let entries: UndoEntry[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

/** At most this many offers on screen; the oldest goes first. */
const MAX_OFFERS = 3;

export function offerUndo(offer: UndoOffer): void {
  const entry: UndoEntry = { ...offer, id: nextId++, state: 'offered', error: null };
  entries = [...entries.filter((e) => e.key !== offer.key), entry].slice(-MAX_OFFERS);
  emit();
}

export function dismissUndo(id: number): void {
  entries = entries.filter((e) => e.id !== id);
  emit();
}

function update(id: number, patch: Partial<UndoEntry>) {
  entries = entries.map((e) => (e.id === id ? { ...e, ...patch } : e));
  emit();
}

export async function runUndo(id: number): Promise<void> {
  const entry = entries.find((e) => e.id === id);
  if (entry?.state !== 'offered') return;
  update(id, { state: 'undoing' });
  try {
    await entry.undo();
    update(id, { state: 'undone' });
  } catch (error) {
    update(id, { state: 'failed', error });
  }
}

export function clearUndoOffers(): void {
  entries = [];
  emit();
}

export function useUndoEntries(): UndoEntry[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => entries,
  );
}
