import { useQuery } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { membershipPageQuery, type UserRef } from '../../../lib/twilio/queries.ts';
import { fake } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { type BulkCompletion, useBulkChanges } from '../api/use-bulk-changes.ts';
import { BulkPanel, bulkResults } from './bulk-panel.tsx';

const ref: UserRef = { api: 'chat-v2', service: SEED.services.support.sid, user: SEED.users.alice.identity };

function Harness({
  onCompleted,
  canEdit = true,
}: {
  onCompleted?: (c: BulkCompletion) => void;
  canEdit?: boolean;
}) {
  const page = useQuery(membershipPageQuery(ref, 50, null));
  const bulk = useBulkChanges(ref, { onCompleted });
  const rows = page.data?.rows ?? [];
  const results = bulkResults(bulk);
  return (
    <>
      <BulkPanel bulk={bulk} selected={rows} canEdit={canEdit} onClearSelection={() => undefined} />
      <ul aria-label="Rows">
        {rows.map((row) => (
          <li key={row.channelSid} aria-label={row.channelSid}>
            {row.channelSid} level={row.notificationLevel} read={String(row.lastReadIndex)}{' '}
            <span>{results?.get(row.channelSid)?.text}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The user's memberships as the fake holds them: channel SID → member record. */
function stored() {
  const user = fake.store.findUser(ref.service, ref.user);
  if (!user) throw new Error('alice missing from the seed');
  return new Map(user.memberships.map((m) => [m.channelSid, m]));
}

describe('bulk changes', () => {
  it('mutes every selected row, reports a failure per row with Twilio’s code, rides out 429s, and Retry failed finishes the rest', async () => {
    const before = stored();
    const sids = [...before.keys()];
    const failing = sids[2] as string;
    fake.knobs.faults.push(
      {
        method: 'POST',
        pathIncludes: failing,
        status: 500,
        code: 20500,
        message: 'Internal Server Error',
        times: 1,
      },
      { method: 'POST', status: 429, code: 20429, message: 'Too Many Requests', times: 2 },
    );
    const { user } = renderWithClient(<Harness />);
    await screen.findByText('Change the 6 selected:');
    await user.click(screen.getByRole('button', { name: 'Mute' }));

    const status = await screen.findByText(/^Muted 5 of 6 channels; 1 failed\.$/, {}, { timeout: 8000 });
    expect(status).toHaveAttribute('role', 'status');
    expect(screen.getByRole('progressbar', { name: 'Mute progress' })).toHaveAttribute('value', '6');
    expect(screen.getByText('Mute: 6 of 6')).toBeInTheDocument();
    const failures = within(screen.getByRole('alert')).getByRole('list', { name: 'Failed changes' });
    expect(within(failures).getAllByRole('listitem')).toHaveLength(1);
    expect(failures).toHaveTextContent('Internal Server Error (Twilio error 20500)');
    expect(within(screen.getByLabelText(failing)).getByText(/^Failed: /)).toBeInTheDocument();
    // The failed row shows what Twilio holds; the others are muted at Twilio and on screen.
    const afterFirst = stored();
    await waitFor(() =>
      expect(screen.getByLabelText(failing)).toHaveTextContent(
        `level=${afterFirst.get(failing)?.notificationLevel}`,
      ),
    );
    for (const sid of sids.filter((s) => s !== failing)) {
      expect(afterFirst.get(sid)?.notificationLevel).toBe('muted');
      expect(screen.getByLabelText(sid)).toHaveTextContent('level=muted');
    }
    // 6 first attempts + 2 rate-limited ones sent again.
    expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(8);

    await user.click(screen.getByRole('button', { name: 'Retry failed' }));
    await screen.findByText('Muted 6 of 6 channels.');
    expect(stored().get(failing)?.notificationLevel).toBe('muted');
    await waitFor(() => expect(screen.getByLabelText(failing)).toHaveTextContent('level=muted'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('Cancel: rows not yet started are never sent', async () => {
    // Long enough that Cancel lands while the first 4 are still in flight, even on a slow, shared CI machine.
    fake.knobs.latencyMs = 1500;
    const { user } = renderWithClient(<Harness />);
    await screen.findByText('Change the 6 selected:');
    await user.click(screen.getByRole('button', { name: 'Unmute' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    await screen.findByText(/^Unmuted 4 of 6 channels; 2 cancelled\.$/);
    expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(4);
    expect(screen.getAllByText('Cancelled (not sent)')).toHaveLength(2);
  });

  it('undo of a bulk change writes back each row’s own previous values', async () => {
    const before = stored();
    const onCompleted = vi.fn<(c: BulkCompletion) => void>();
    const { user } = renderWithClient(<Harness onCompleted={onCompleted} />);
    await screen.findByText('Change the 6 selected:');
    await user.click(screen.getByRole('button', { name: 'Clear read position' }));
    await screen.findByText('Cleared the read position of 6 of 6 channels.');
    for (const member of stored().values()) expect(member.lastConsumedMessageIndex).toBeNull();
    await waitFor(() => expect(onCompleted).toHaveBeenCalledTimes(1));
    expect(onCompleted.mock.calls[0]?.[0].message).toBe('Cleared the read position of 6 channels.');

    await onCompleted.mock.calls[0]?.[0].undo();
    // The undo's promise settles only once every row is back at Twilio (checked before anything else runs).
    const after = stored();
    await screen.findByText('Undid the change of 6 of 6 channels.');
    const distinct = new Set([...before.values()].map((m) => m.lastConsumedMessageIndex));
    expect(distinct.size).toBeGreaterThan(2);
    for (const [sid, member] of before) {
      expect(after.get(sid)?.lastConsumedMessageIndex).toBe(member.lastConsumedMessageIndex);
    }
    // An undo is not offered for undo.
    expect(onCompleted).toHaveBeenCalledTimes(1);
  });

  it('an undo that couldn’t restore every row rejects, saying how many', async () => {
    const onCompleted = vi.fn<(c: BulkCompletion) => void>();
    const { user } = renderWithClient(<Harness onCompleted={onCompleted} />);
    await screen.findByText('Change the 6 selected:');
    await user.click(screen.getByRole('button', { name: 'Unmute' }));
    await waitFor(() => expect(onCompleted).toHaveBeenCalledTimes(1));
    const failing = SEED.channels.general.sid;
    fake.knobs.faults.push({
      method: 'POST',
      pathIncludes: failing,
      status: 500,
      code: 20500,
      message: 'Internal error',
    });
    await expect(onCompleted.mock.calls[0]?.[0].undo()).rejects.toThrow(
      '1 of 6 channels were not restored; the bulk results list them',
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Internal error (Twilio error 20500)');
  });

  it('removes after a confirmation that says how many, names the first few and that it is final; a failure stays, with Retry', async () => {
    const before = stored();
    const sids = [...before.keys()];
    const failing = SEED.channels.general.sid;
    fake.knobs.faults.push({
      method: 'DELETE',
      pathIncludes: failing,
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
      times: 1,
    });
    const onCompleted = vi.fn<(c: BulkCompletion) => void>();
    const { user } = renderWithClient(<Harness onCompleted={onCompleted} />);
    await screen.findByText('Change the 6 selected:');
    await user.click(screen.getByRole('button', { name: 'Remove from channel' }));

    const dialog = screen.getByRole('alertdialog', { name: 'Remove from channel: 6 channels?' });
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toHaveLength(6);
    expect(within(dialog).getByText('and 1 more')).toBeInTheDocument();
    expect(dialog).toHaveTextContent("Horizon can't undo this");
    // Cancel is where the focus is: a stray Enter removes nobody.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(fake.log.filter((e) => e.method === 'DELETE')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Remove from channel' }));
    await user.click(screen.getByRole('button', { name: 'Remove from 6 channels' }));
    await screen.findByText(/^Removed from 5 of 6 channels; 1 failed\.$/, {}, { timeout: 8000 });
    const after = stored();
    expect([...after.keys()]).toEqual([failing]);
    // The failed row is back on screen; the removed ones are gone.
    const rowsList = screen.getByRole('list', { name: 'Rows' });
    await waitFor(() => expect(within(rowsList).getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByLabelText(failing)).toHaveTextContent(/Failed: /);

    await user.click(screen.getByRole('button', { name: 'Retry failed' }));
    await screen.findByText('Removed from 6 of 6 channels.');
    expect(stored().size).toBe(0);
    expect(sids).toHaveLength(6);
    // Horizon can't undo a removal: no offer.
    expect(onCompleted).not.toHaveBeenCalled();
  });

  it('viewers and read-only APIs get the actions disabled', async () => {
    renderWithClient(<Harness canEdit={false} />);
    await screen.findByText(/Change the 6 selected: — viewers can’t change anything/);
    expect(screen.getByRole('button', { name: 'Remove from channel' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Mute' })).toBeDisabled();
  });
});
