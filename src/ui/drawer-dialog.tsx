import { type ReactNode, useEffect, useId, useRef } from 'react';

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
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    // Escape fires `cancel`; let the URL drive the close instead of the browser, so history stays in step.
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
    };
  }, []);

  return (
    <dialog ref={ref} className="drawer" aria-labelledby={titleId}>
      <header className="drawer-header">
        <h2 id={titleId} className="drawer-title">
          {title}
        </h2>
        <button type="button" className="button button-quiet" onClick={() => onCloseRef.current()}>
          Close
        </button>
      </header>
      <div className="drawer-body">{children}</div>
    </dialog>
  );
}
