import { MutationObserver, useQueryClient } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { createQueryClient } from '../../../app/query-client.ts';
import {
  type MembershipChange,
  membershipMutationOptions,
} from '../../../lib/twilio/membership-mutations.ts';
import { membershipPageQuery, type UserRef } from '../../../lib/twilio/queries.ts';
import { fake } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { clearUndoOffers, offerUndo } from '../api/undo-store.ts';
import { useUndoOffers } from '../api/use-undo-offers.ts';
import { UNDO_VISIBLE_MS, UndoToaster } from './undo-toaster.tsx';

afterEach(() => {
  act(() => clearUndoOffers());
  vi.useRealTimers();
});

describe('UndoToaster', () => {
  it('stays at least 8 s, and as long as it is hovered or focused', () => {
    vi.useFakeTimers();
    render(<UndoToaster />);
    act(() => offerUndo({ key: 'a', message: 'Muted General.', undo: () => undefined }));
    const toast = screen.getByRole('status');
    expect(toast).toHaveTextContent('Muted General.');
    const item = toast.closest('li') as HTMLElement;
    expect(UNDO_VISIBLE_MS).toBeGreaterThanOrEqual(8000);

    act(() => vi.advanceTimersByTime(7999));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument();

    fireEvent.mouseEnter(item);
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument();
    fireEvent.mouseLeave(item);

    // Focus (a keyboard user tabbing to it) holds it too.
    act(() => screen.getByRole('button', { name: 'Undo' }).focus());
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument();
    act(() => screen.getByRole('button', { name: 'Undo' }).blur());

    act(() => vi.advanceTimersByTime(UNDO_VISIBLE_MS - 1));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
  });

  it('a later offer with the same key replaces the earlier one; a failed undo is an alert', async () => {
    render(<UndoToaster />);
    act(() => offerUndo({ key: 'bulk-1', message: 'Muted 5 channels.', undo: () => undefined }));
    act(() =>
      offerUndo({
        key: 'bulk-1',
        message: 'Muted 6 channels.',
        undo: () => Promise.reject(new Error('Twilio is down')),
      }),
    );
    expect(screen.getAllByRole('status')).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent('Muted 6 channels.');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "Couldn't undo (Muted 6 channels.): Twilio is down",
    );
  });
});

describe('UndoToaster with the drawer open', () => {
  it('renders inside the open modal dialog (the rest of the page is inert)', () => {
    render(
      <>
        <dialog open aria-label="General" />
        <UndoToaster />
      </>,
    );
    act(() => offerUndo({ key: 'a', message: 'Muted General.', undo: () => undefined }));
    const dialog = screen.getByRole('dialog', { name: 'General' });
    expect(within(dialog).getByRole('status')).toHaveTextContent('Muted General.');
    expect(within(dialog).getByRole('button', { name: 'Undo' })).toBeInTheDocument();
  });
});

const ref: UserRef = { api: 'chat-v2', service: SEED.services.support.sid, user: SEED.users.alice.identity };

/** Buttons that make single changes exactly as the drawer does: the shared mutation options, no meta. */
function SingleChangeHarness() {
  useUndoOffers();
  const queryClient = useQueryClient();
  const change = async (change: MembershipChange) => {
    await queryClient.fetchQuery(membershipPageQuery(ref, 50, null));
    void new MutationObserver(
      queryClient,
      membershipMutationOptions(queryClient, ref, change.channelSid),
    ).mutate(change);
  };
  return (
    <>
      <button
        type="button"
        onClick={() =>
          change({ kind: 'update', channelSid: SEED.channels.general.sid, patch: { lastReadIndex: 5 } })
        }
      >
        change
      </button>
      <button type="button" onClick={() => change({ kind: 'remove', channelSid: SEED.channels.billing.sid })}>
        remove
      </button>
      <UndoToaster />
    </>
  );
}

describe('undo of a single change', () => {
  it('offers Undo after Twilio accepted the change, and Undo writes the previous value back', async () => {
    const stored = () => {
      const user = fake.store.findUser(ref.service, ref.user);
      return user?.memberships.find((m) => m.channelSid === SEED.channels.general.sid);
    };
    const before = stored()?.lastConsumedMessageIndex;
    expect(before).not.toBe(5);
    const { user } = renderWithClient(<SingleChangeHarness />, createQueryClient());
    await user.click(screen.getByRole('button', { name: 'change' }));
    const toast = await screen.findByRole('status');
    expect(toast).toHaveTextContent(/^Set the read position of (General|CH\w+) to 5\.$/);
    expect(stored()?.lastConsumedMessageIndex).toBe(5);

    await user.click(within(toast.closest('li') as HTMLElement).getByRole('button', { name: 'Undo' }));
    await screen.findByText(/^Undone: /);
    expect(stored()?.lastConsumedMessageIndex).toBe(before);
    const posts = fake.log.filter((e) => e.method === 'POST');
    expect(posts).toHaveLength(2);
    // The undo is itself a change: no second offer to undo the undo.
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
  });

  it('a removal offers no undo (Twilio would need a new invite)', async () => {
    const { user } = renderWithClient(<SingleChangeHarness />, createQueryClient());
    await user.click(screen.getByRole('button', { name: 'remove' }));
    await waitFor(() =>
      expect(
        fake.store
          .findUser(ref.service, ref.user)
          ?.memberships.some((m) => m.channelSid === SEED.channels.billing.sid),
      ).toBe(false),
    );
    // A later change's offer comes after any the removal could have made: it is the only one.
    await user.click(screen.getByRole('button', { name: 'change' }));
    await screen.findByRole('status');
    expect(screen.getAllByRole('button', { name: 'Undo' })).toHaveLength(1);
    expect(screen.getByRole('status')).toHaveTextContent(/^Set the read position of (General|CH\w+) to 5\.$/);
  });
});
