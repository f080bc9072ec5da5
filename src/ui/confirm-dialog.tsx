import { type ReactNode, useId, useRef } from 'react';
import { useModalDialog } from './use-modal-dialog.ts';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while the confirmed action runs. */
  pendingLabel?: string;
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

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
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const ref = useModalDialog({ onClose: onCancel, initialFocus: cancelRef });
  const titleId = useId();
  return (
    <dialog ref={ref} className="confirm-dialog" role="alertdialog" aria-labelledby={titleId}>
      <h2 id={titleId} className="confirm-title">
        {title}
      </h2>
      {children}
      <div className="button-row">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button type="button" className="button button-danger-solid" onClick={onConfirm} disabled={pending}>
          {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
