import { lazy, Suspense, useLayoutEffect, useRef, useState } from 'react';
import { useShortcuts } from '../hooks/use-shortcuts.ts';

// The list `?` shows loads when asked for: the keys work from the first view, their descriptions aren't needed there.
const ShortcutsDialog = lazy(() => import('./shortcuts-dialog.tsx'));

/** The User field of the lookup form (its label's text is the contract e2e tests rely on, too). */
function userField(): HTMLInputElement | null {
  for (const label of document.querySelectorAll('label')) {
    const text = label.querySelector('span')?.textContent?.trim();
    if (text === 'User') return label.querySelector('input');
  }
  return null;
}

/** The controls that open a row, in the order the table shows them. */
function rowLinks(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('#main table a[data-channel-sid]'));
}

/** After "No user …": the users offered instead (the lowercase form, the recently viewed), in order. */
function userOffers(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('#main a[data-user-offer]'));
}

/** The row link of the row that has the focus, if any. */
function focusedRowLink(): HTMLElement | null {
  const row = document.activeElement?.closest('tr');
  return row?.querySelector<HTMLElement>('a[data-channel-sid]') ?? null;
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

/** Clicks the Notifications choice that isn't checked (Default ↔ Muted) in the open drawer; true when it muted. */
export function toggleMuteInDrawer(dialog: HTMLElement): boolean | null {
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
  return next ? next.value === 'muted' : null;
}

/**
 * Clicks the first fix button of the open drawer's Diagnosis, or of the user's Diagnosis above the table, once all
 * their facts are in; says what it pressed. A fix that can't be undone opens its own confirmation (focus on Cancel, Delete confirms), so `f` never
 * removes anything alone.
 */
export function applyFirstFix(scope: ParentNode): string {
  const fix = scope.querySelector<HTMLButtonElement>('.finding-fix button:not(:disabled)');
  if (!fix) return 'No suggested fix here';
  const label = fix.textContent?.trim() ?? '';
  fix.click();
  return `Fix: ${label}`;
}

/** A Diagnosis in scope is still reading facts; a fix that comes with them can rank above the first one shown now. */
function diagnosisReading(scope: ParentNode): boolean {
  return scope.querySelector('.findings[aria-busy="true"]') !== null;
}

/** Resolves true once no Diagnosis in scope is reading; false if the scope goes away or it takes over `timeoutMs`. */
export function untilDiagnosisRead(scope: HTMLElement, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (read: boolean) => {
      observer.disconnect();
      clearTimeout(timer);
      resolve(read);
    };
    const observer = new MutationObserver(() => {
      if (!scope.isConnected) finish(false);
      else if (!diagnosisReading(scope)) finish(true);
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    observer.observe(scope, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-busy'],
    });
    if (!diagnosisReading(scope)) finish(true);
  });
}

interface ConsoleShortcutsProps {
  /** Mutes or unmutes a row's channel (`m` on a focused row); says what it did ("Muted Ops"), or null if nothing. */
  toggleMute?: (channelSid: string, label: string) => string | null;
}

/** `/`, `j`/`k`, `m`, `f` and `?` for the whole console, and ↓/Escape out of the User field. Mounted once by the app. */
export function ConsoleShortcuts({ toggleMute }: ConsoleShortcutsProps) {
  const [helpOpen, setHelpOpen] = useState(false);
  // What the last shortcut did, for screen readers (the row or the drawer shows it on screen).
  const [announcement, setAnnouncement] = useState('');
  // An `f` pressed while the Diagnosis reads waits for it; a second press meanwhile must not apply the fix twice.
  const waitingToFix = useRef(false);
  useLeaveUserField();
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
      if (dialog) {
        const muted = toggleMuteInDrawer(dialog);
        const title = dialog.querySelector('h2')?.textContent ?? '';
        if (muted !== null) setAnnouncement(`${muted ? 'Muted' : 'Unmuted'} ${title}`);
        return;
      }
      const link = focusedRowLink();
      const sid = link?.getAttribute('data-channel-sid');
      if (link && sid && toggleMute) setAnnouncement(toggleMute(sid, link.textContent ?? sid) ?? '');
    },
    f: () => {
      const scope = openDialog() ?? document.getElementById('main');
      if (!scope || waitingToFix.current) return;
      if (!diagnosisReading(scope)) {
        setAnnouncement(applyFirstFix(scope));
        return;
      }
      waitingToFix.current = true;
      setAnnouncement('Waiting for the diagnosis to finish reading…');
      void untilDiagnosisRead(scope).then((read) => {
        waitingToFix.current = false;
        setAnnouncement(read ? applyFirstFix(scope) : 'The diagnosis is still reading: nothing was changed');
      });
    },
    '?': () => setHelpOpen(true),
  });
  return (
    <>
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      {helpOpen && (
        <Suspense fallback={null}>
          <ShortcutsDialog onClose={() => setHelpOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

/**
 * After a lookup the focus is still in the User field, where j/k/m are text: ↓ or Escape there moves it to the first
 * row of the table, or after "No user …" to the first user offered (Escape with neither just leaves the field, so `?`
 * and `/` work again).
 */
function useLeaveUserField() {
  // On from the first commit, like the shortcuts (use-shortcuts.ts).
  useLayoutEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || (event.key !== 'ArrowDown' && event.key !== 'Escape')) return;
      const field = userField();
      if (!field || event.target !== field || openDialog()) return;
      const first = rowLinks()[0] ?? userOffers()[0];
      if (first) {
        event.preventDefault();
        first.focus();
        first.scrollIntoView?.({ block: 'nearest' });
      } else if (event.key === 'Escape') {
        field.blur();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

export default ConsoleShortcuts;
