import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './confirm-dialog.tsx';

function renderDialog(props: { deleteKeyConfirms?: boolean; pending?: boolean } = {}) {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(
    <ConfirmDialog
      title="Remove this device?"
      confirmLabel="Remove device"
      onConfirm={onConfirm}
      onCancel={onCancel}
      {...props}
    >
      <p>It can't be undone.</p>
    </ConfirmDialog>,
  );
  return { onConfirm, onCancel };
}

describe('ConfirmDialog', () => {
  it('opens on Cancel: Enter cancels, it never confirms', async () => {
    const { onConfirm, onCancel } = renderDialog({ deleteKeyConfirms: true });
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('a removal confirms with Delete (or a Mac’s Backspace), and says so', async () => {
    const { onConfirm, onCancel } = renderDialog({ deleteKeyConfirms: true });
    expect(screen.getByText(/confirms, /)).toHaveTextContent('Keyboard: Delete confirms, Escape cancels.');
    expect(screen.getByRole('button', { name: 'Remove device' })).toHaveAttribute(
      'aria-keyshortcuts',
      'Delete',
    );
    await userEvent.keyboard('{Delete}');
    await userEvent.keyboard('{Backspace}');
    expect(onConfirm).toHaveBeenCalledTimes(2);
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('Delete does nothing while the removal runs', async () => {
    const pending = renderDialog({ deleteKeyConfirms: true, pending: true });
    await userEvent.keyboard('{Delete}');
    expect(pending.onConfirm).not.toHaveBeenCalled();
  });

  it('Backspace in a field of the dialog edits the field, it confirms nothing', async () => {
    const onConfirm = vi.fn();
    render(
      <ConfirmDialog
        title="Remove?"
        confirmLabel="Remove"
        deleteKeyConfirms
        onConfirm={onConfirm}
        onCancel={vi.fn()}
      >
        <label>
          Reason <input type="text" />
        </label>
      </ConfirmDialog>,
    );
    await userEvent.click(screen.getByRole('textbox', { name: 'Reason' }));
    await userEvent.keyboard('ab{Backspace}');
    expect(screen.getByRole('textbox', { name: 'Reason' })).toHaveValue('a');
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('Delete with a modifier held confirms nothing', async () => {
    const removal = renderDialog({ deleteKeyConfirms: true });
    await userEvent.keyboard('{Control>}{Delete}{/Control}');
    expect(removal.onConfirm).not.toHaveBeenCalled();
  });

  it('without deleteKeyConfirms, Delete confirms nothing and no key is offered', async () => {
    const other = renderDialog();
    await userEvent.keyboard('{Delete}');
    expect(other.onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByText(/Delete/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove device' })).not.toHaveAttribute('aria-keyshortcuts');
  });
});
