import { useQuery } from '@tanstack/react-query';
import { http } from 'msw';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { membershipPageQuery, type UserRef } from '../../../lib/twilio/queries.ts';
import { fake, server } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { useBulkChanges } from '../api/use-bulk-changes.ts';
import { BulkPanel, bulkResults } from './bulk-panel.tsx';

const ref: UserRef = { api: 'chat-v2', service: SEED.services.support.sid, user: SEED.users.alice.identity };

function Harness({ canEdit = true }: { canEdit?: boolean }) {
  const page = useQuery(membershipPageQuery(ref, 50, null));
  const bulk = useBulkChanges(ref);
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

  it('Cancel: rows not yet started are never sent; the summary counts what Twilio saw', async () => {
    // Twilio holds every change until the test lets go, so Cancel surely lands while the first ones are in flight.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = 0;
    server.use(
      http.post('*', async () => {
        arrived += 1;
        await held;
        // Nothing returned: the fake Twilio answers.
      }),
    );
    const { user } = renderWithClient(<Harness />);
    await screen.findByText('Change the 6 selected:');
    await user.click(screen.getByRole('button', { name: 'Unmute' }));
    await waitFor(() => expect(arrived).toBeGreaterThan(0));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    release();
    const summary = await screen.findByText(/^Unmuted \d of 6 channels; \d cancelled\.$/);
    const sent = arrived;
    expect(summary).toHaveTextContent(`Unmuted ${sent} of 6 channels; ${6 - sent} cancelled.`);
    expect(sent).toBeLessThan(6);
    expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(sent);
    expect(screen.getAllByText('Cancelled (not sent)')).toHaveLength(6 - sent);
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
    const { user } = renderWithClient(<Harness />);
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
  });

  it('viewers and read-only APIs get the actions disabled', async () => {
    renderWithClient(<Harness canEdit={false} />);
    await screen.findByText(/Change the 6 selected: — viewers can’t change anything/);
    expect(screen.getByRole('button', { name: 'Remove from channel' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Mute' })).toBeDisabled();
  });
});
