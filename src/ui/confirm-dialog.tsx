import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';
import { useModalDialog } from './use-modal-dialog.ts';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while the confirmed action runs. */
  pendingLabel?: string;
  pending?: boolean;
  /**
   * A removal: the Delete key (or Backspace, a Mac's "delete") confirms it. A key of its own, not Enter, so a stray
   * Enter still lands on Cancel while a keyboard agent who means it confirms in one press.
   */
  deleteKeyConfirms?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

const DELETE_KEYS = ['Delete', 'Backspace'];

/**
 * A modal alert dialog that asks before something Horizon can't undo. Cancel is focused first, so a stray Enter never
 * confirms; Escape cancels.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pendingLabel,
  pending = false,
  deleteKeyConfirms = false,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const ref = useModalDialog({ onClose: onCancel, initialFocus: cancelRef });
  const titleId = useId();
  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (!deleteKeyConfirms || pending || !DELETE_KEYS.includes(event.key)) return;
    if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    // Backspace in a field of the dialog edits the field.
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    event.preventDefault();
    onConfirm();
  };
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
    >
      <h2 id={titleId} className="confirm-title">
        {title}
      </h2>
      {children}
      {deleteKeyConfirms && (
        <p className="hint">
          Keyboard: <kbd>Delete</kbd> confirms, <kbd>Escape</kbd> cancels.
        </p>
      )}
      <div className="button-row">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger-solid"
          onClick={onConfirm}
          disabled={pending}
          aria-keyshortcuts={deleteKeyConfirms ? 'Delete' : undefined}
        >
          {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
