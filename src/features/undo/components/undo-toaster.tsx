import { useEffect, useState } from 'react';
import { describeError } from '../../../lib/api-client.ts';
import { dismissUndo, runUndo, type UndoEntry, useUndoEntries } from '../api/undo-store.ts';

/** How long an offer stays when the agent isn't hovering or focusing it (the issue asks for at least 8 s). */
export const UNDO_VISIBLE_MS = 10_000;
/** A finished undo says so for a moment, then goes. */
const DONE_VISIBLE_MS = 5_000;

function UndoToast({ entry }: { entry: UndoEntry }) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const held = hovered || focused;
  const { id, state } = entry;

  useEffect(() => {
    // Hovered or focused: stay. A failure stays until dismissed. Otherwise the full time again from now.
    if (held || state === 'failed' || state === 'undoing') return;
    const timer = setTimeout(() => dismissUndo(id), state === 'undone' ? DONE_VISIBLE_MS : UNDO_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [held, id, state]);

  return (
    <li
      className="toast toast-undo"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <div role={state === 'failed' ? 'alert' : 'status'}>
        {state === 'offered' && entry.message}
        {state === 'undoing' && `Undoing: ${entry.message}`}
        {state === 'undone' && `Undone: ${entry.message}`}
        {state === 'failed' && `Couldn't undo (${entry.message}): ${describeError(entry.error)}`}
      </div>
      {state === 'offered' && (
        <button type="button" className="button" onClick={() => void runUndo(id)}>
          Undo
        </button>
      )}
      <button type="button" className="button button-quiet" onClick={() => dismissUndo(id)}>
        Dismiss
      </button>
    </li>
  );
}

export function UndoToaster() {
  const entries = useUndoEntries();
  if (entries.length === 0) return null;
  return (
    <section className="toasts toasts-undo" aria-label="Undo recent changes">
      <ul>
        {entries.map((entry) => (
          <UndoToast key={entry.id} entry={entry} />
        ))}
      </ul>
    </section>
  );
}

export default UndoToaster;
