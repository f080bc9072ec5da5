import { useId } from 'react';
import { useModalDialog } from '../../../ui/use-modal-dialog.ts';

/** Every shortcut, as the `?` list shows it. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: '/', description: 'Focus the User field' },
  {
    keys: '↓ or Escape',
    description:
      'From the User field to the first row of the table (or, for an unknown user, the first user offered)',
  },
  { keys: 'j', description: 'Next row in the channels table' },
  { keys: 'k', description: 'Previous row in the channels table' },
  { keys: 'Enter', description: 'Open the focused row in the drawer' },
  { keys: 'm', description: 'Mute or unmute the focused row’s channel, or the open drawer’s' },
  {
    keys: 'f',
    description:
      'Apply the first suggested fix: the open drawer’s Diagnosis, else the user’s (asks first if it can’t be undone)',
  },
  {
    keys: 'Delete',
    description: 'In a removal’s confirmation: remove (it opens on Cancel, so Enter alone removes nothing)',
  },
  { keys: 'Escape', description: 'Close the drawer or this list' },
  { keys: '?', description: 'Show this list of shortcuts' },
];

/** The `?` list of shortcuts, a modal dialog that gives the focus back when it closes. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useModalDialog({ onClose, restoreFocus: true });
  const titleId = useId();
  return (
    <dialog ref={ref} className="shortcuts-dialog" aria-labelledby={titleId}>
      <h2 id={titleId}>Keyboard shortcuts</h2>
      <p className="hint">Shortcuts don’t fire while you type in a field.</p>
      <dl className="shortcut-list">
        {SHORTCUTS.map((s) => (
          <div key={s.keys}>
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}

export default ShortcutsDialog;
