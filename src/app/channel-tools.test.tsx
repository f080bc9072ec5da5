import { act, screen, within } from '@testing-library/react';
import { http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from 'wouter/use-browser-location';
import { SEED } from '../../mocks/seed.ts';
import { clearUndoOffers } from '../features/undo/api/undo-store.ts';
import { fake, server, sessionState } from '../testing/fake-server.ts';
import { renderWithClient } from '../testing/render.tsx';
import { App } from './app.tsx';
import { paths } from './paths.ts';

const SUPPORT = SEED.services.support.sid;
const ALICE = SEED.users.alice.identity;

const stored = () => fake.store.findUser(SUPPORT, ALICE)?.memberships ?? [];

afterEach(() => act(() => clearUndoOffers()));

/** The app on Alice's channels (6, one page). */
async function openAlice() {
  window.history.replaceState(null, '', paths.user('chat-v2', SUPPORT, ALICE));
  const rendered = renderWithClient(<App />);
  const table = await screen.findByRole('table', { name: `Channels of ${ALICE}` });
  return { ...rendered, table };
}

describe('bulk selection in the paged table', () => {
  it('selects rows by their "Select <channel>" checkbox or all on the page, and bulk-mutes exactly those', async () => {
    const { user, table } = await openAlice();
    await user.click(await within(table).findByRole('checkbox', { name: 'Select General' }));
    expect(await screen.findByText('Change the 1 selected:')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    expect(await screen.findByText('Muted 1 of 1 channel.')).toBeInTheDocument();
    const general = stored().find((m) => m.channelSid === SEED.channels.general.sid);
    expect(general?.notificationLevel).toBe('muted');
    expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(1);
    // The undo offer for the run: one change names its channel, as the drawer's does.
    const offers = await screen.findByRole('region', { name: 'Undo recent changes' });
    expect(within(offers).getByRole('status')).toHaveTextContent(/^Muted General\.$/);

    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    expect(screen.getByText(`Change the ${SEED.users.alice.channels} selected:`)).toBeInTheDocument();
    for (const box of within(table).getAllByRole('checkbox', { name: /^Select / })) expect(box).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    expect(
      within(table)
        .getAllByRole('checkbox', { name: /^Select / })
        .filter((b) => (b as HTMLInputElement).checked),
    ).toHaveLength(0);
  });

  it("a selection belongs to its user: another user's view starts with none, and so does coming back", async () => {
    const { user, table } = await openAlice();
    await user.click(await within(table).findByRole('checkbox', { name: 'Select General' }));
    expect(await screen.findByText('Change the 1 selected:')).toBeInTheDocument();

    const dave = SEED.users.dave.identity;
    act(() => navigate(paths.user('chat-v2', SUPPORT, dave)));
    const daveTable = await screen.findByRole('table', { name: `Channels of ${dave}` });
    await within(daveTable).findAllByRole('checkbox', { name: /^Select / });
    expect(screen.queryByText(/selected:$/)).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select all shown' })).not.toBeChecked();

    act(() => navigate(paths.user('chat-v2', SUPPORT, ALICE)));
    const aliceAgain = await screen.findByRole('table', { name: `Channels of ${ALICE}` });
    expect(await within(aliceAgain).findByRole('checkbox', { name: 'Select General' })).not.toBeChecked();
    expect(screen.queryByText(/selected:$/)).not.toBeInTheDocument();
  });

  it("sizes bulk changes to the server's bound on requests to Twilio (GET /api/session)", async () => {
    // A server that sends one request at a time: the console keeps at most bulkConcurrencyFor(1) = 2 in flight
    // (it starts with 4, and grows towards 13 against the default bound of 10).
    sessionState.upstreamConcurrency = 1;
    fake.knobs.latencyMs = 20;
    let sent = 0;
    let most = 0;
    const answered = () => fake.log.filter((entry) => entry.method === 'POST').length;
    server.use(
      http.post(/\/api\/chat\/v2\/.*\/Channels\//, () => {
        sent++;
        most = Math.max(most, sent - answered());
        // No answer here: the fake's own handler answers it.
      }),
    );
    window.history.replaceState(null, '', paths.user('chat-v2', SUPPORT, ALICE));
    const { user } = renderWithClient(<App />);
    await screen.findByText('(editor)');
    const table = await screen.findByRole('table', { name: `Channels of ${ALICE}` });
    await within(table).findByRole('checkbox', { name: 'Select General' });
    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    await user.click(await screen.findByRole('button', { name: 'Mute' }));
    const rows = within(table).getAllByRole('checkbox', { name: /^Select (?!all)/ }).length;
    expect(await screen.findByText(`Muted ${rows} of ${rows} channels.`)).toBeInTheDocument();
    expect(sent).toBe(rows);
    expect(most).toBe(2);
  });

  it('viewers get no selection checkboxes', async () => {
    sessionState.role = 'viewer';
    window.history.replaceState(null, '', paths.user('chat-v2', SUPPORT, ALICE));
    renderWithClient(<App />);
    const table = await screen.findByRole('table', { name: `Channels of ${ALICE}` });
    await within(table).findByRole('link', { name: 'General' });
    // The session has answered (the role is on screen), so the absence below is the viewer's, not "not loaded yet".
    await screen.findByText('(viewer)');
    expect(within(table).queryAllByRole('checkbox')).toHaveLength(0);
    expect(screen.queryByRole('checkbox', { name: 'Select all shown' })).not.toBeInTheDocument();
  });
});

/** Alice's page with every row selected (6 channels). */
async function selectAllOfAlice() {
  const rendered = await openAlice();
  await within(rendered.table).findByRole('checkbox', { name: 'Select General' });
  await rendered.user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
  await screen.findByText(`Change the ${SEED.users.alice.channels} selected:`);
  return rendered;
}

const undoOffers = () => screen.findByRole('region', { name: 'Undo recent changes' });

describe('undo of a bulk change', () => {
  it('the offer names the run; Undo writes back each row’s own previous values, as a bulk run of its own', async () => {
    const before = new Map(stored().map((m) => [m.channelSid, m.lastConsumedMessageIndex]));
    expect(new Set(before.values()).size).toBeGreaterThan(2);
    const { user } = await selectAllOfAlice();
    await user.click(screen.getByRole('button', { name: 'Clear read position' }));
    await screen.findByText('Cleared the read position of 6 of 6 channels.');
    for (const member of stored()) expect(member.lastConsumedMessageIndex).toBeNull();

    const offer = within(await undoOffers()).getByRole('listitem');
    expect(within(offer).getByRole('status')).toHaveTextContent(
      /^Cleared the read position of 6 channels\.$/,
    );
    await user.click(within(offer).getByRole('button', { name: 'Undo' }));
    await screen.findByText('Undid the change of 6 of 6 channels.');
    expect(await within(offer).findByRole('status')).toHaveTextContent(
      /^Undone: Cleared the read position of 6 channels\.$/,
    );
    expect(new Map(stored().map((m) => [m.channelSid, m.lastConsumedMessageIndex]))).toEqual(before);
    // The undo offers no undo of itself.
    expect(screen.queryAllByRole('button', { name: 'Undo' })).toHaveLength(0);
  });

  it('an undo that couldn’t restore every row says how many, and the bulk results name the row', async () => {
    const { user } = await selectAllOfAlice();
    await user.click(screen.getByRole('button', { name: 'Unmute' }));
    await screen.findByText('Unmuted 6 of 6 channels.');
    const offer = within(await undoOffers()).getByRole('listitem');
    fake.knobs.faults.push({
      method: 'POST',
      pathIncludes: SEED.channels.general.sid,
      status: 500,
      code: 20500,
      message: 'Internal error',
    });
    await user.click(within(offer).getByRole('button', { name: 'Undo' }));
    expect(await within(offer).findByRole('alert')).toHaveTextContent(
      "Couldn't undo (Unmuted 6 channels.): 1 of 6 channels were not restored; the bulk results list them",
    );
    expect(await screen.findByText('Undid the change of 5 of 6 channels; 1 failed.')).toBeInTheDocument();
  });

  it('a bulk removal offers no undo: Twilio would need a new invite', async () => {
    const { user } = await selectAllOfAlice();
    await user.click(screen.getByRole('checkbox', { name: 'Select General' }));
    await user.click(screen.getByRole('button', { name: 'Remove from channel' }));
    await user.click(screen.getByRole('button', { name: 'Remove from 5 channels' }));
    await screen.findByText('Removed from 5 of 5 channels.');
    expect(stored().map((m) => m.channelSid)).toEqual([SEED.channels.general.sid]);
    // A later run's offer arrives after any the removal could have made: only the mute's is there.
    await user.click(screen.getByRole('checkbox', { name: 'Select General' }));
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    const offers = within(await undoOffers()).getAllByRole('listitem');
    expect(offers.map((offer) => offer.textContent)).toEqual(['Muted General.UndoDismiss']);
  }, 15_000);
});
