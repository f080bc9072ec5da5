import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TwilioError } from '../../../lib/api-client.ts';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { showToast } from '../../../ui/toast.tsx';
import { type HistoryEntry, revertChange } from '../api/history.ts';

// Revert one change from the history. If the value was changed since, the server says so (409) and the agent
// decides whether to overwrite it.

export function RevertButton({ entry, label }: { entry: HistoryEntry; label: string }) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<string | null>(null);
  const revert = useMutation({
    mutationFn: (force: boolean) => revertChange(entry.id, force),
    onSuccess: () => {
      setConflict(null);
      showToast(`Reverted: ${label}`);
      void queryClient.invalidateQueries({ queryKey: ['history'] });
    },
    onError: (error) => {
      if (error instanceof TwilioError && error.status === 409) setConflict(error.message);
      else {
        setConflict(null);
        showToast(`Could not revert ${label}: ${error.message}`);
      }
    },
  });
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={revert.isPending}
        aria-label={`Revert: ${label}`}
        onClick={() => revert.mutate(false)}
      >
        Revert
      </button>
      {conflict !== null && (
        <ConfirmDialog
          title="Changed since"
          confirmLabel="Overwrite"
          pending={revert.isPending}
          onConfirm={() => revert.mutate(true)}
          onCancel={() => setConflict(null)}
        >
          <p>
            This value was changed after {entry.agent ?? 'that change'} made it ({conflict}). Overwrite it
            with the value from before?
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
