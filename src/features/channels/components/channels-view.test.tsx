import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { DEMO_AUTHORIZATION } from '../../../../mocks/test-support.ts';
import { runMembershipChange } from '../../../lib/twilio/membership-runner.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { fake } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { ChannelsView, type ChannelToolsContext } from './channels-view.tsx';

const support = SEED.services.support.sid;
const refOf = (user: string): UserRef => ({ api: 'chat-v2', service: support, user });

function Tools({ context }: { context: ChannelToolsContext }) {
  return (
    <p>
      tools: {context.selected.length} selected, {context.shown.length} shown
    </p>
  );
}

function renderView(ref: UserRef) {
  return renderWithClient(
    <ChannelsView
      userRef={ref}
      channelHref={(sid) => `/x/${sid}`}
      openChannel={null}
      canEdit
      renderTools={(context) => <Tools context={context} />}
    />,
  );
}

const listPages = () => fake.log.filter((e) => e.method === 'GET' && e.path.endsWith('/Channels'));
const tableOf = (user: string) => screen.getByRole('table', { name: `Channels of ${user} (all loaded)` });
const channelLinks = (user: string) =>
  within(tableOf(user))
    .getAllByRole('link')
    .map((link) => link.getAttribute('data-channel-sid'));

/** One request through the fake at its current latency: any request started before it has been answered by then. */
async function roundTrip() {
  await fake.fetch(
    new Request(`https://chat.twilio.com/v2/Services/${support}`, {
      headers: { Authorization: DEMO_AUTHORIZATION },
    }),
  );
}

describe('ChannelsView, paged', () => {
  it('while the first page loads, its toolbar and column headers are in place and the table says it is loading', async () => {
    fake.knobs.latencyMs = 300;
    const alice = SEED.users.alice.identity;
    renderView(refOf(alice));
    const loading = screen.getByRole('table', { name: `Channels of ${alice} (loading)` });
    expect(loading).toHaveAttribute('aria-busy', 'true');
    expect(
      within(loading)
        .getAllByRole('columnheader')
        .map((th) => th.textContent?.trim()),
    ).toEqual(['', 'Channel', 'Status', 'Unread', 'Read position', 'Notifications']);
    expect(within(loading).queryAllByRole('link')).toHaveLength(0);
    expect(screen.getByRole('combobox', { name: 'Notifications level' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Show all channels' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Select all on this page' })).toBeDisabled();

    const loaded = await screen.findByRole('table', { name: `Channels of ${alice}` }, { timeout: 5000 });
    expect(loaded).not.toHaveAttribute('aria-busy');
    expect(within(loaded).getAllByRole('link').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Show all channels' })).toBeEnabled();
  });
});

describe('ChannelsView, Show all', () => {
  it('walks every page, then filters and selects over everything loaded; the selection is kept from the pages', async () => {
    const busyBee = SEED.users.busyBee.identity;
    const { user } = renderView(refOf(busyBee));
    const general = await screen.findByRole('checkbox', { name: 'Select General' });
    await user.click(general);
    expect(screen.getByText('tools: 1 selected, 50 shown')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Show all channels' }));
    await screen.findByText('All 120 channels loaded.', {}, { timeout: 5000 });
    expect(screen.getByText('tools: 1 selected, 120 shown')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select General' })).toBeChecked();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Notifications level' }), 'muted');
    const muted = fake.store
      .findUser(support, busyBee)
      ?.memberships.filter((m) => m.notificationLevel === 'muted').length;
    expect(screen.getByText(`${muted} of 120 loaded rows match the filters`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Select all 120 loaded' }));
    expect(screen.getByText(`tools: 120 selected, ${muted} shown`)).toBeInTheDocument();
  }, 30_000);

  it('a removal takes the row out at once and for good: no duplicate or stale row, counts follow', async () => {
    const busyBee = SEED.users.busyBee.identity;
    const ref = refOf(busyBee);
    const { user, queryClient } = renderView(ref);
    await user.click(await screen.findByRole('button', { name: 'Show all channels' }));
    await screen.findByText('All 120 channels loaded.', {}, { timeout: 5000 });
    // Removals from the first page shift every later page's rows at Twilio: the refresh must not draw one twice.
    const first = channelLinks(busyBee).slice(0, 3) as string[];
    for (const [index, channelSid] of first.entries()) {
      await runMembershipChange(queryClient, ref, { kind: 'remove', channelSid }, 'bulk');
      await waitFor(() => expect(screen.getByRole('button', { name: `Select all ${119 - index} loaded` })));
    }
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    await waitFor(() => expect(channelLinks(busyBee)).toHaveLength(117));
    const onScreen = channelLinks(busyBee);
    const atTwilio = fake.store.findUser(support, busyBee)?.memberships.map((m) => m.channelSid) ?? [];
    expect(new Set(onScreen).size).toBe(onScreen.length);
    expect(onScreen.toSorted()).toEqual(atTwilio.toSorted());
    expect(screen.getByText('117 rows')).toBeInTheDocument();
  }, 30_000);

  it('Cancel stops the walk: no further page is requested', async () => {
    // Slow pages, so Cancel lands well before the walk of 20 pages could finish on its own.
    fake.knobs.latencyMs = 300;
    const thousand = SEED.users.thousand.identity;
    const { user } = renderView(refOf(thousand));
    // Show all is offered once the first page is in.
    await screen.findByRole('table', { name: `Channels of ${thousand}` }, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Show all channels' }));
    await screen.findByText(/Loading every channel: 50 loaded/, {}, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(
      await screen.findByText(/^Stopped: \d+ channels loaded, the rest not requested\.$/),
    ).toBeInTheDocument();
    // A page already in flight is answered within one round trip; after that, nothing new starts.
    await roundTrip();
    const requested = listPages().length;
    await roundTrip();
    await roundTrip();
    expect(listPages().length).toBe(requested);
    expect(requested).toBeLessThan(20);
  }, 20_000);
});
