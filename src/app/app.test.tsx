import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { SEED } from '../../mocks/seed.ts';
import { messageIndexAt } from '../../mocks/store.ts';
import { fake, server, sessionState } from '../testing/fake-server.ts';
import { renderWithClient } from '../testing/render.tsx';
import { App } from './app.tsx';
import { paths } from './paths.ts';

// Whole-app flows (lazy drawer, several round trips) on a small shared machine.
vi.setConfig({ testTimeout: 20_000 });

const SUPPORT = SEED.services.support.sid;
const ALICE = SEED.users.alice.identity;

function openAt(path: string) {
  window.history.replaceState(null, '', path);
  return renderWithClient(<App />);
}

/** The loaded table (the skeleton's name ends in "(loading)"). */
const channelsTable = (user: string = ALICE) => screen.findByRole('table', { name: `Channels of ${user}` });
const listRequests = () =>
  fake.log.filter((e) => e.method === 'GET' && /\/(Channels|Conversations)$/.test(e.path));

describe('looking up a user', () => {
  it('navigates to a linkable URL and lists the channels with their names', async () => {
    const { user } = openAt('/');
    await screen.findByRole('option', { name: /Acme Support/ });
    await user.type(screen.getByRole('textbox', { name: 'User' }), `${ALICE}{Enter}`);

    await waitFor(() => expect(window.location.pathname).toBe(paths.user('chat-v2', SUPPORT, ALICE)));
    const table = await channelsTable();
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(1 + 6));
    expect(await within(table).findByRole('link', { name: 'General' })).toHaveAttribute(
      'href',
      paths.channel('chat-v2', SUPPORT, ALICE, SEED.channels.general.sid),
    );
    for (const name of ['Channel', 'Status', 'Unread', 'Read position', 'Notifications']) {
      expect(within(table).getByRole('columnheader', { name })).toBeInTheDocument();
    }
    expect(await screen.findByRole('heading', { name: 'Alice Adams' })).toBeInTheDocument();
    // Remembered for the next visit.
    expect(localStorage.getItem('horizon.service.chat-v2')).toBe(SUPPORT);
  });

  it('keeps the typing field (and its focus) through a lookup, and shows the address again after Back and Home', async () => {
    const dave = SEED.users.dave.identity;
    const { user } = openAt('/');
    await screen.findByRole('option', { name: /Acme Support/ });
    const field = screen.getByRole('textbox', { name: 'User' });
    await user.type(field, `${ALICE}{Enter}`);
    await channelsTable();
    // The same element, still focused: the agent can type the next identity at once.
    expect(screen.getByRole('textbox', { name: 'User' })).toBe(field);
    expect(field).toHaveFocus();

    await user.clear(field);
    await user.type(field, `${dave}{Enter}`);
    await channelsTable(dave);
    // Back: the field shows the address's user, not what was typed last.
    window.history.back();
    await channelsTable();
    await waitFor(() => expect(field).toHaveValue(ALICE));
    // An edit not looked up yet is replaced when the address changes (here: Home).
    await user.type(field, 'x');
    await user.click(screen.getByRole('link', { name: 'Horizon' }));
    await waitFor(() => expect(field).toHaveValue(''));
  });

  it('names the tab after the user on view, and not after the last one back on the home page', async () => {
    const { user } = openAt(paths.user('chat-v2', SUPPORT, ALICE));
    await channelsTable();
    await waitFor(() => expect(document.title).toBe(`${ALICE} · Horizon`));
    await user.click(screen.getByRole('link', { name: 'Horizon' }));
    await waitFor(() => expect(document.title).toBe('Horizon'));
  });

  it('asks Twilio for the user and the channel list at the same time, not one after the other', async () => {
    fake.knobs.latencyMs = 40;
    const started: string[] = [];
    let firstAnswerAt = -1;
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/Users/')) started.push(new URL(request.url).pathname);
    });
    server.events.on('response:mocked', ({ request }) => {
      if (request.url.includes('/Users/') && firstAnswerAt < 0) firstAnswerAt = started.length;
    });
    openAt(paths.user('chat-v2', SUPPORT, ALICE));
    await channelsTable();
    server.events.removeAllListeners();
    const userPath = `/api/chat/v2/Services/${SUPPORT}/Users/alice%40example.com`;
    expect(started.slice(0, firstAnswerAt)).toEqual(
      expect.arrayContaining([userPath, `${userPath}/Channels`]),
    );
  });

  it('shows the loading view while slow answers are on their way, and a later lookup wins over an earlier one', async () => {
    openAt('/');
    await screen.findByRole('option', { name: /Acme Support/ });
    fake.knobs.latencyMs = 1500;
    const field = screen.getByRole('textbox', { name: 'User' }) as HTMLInputElement;
    const form = screen.getByRole('form', { name: 'Look up a user' });
    const pushed = vi.spyOn(window.history, 'pushState');
    // Two lookups in the same tick: the first one's hold must not navigate once the second has started.
    fireEvent.change(field, { target: { value: ALICE } });
    fireEvent.submit(form);
    fireEvent.change(field, { target: { value: SEED.users.dave.identity } });
    fireEvent.submit(form);
    // The hold is short: the loading table shows long before Twilio answers.
    expect(
      await screen.findByRole('table', { name: `Channels of ${SEED.users.dave.identity} (loading)` }),
    ).toBeInTheDocument();
    expect(window.location.pathname).toBe(paths.user('chat-v2', SUPPORT, SEED.users.dave.identity));
    fake.knobs.latencyMs = 0;
    await channelsTable(SEED.users.dave.identity);
    expect(window.location.pathname).toBe(paths.user('chat-v2', SUPPORT, SEED.users.dave.identity));
    expect(pushed.mock.calls.map((call) => call[2])).toEqual([
      paths.user('chat-v2', SUPPORT, SEED.users.dave.identity),
    ]);
    pushed.mockRestore();
  });

  it('says so when the user does not exist, instead of an empty table', async () => {
    openAt(paths.user('chat-v2', SUPPORT, 'ghost@example.com'));
    expect(await screen.findByRole('alert')).toHaveTextContent('No user “ghost@example.com” in Acme Support');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('keeps an identity with / # ? % + and a space intact, from the URL to the field and the table', async () => {
    const zoe = SEED.users.zoe.identity;
    openAt(paths.user('chat-v2', SUPPORT, zoe));
    expect(screen.getByRole('textbox', { name: 'User' })).toHaveValue(zoe);
    const table = await channelsTable(zoe);
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(1 + 3));
  });

  it('refuses an empty lookup with a message', async () => {
    const { user } = openAt('/');
    await screen.findByRole('option', { name: /Acme Support/ });
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter an identity or a user SID');
    expect(window.location.pathname).toBe('/');
  });
});

