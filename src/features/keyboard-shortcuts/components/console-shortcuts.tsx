import { useEffect, useId, useRef, useState } from 'react';
import { useShortcuts } from '../hooks/use-shortcuts.ts';

export const SHORTCUTS: ReadonlyArray<{ keys: string; description: string }> = [
  { keys: '/', description: 'Focus the User field' },
  { keys: 'j', description: 'Next row in the channels table' },
  { keys: 'k', description: 'Previous row in the channels table' },
  { keys: 'Enter', description: 'Open the focused row in the drawer' },
  { keys: 'm', description: 'Mute or unmute the channel in the open drawer' },
  { keys: 'Escape', description: 'Close the drawer or this list' },
  { keys: '?', description: 'Show this list of shortcuts' },
];

/** The User field of the lookup form (its label's text is the contract e2e tests rely on, too). */
function userField(): HTMLInputElement | null {
  for (const label of document.querySelectorAll('label')) {
    const text = label.querySelector('span')?.textContent?.trim();
    if (text === 'User') return label.querySelector('input');
  }
  return null;
}

/** The controls that open a row, in the order the table shows them (not the inert copy app/warm-up.tsx renders). */
function rowLinks(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('table a[data-channel-sid]')).filter(
    (link) => !link.closest('[inert]'),
  );
}

function openDialog(): HTMLDialogElement | null {
  return document.querySelector<HTMLDialogElement>('dialog[open]');
}

export function moveRow(step: 1 | -1): void {
  const links = rowLinks();
  if (links.length === 0) return;
  const active = document.activeElement;
  const row = active?.closest('tr');
  let at = links.findIndex((link) => link === active || row?.contains(link) === true);
  at = at < 0 ? (step === 1 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
  const target = links[at];
  target?.focus();
  target?.scrollIntoView?.({ block: 'nearest' });
}

/** Clicks the Notifications choice that isn't checked (Default ↔ Muted) in the open drawer. */
export function toggleMuteInDrawer(dialog: HTMLElement): boolean {
  const group = Array.from(dialog.querySelectorAll<HTMLElement>('[role="radiogroup"]')).find((g) => {
    const labelId = g.getAttribute('aria-labelledby');
    const name = labelId ? document.getElementById(labelId)?.textContent : g.getAttribute('aria-label');
    return name?.trim() === 'Notifications';
  });
  const next = group
    ? Array.from(group.querySelectorAll<HTMLInputElement>('input[type="radio"]')).find(
        (r) => !r.checked && !r.disabled,
      )
    : undefined;
  next?.click();
  return next !== undefined;
}

/** `/`, `j`/`k`, `m` and `?` for the whole console. Mounted once by the app. */
export function ConsoleShortcuts() {
  const [helpOpen, setHelpOpen] = useState(false);
  useShortcuts({
    '/': () => {
      if (openDialog()) return;
      userField()?.focus();
    },
    j: () => {
      if (!openDialog()) moveRow(1);
    },
    k: () => {
      if (!openDialog()) moveRow(-1);
    },
    m: () => {
      const dialog = openDialog();
      if (dialog) toggleMuteInDrawer(dialog);
    },
    '?': () => setHelpOpen(true),
  });
  return helpOpen ? <ShortcutsDialog onClose={() => setHelpOpen(false)} /> : null;
}

function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal?.();
    const onDialogClose = () => onCloseRef.current();
    dialog.addEventListener('close', onDialogClose);
    return () => {
      dialog.removeEventListener('close', onDialogClose);
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);
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
      <button type="button" className="button" onClick={() => onCloseRef.current()}>
        Close
      </button>
    </dialog>
  );
}

export default ConsoleShortcuts;
