import { bodyRows, cellOf, channelsTable, rowOf, viewPath } from './console.ts';
import { listRequests, SUPPORT, twilio, USERS, type UserChannel } from './data.ts';
import { expect, test } from './fixtures.ts';

// The table's own behaviour over loaded rows: filters, sort, and riding out Twilio's rate limit.
const user = USERS.alice;
const userPath = viewPath('chatV2', SUPPORT.sid, user.identity);

async function aliceChannels(api: { json<T>(path: string): Promise<T> }) {
  const page = await api.json<{ channels: UserChannel[] }>(
    `/api/chat/v2/Services/${SUPPORT.sid}/Users/${encodeURIComponent(user.identity)}/Channels?PageSize=50`,
  );
  return page.channels;
}

test.describe('the channels table', () => {
  test('filters the loaded rows by notification level, status and unread', async ({ page, api }) => {
    const records = await aliceChannels(api);
    await page.goto(userPath);
    await expect(bodyRows(page)).toHaveCount(records.length);

    const level = page.getByRole('combobox', { name: 'Notifications level' });
    await level.selectOption({ label: 'Muted' });
    const muted = records.filter((r) => r.notification_level === 'muted').length;
    expect(muted).toBeGreaterThan(0);
    await expect(bodyRows(page)).toHaveCount(muted);
    for (const row of await bodyRows(page).all()) {
      await expect(await cellOf(page, row, 'Notifications')).toHaveText(/muted/i);
    }
    await level.selectOption({ label: 'Any' });
    await expect(bodyRows(page)).toHaveCount(records.length);

    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Invited' });
    await expect(bodyRows(page)).toHaveCount(records.filter((r) => r.status === 'invited').length);
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Any' });

    await page.getByRole('checkbox', { name: 'Has unread' }).check();
    await expect(bodyRows(page)).toHaveCount(
      records.filter((r) => (r.unread_messages_count ?? 0) > 0).length,
    );
  });

  test('sorts by unread count, and says so in aria-sort', async ({ page, api }) => {
    const records = await aliceChannels(api);
    const counts = records.map((r) => r.unread_messages_count).filter((n): n is number => n !== null);
    await page.goto(userPath);
    await expect(bodyRows(page)).toHaveCount(records.length);

    const header = channelsTable(page).getByRole('columnheader', { name: 'Unread', includeHidden: true });
    await header.getByRole('button', { includeHidden: true }).click();
    await expect(header).toHaveAttribute('aria-sort', /ascending|descending/);
    const direction = await header.getAttribute('aria-sort');
    const expected = [...counts].sort((a, b) => (direction === 'ascending' ? a - b : b - a));
    // Rows without a tracked count ("—") go last either way.
    const shown = async () => {
      const cells: string[] = [];
      for (const row of await bodyRows(page).all()) {
        cells.push((await (await cellOf(page, row, 'Unread')).textContent()) ?? '');
      }
      return cells.filter((text) => /^\d+$/.test(text.trim())).map(Number);
    };
    await expect.poll(shown).toEqual(expected);

    await header.getByRole('button', { includeHidden: true }).click();
    await expect(header).not.toHaveAttribute('aria-sort', direction ?? '');
  });

  test('a 429 from Twilio is retried: the agent sees the rows, not an error', async ({ page, fake }) => {
    await fake.addFault({
      method: 'GET',
      pathIncludes: `/Users/${encodeURIComponent(user.identity)}/Channels`,
      status: 429,
      code: 20429,
      message: 'Too many requests',
      times: 2,
    });
    await page.goto(userPath);

    await expect(bodyRows(page)).toHaveCount(user.channels, { timeout: 15_000 });
    await expect(page.getByRole('alert').filter({ hasText: '20429' })).toHaveCount(0);
    const statuses = listRequests(await fake.log(), user).map((entry) => entry.status);
    expect(statuses.slice(0, 3)).toEqual([429, 429, 200]);
  });

  test('the special-character identity can be changed too (the path survives the proxy both ways)', async ({
    page,
    api,
  }) => {
    const zoe = USERS.zoe;
    const records = (
      await api.json<{ channels: UserChannel[] }>(
        `/api/chat/v2/Services/${SUPPORT.sid}/Users/${encodeURIComponent(zoe.identity)}/Channels`,
      )
    ).channels;
    const target = records.find((r) => r.notification_level === 'default') as UserChannel;
    const channel = await api.json<{ friendly_name: string | null; unique_name: string | null; sid: string }>(
      `/api/chat/v2/Services/${SUPPORT.sid}/Channels/${target.channel_sid}`,
    );
    const name = channel.friendly_name ?? channel.unique_name ?? channel.sid;
    await page.goto(viewPath('chatV2', SUPPORT.sid, zoe.identity, target.channel_sid));

    const dialog = page.getByRole('dialog', { name, exact: true });
    await dialog.getByRole('radio', { name: 'Muted' }).click();
    await expect(await cellOf(page, rowOf(page, name), 'Notifications')).toHaveText(/muted/i);
    await expect
      .poll(
        async () =>
          (
            await api.json<UserChannel>(
              `/api/chat/v2/Services/${SUPPORT.sid}/Users/${encodeURIComponent(zoe.identity)}/Channels/${target.channel_sid}`,
            )
          ).notification_level,
      )
      .toBe('muted');
  });

  test('channel names fill in after the rows, with at most 6 channel fetches in flight', async ({
    page,
    api,
    fake,
  }) => {
    const busy = USERS.busyBee;
    // How many rows of the first page have no name at all (those keep showing their SID).
    const firstPage = await api.json<{ channels: UserChannel[] }>(
      `${twilio.chatUserChannels(busy)}?PageSize=50`,
    );
    let nameless = 0;
    for (const record of firstPage.channels) {
      const channel = await api.json<{ friendly_name: string | null; unique_name: string | null }>(
        `/api/chat/v2/Services/${SUPPORT.sid}/Channels/${record.channel_sid}`,
      );
      if (channel.friendly_name === null && channel.unique_name === null) nameless += 1;
    }
    // Every Twilio answer takes a while, so name fetches overlap if the console lets them.
    await fake.setKnobs({ latencyMs: 300 });
    let inFlight = 0;
    let most = 0;
    let fetched = 0;
    const isChannelFetch = (url: string) =>
      /\/api\/chat\/v2\/Services\/IS[0-9a-f]{32}\/Channels\/CH[0-9a-f]{32}$/.test(new URL(url).pathname);
    page.on('request', (request) => {
      if (!isChannelFetch(request.url())) return;
      inFlight += 1;
      fetched += 1;
      most = Math.max(most, inFlight);
    });
    const done = (request: { url(): string }) => {
      if (isChannelFetch(request.url())) inFlight -= 1;
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);

    // The names are held back until the rows are checked: Horizon's server may already have them cached (shared
    // by every agent), and the point here is that rows never wait for names.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(
      (url) => isChannelFetch(url.toString()),
      async (route) => {
        await gate;
        await route.continue();
      },
    );

    await page.goto(viewPath('chatV2', SUPPORT.sid, busy.identity));
    await expect(bodyRows(page)).toHaveCount(50);
    // The rows are there before their names: some still show only the channel SID as their name.
    const sidOnly = channelsTable(page).getByRole('link', { name: /^CH[0-9a-f]{32}$/, includeHidden: true });
    expect(await sidOnly.count()).toBeGreaterThan(nameless);
    release();
    // Then the names arrive (only channels with no name at all keep their SID).
    await expect(sidOnly).toHaveCount(nameless, { timeout: 20_000 });
    expect(fetched).toBeGreaterThan(6);
    expect(most).toBeLessThanOrEqual(6);
  });
});