describe('paging', () => {
  it('follows the cursors forward and back; a page already seen costs no request', async () => {
    const { user } = openAt(paths.user('chat-v2', SUPPORT, SEED.users.busyBee.identity));
    await channelsTable(SEED.users.busyBee.identity);
    expect(await screen.findByText('Rows 1–50')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await user.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Rows 51–100')).toBeInTheDocument();
    const requestsOnPageTwo = listRequests().length;

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('Rows 1–50')).toBeInTheDocument();
    expect(listRequests()).toHaveLength(requestsOnPageTwo);
  });

  it('starts over with a smaller page when rows per page changes', async () => {
    const { user } = openAt(paths.user('chat-v2', SUPPORT, SEED.users.busyBee.identity));
    await screen.findByText('Rows 1–50');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '10');
    expect(await screen.findByText('Rows 1–10')).toBeInTheDocument();
    expect(listRequests().at(-1)?.query.PageSize).toBe('10');
  });

  it('shows an error with Twilio’s code and a Retry that works', async () => {
    fake.knobs.faults.push({
      method: 'GET',
      pathIncludes: '/Channels',
      status: 500,
      code: 20500,
      message: 'Boom',
      times: 1,
    });
    const { user } = openAt(paths.user('chat-v2', SUPPORT, ALICE));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Boom (Twilio error 20500)');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    const table = await channelsTable();
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(7));
  });

  it('shows an empty state for a user in no channels', async () => {
    openAt(paths.user('chat-v2', SUPPORT, SEED.users.nobody.identity));
    expect(await screen.findByText(/is in no channels/)).toBeInTheDocument();
  });
});

