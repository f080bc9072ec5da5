import { type RefObject, useEffect, useRef } from 'react';

/**
 * The one way the console opens a native <dialog> (drawer, confirmations, shortcut list): modal while mounted
 * (showModal gives focus containment, an inert background and Escape), Escape asks the owner to close (`onClose`)
 * instead of closing it behind React's back, and focus goes to `initialFocus` when given. Unmounting closes it and
 * gives focus back to what had it before, when `restoreFocus` is set.
 */
export function useModalDialog({
  onClose,
  initialFocus,
  restoreFocus = false,
}: {
  onClose: () => void;
  initialFocus?: RefObject<HTMLElement | null>;
  restoreFocus?: boolean;
}): RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  // biome-ignore lint/correctness/useExhaustiveDependencies: opened once, on mount
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = restoreFocus ? (document.activeElement as HTMLElement | null) : null;
    if (!dialog.open) dialog.showModal?.();
    initialFocus?.current?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      opener?.focus?.();
    };
  }, []);
  return ref;
}
