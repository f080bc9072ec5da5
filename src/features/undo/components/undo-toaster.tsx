import { useEffect, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { describeError } from '../../../lib/api-client.ts';
import { dismissUndo, runUndo, type UndoEntry, useUndoEntries } from '../api/undo-store.ts';
import './undo-toaster.css';

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

/** The open dialog on top, if any: a modal one makes everything outside it inert, so the toasts must live inside it. */
function topDialog(): HTMLElement | null {
  const open = document.querySelectorAll<HTMLDialogElement>('dialog[open]');
  return open[open.length - 1] ?? null;
}

function subscribeToDialogs(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['open'],
  });
  return () => observer.disconnect();
}

export function UndoToaster() {
  const entries = useUndoEntries();
  const host = useSyncExternalStore(subscribeToDialogs, topDialog, () => null);
  if (entries.length === 0) return null;
  const toasts = (
    <section className="toasts toasts-undo" aria-label="Undo recent changes">
      <ul>
        {entries.map((entry) => (
          <UndoToast key={entry.id} entry={entry} />
        ))}
      </ul>
    </section>
  );
  // With the drawer open (a modal <dialog>), the rest of the page is inert: show the offers inside it.
  return host ? createPortal(toasts, host) : toasts;
}

export default UndoToaster;