describe('the drawer', () => {
  async function openGeneral() {
    const rendered = openAt(paths.user('chat-v2', SUPPORT, ALICE));
    const table = await channelsTable();
    await rendered.user.click(await within(table).findByRole('link', { name: 'General' }));
    // The drawer's code is lazy-loaded: the first open in a run also transforms it.
    const dialog = await screen.findByRole('dialog', { name: 'General' }, { timeout: 5000 });
    return { ...rendered, table, dialog };
  }

  it('opens from the row, is a URL, and closing it returns focus to the row', async () => {
    const { user, dialog } = await openGeneral();
    expect(window.location.pathname).toBe(
      paths.channel('chat-v2', SUPPORT, ALICE, SEED.channels.general.sid),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(window.location.pathname).toBe(paths.user('chat-v2', SUPPORT, ALICE));
    expect(screen.getByRole('link', { name: 'General' })).toHaveFocus();
  });

  it('mutes in the row and the drawer on the click, and Twilio follows', async () => {
    const { user, dialog, table } = await openGeneral();
    fake.knobs.latencyMs = 50;
    const row = within(table).getByRole('link', { name: 'General' }).closest('tr') as HTMLElement;
    const wasMuted = within(row).queryByText('Muted') !== null;
    const target = wasMuted ? 'Default' : 'Muted';
    await user.click(within(dialog).getByRole('radio', { name: target }));
    // No waiting: the optimistic value is already on screen.
    expect(within(dialog).getByRole('radio', { name: target })).toBeChecked();
    expect(within(row).getByText(target)).toBeInTheDocument();
    const member = [...fake.store.members.values()].find(
      (m) => m.channelSid === SEED.channels.general.sid && m.identity === ALICE,
    );
    await waitFor(() => expect(member?.notificationLevel).toBe(target.toLowerCase()));
  });

  it('rolls back and says what failed when Twilio refuses the change', async () => {
    const { user, dialog } = await openGeneral();
    const before = within(dialog).getByRole('radio', { name: 'Muted' }) as HTMLInputElement;
    const target = before.checked ? 'Default' : 'Muted';
    fake.knobs.faults.push({ method: 'POST', status: 500, code: 20500, message: 'Internal error', times: 1 });
    await user.click(within(dialog).getByRole('radio', { name: target }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(/Couldn't (mute|unmute) General: Internal error \(Twilio error 20500\)/);
    await waitFor(() => expect(within(dialog).getByRole('radio', { name: target })).not.toBeChecked());
  });

  it('refuses a read position that is not a whole number ≥ 0, without sending it', async () => {
    const { user, dialog } = await openGeneral();
    fake.log.clear();
    const field = within(dialog).getByRole('spinbutton', {
      name: 'Read position (index of the last message read)',
    });
    await user.clear(field);
    await user.type(field, '-1');
    await user.click(within(dialog).getByRole('button', { name: 'Set read position' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Enter a whole number of 0 or more');
    expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(0);
  });

  it('refuses an index past the newest message, naming the newest', async () => {
    const { user, dialog } = await openGeneral();
    const hint = await within(dialog).findByText(/The newest message's index is \d+/);
    const newest = Number(hint.textContent?.match(/\d+/)?.[0]);
    fake.log.clear();
    const field = within(dialog).getByRole('spinbutton', {
      name: 'Read position (index of the last message read)',
    });
    await user.clear(field);
    await user.type(field, '9999');
    await user.click(within(dialog).getByRole('button', { name: 'Set read position' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      `The newest message's index is ${newest}. A read position past it hides the badge`,
    );
    expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(0);
  });

  it('marks the last N messages unread by their real indices (they skip numbers)', async () => {
    const { user, dialog } = await openGeneral();
    fake.log.clear();
    const count = within(dialog).getByRole('spinbutton', { name: 'Messages to mark unread' });
    await user.clear(count);
    await user.type(count, '3');
    await user.click(within(dialog).getByRole('button', { name: 'Mark the last 3 messages unread' }));
    await waitFor(() => expect(fake.log.some((e) => e.method === 'POST')).toBe(true));
    const general = fake.store.channels.get(SEED.channels.general.sid);
    if (!general) throw new Error('seed changed');
    // The index of the 4th newest message, as the store lays indices out (with gaps).
    const expected = messageIndexAt(general.messages, general.messages.count - 4);
    expect(fake.log.find((e) => e.method === 'POST')?.body).toEqual({
      LastConsumedMessageIndex: String(expected),
    });
    const member = [...fake.store.members.values()].find(
      (m) => m.channelSid === general.sid && m.identity === ALICE,
    );
    await waitFor(() => expect(member?.lastConsumedMessageIndex).toBe(expected));
  });

  it('marks all read with the newest message index and resets the read position to nothing', async () => {
    const { user, dialog, table } = await openGeneral();
    const hint = await within(dialog).findByText(/The newest message's index is \d+/);
    const newestIndex = hint.textContent?.match(/\d+/)?.[0];
    fake.log.clear();
    await user.click(within(dialog).getByRole('button', { name: 'Mark all read' }));
    // Known at once: everything read means nothing unread.
    const row = table
      .querySelector(`a[data-channel-sid="${SEED.channels.general.sid}"]`)
      ?.closest('tr') as HTMLElement;
    expect(row.querySelector('.cell-unread')).toHaveTextContent(/^0$/);
    await waitFor(() =>
      expect(fake.log.find((e) => e.method === 'POST')?.body).toEqual({
        LastConsumedMessageIndex: newestIndex,
      }),
    );

    fake.log.clear();
    await user.click(within(dialog).getByRole('button', { name: 'Clear read position…' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Clear the read position?' });
    expect(confirm).toHaveTextContent('the badge disappears from their app');
    await user.click(within(confirm).getByRole('button', { name: 'Clear read position' }));
    await waitFor(() =>
      expect(fake.log.find((e) => e.method === 'POST')?.body).toEqual({ LastConsumedMessageIndex: '' }),
    );
  });

  it('removes the membership only after a confirmation that names user and channel', async () => {
    const { user, dialog } = await openGeneral();
    await user.click(within(dialog).getByRole('button', { name: 'Remove from channel' }));
    const confirmation = within(dialog).getByRole('alertdialog', { name: 'Remove from channel?' });
    expect(confirmation).toHaveTextContent('Remove alice@example.com from General?');
    // The safe choice has focus.
    expect(within(confirmation).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(fake.log.filter((e) => e.method === 'DELETE')).toHaveLength(0);
    await user.click(within(confirmation).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByText('Removed alice@example.com from General.')).toBeInTheDocument();
    expect(fake.log.filter((e) => e.method === 'DELETE')).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'General' })).not.toBeInTheDocument());
  });

  it('shows no edit controls to a viewer', async () => {
    sessionState.role = 'viewer';
    const { dialog } = await openGeneral();
    expect(within(dialog).getByText(/Your role is viewer/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('radiogroup', { name: 'Notifications' })).not.toBeInTheDocument();
  });

  it('explains that Chat v1 is read-only', async () => {
    openAt(paths.channel('chat-v1', SUPPORT, ALICE, SEED.channels.general.sid));
    const dialog = await screen.findByRole('dialog', { name: 'General' });
    expect(within(dialog).getByText(/Chat v1 is read-only/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Remove from channel' })).not.toBeInTheDocument();
  });

  it('opens from a pasted link (deep link) and shows the membership', async () => {
    openAt(paths.channel('chat-v2', SUPPORT, ALICE, SEED.channels.general.sid));
    const dialog = await screen.findByRole('dialog', { name: 'General' });
    expect(within(dialog).getByRole('radiogroup', { name: 'Notifications' })).toBeInTheDocument();
    expect(await within(dialog).findByText(/The newest message's index is \d+/)).toBeInTheDocument();
  });
});

describe('channel names for Chat rows', () => {
  it('fills names in with at most 6 channel requests in flight', async () => {
    fake.knobs.latencyMs = 15;
    let inFlight = 0;
    let most = 0;
    const isChannelFetch = (url: string) =>
      /\/chat\/v2\/Services\/[^/]+\/Channels\/[^/]+$/.test(new URL(url).pathname);
    server.events.on('request:start', ({ request }) => {
      if (!isChannelFetch(request.url)) return;
      inFlight++;
      most = Math.max(most, inFlight);
    });
    server.events.on('response:mocked', ({ request }) => {
      if (isChannelFetch(request.url)) inFlight--;
    });
    openAt(paths.user('chat-v2', SUPPORT, SEED.users.busyBee.identity));
    const table = await channelsTable(SEED.users.busyBee.identity);
    // Every row is there (the first ones render first, the rest a frame later), with or without its name.
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(51));
    await waitFor(
      () =>
        expect(
          fake.log.filter((e) => e.method === 'GET' && isChannelFetch(`http://x${e.path}`)),
        ).toHaveLength(50),
      { timeout: 10_000 },
    );
    server.events.removeAllListeners();
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(6);
    // Every row's link ends up with its channel's name (the SID only where the channel has none).
    await waitFor(() => {
      const links = within(table).getAllByRole('link');
      expect(links).toHaveLength(50);
      const shown = links.map((link) => link.textContent);
      const expected = links.map((link) => {
        const sid = link.getAttribute('data-channel-sid') as string;
        const channel = fake.store.findChannel(SUPPORT, sid);
        return channel?.friendlyName || channel?.uniqueName || sid;
      });
      expect(shown).toEqual(expected);
    });
  }, 15_000);
});

describe('Conversations', () => {
  it('lists the user’s conversations with their names and mutes through the Conversations API', async () => {
    const { user } = openAt(paths.user('conversations', SUPPORT, ALICE));
    const table = await screen.findByRole('table', { name: `Conversations of ${ALICE}` });
    const link = await within(table).findByRole('link', { name: 'General' });
    await user.click(link);
    const dialog = await screen.findByRole('dialog', { name: 'General' });
    const muted = within(dialog).getByRole('radio', { name: 'Muted' }) as HTMLInputElement;
    const target = muted.checked ? 'Default' : 'Muted';
    fake.log.clear();
    await user.click(within(dialog).getByRole('radio', { name: target }));
    await waitFor(() => expect(fake.log.filter((e) => e.method === 'POST')).toHaveLength(1));
    const post = fake.log.find((e) => e.method === 'POST');
    expect(post?.path).toBe(
      `/api/conversations/v1/Services/${SUPPORT}/Users/alice%40example.com/Conversations/${SEED.channels.general.sid}`,
    );
    expect(post?.body).toEqual({ NotificationLevel: target.toLowerCase() });
    // Conversations takes a last-read time too.
    expect(within(dialog).getByLabelText('Last read time (optional)')).toBeInTheDocument();
  });
});

describe('requests per job', () => {
  it('opening the drawer from a fresh table asks only for what is not cached', async () => {
    const { user } = openAt(paths.user('chat-v2', SUPPORT, ALICE));
    const table = await channelsTable();
    const link = await within(table).findByRole('link', { name: 'General' });
    // Every row's channel (its name) has been fetched, so the channel itself is cached too.
    const channelGets = () =>
      fake.log.filter((e) => e.method === 'GET' && /\/Services\/[^/]+\/Channels\/[^/]+$/.test(e.path));
    await waitFor(() => expect(channelGets()).toHaveLength(6));
    fake.log.clear();
    await user.click(link);
    const dialog = await screen.findByRole('dialog', { name: 'General' }, { timeout: 5000 });
    await within(dialog).findByText(/The newest message's index is \d+/);
    const general = SEED.channels.general.sid;
    const gets = fake.log
      .filter((e) => e.method === 'GET')
      .map((e) => e.path.replace(`/api/chat/v2/Services/${SUPPORT}`, ''));
    expect(gets).not.toContain(`/Users/alice%40example.com/Channels/${general}`);
    expect(gets).not.toContain(`/Channels/${general}`);
    expect(gets).toContain(`/Channels/${general}/Messages`);
  });
});

describe('a change that fails after its drawer closed', () => {
  it('is reported in the notices, not lost', async () => {
    window.history.replaceState(null, '', paths.user('chat-v2', SUPPORT, ALICE));
    const { user } = renderWithClient(<App />);
    const table = await channelsTable();
    await user.click(await within(table).findByRole('link', { name: 'General' }));
    const dialog = await screen.findByRole('dialog', { name: 'General' }, { timeout: 5000 });
    const muted = within(dialog).getByRole('radio', { name: 'Muted' }) as HTMLInputElement;
    // Twilio's refusal is held back until the drawer has closed, so the failure lands where this test looks for it
    // whatever the machine's speed (a fixed latency raced the Close click on a loaded CI machine).
    let releaseRefusal = () => {};
    const drawerClosed = new Promise<void>((resolve) => {
      releaseRefusal = resolve;
    });
    server.use(
      http.post(
        /\/api\/chat\/v2\/Services\/[^/]+\/Users\/[^/]+\/Channels\/[^/]+$/,
        async () => {
          await drawerClosed;
          return HttpResponse.json(
            {
              code: 20500,
              message: 'Internal error',
              more_info: 'https://www.twilio.com/docs/errors/20500',
              status: 500,
            },
            { status: 500 },
          );
        },
        { once: true },
      ),
    );
    await user.click(within(dialog).getByRole('radio', { name: muted.checked ? 'Default' : 'Muted' }));
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    releaseRefusal();
    const notices = screen.getByRole('log', { name: 'Notifications from the console' });
    expect(
      await within(notices).findByText(
        `A change to channel ${SEED.channels.general.sid} failed and was undone: Internal error (Twilio error 20500)`,
      ),
    ).toBeInTheDocument();
  });
});
