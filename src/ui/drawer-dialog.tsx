import { type ReactNode, useId } from 'react';
import { useModalDialog } from './use-modal-dialog.ts';

interface DrawerDialogProps {
  title: ReactNode;
  /** Called when the agent asks to close (Escape, the Close button): the owner changes the URL. */
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal side drawer on native <dialog>: showModal() gives focus containment, an inert background and Escape.
 * It is open while mounted; the owner mounts it from the URL, so Back (URL change) closes it too.
 */
export function DrawerDialog({ title, onClose, children }: DrawerDialogProps) {
  const ref = useModalDialog({ onClose });
  const titleId = useId();
  return (
    <dialog ref={ref} className="drawer" aria-labelledby={titleId}>
      <header className="drawer-header">
        <h2 id={titleId} className="drawer-title">
          {title}
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="drawer-body">{children}</div>
    </dialog>
  );
}
