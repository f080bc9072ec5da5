import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { bodyRows, channelsTable, drawer, rowOf, viewPath } from './console.ts';
import { allUserChannels, CHANNELS, channelLabel, SUPPORT, twilio, USERS, type UserChannel } from './data.ts';
import { expect, test } from './fixtures.ts';

// Issue 5: bulk changes, undo, Show all, activity, read horizon, export, keyboard — as an agent uses them.

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) }));
}

/** channel SID → the text of the column whose header starts with `header`, for every row of the table. */
async function screenColumn(page: Page, header: string): Promise<Map<string, string>> {
  const pairs = await channelsTable(page).evaluate((table, header) => {
    const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent?.trim() ?? '');
    const column = headers.findIndex((text) => text.startsWith(header));
    return Array.from(table.querySelectorAll('tbody tr')).flatMap((tr) => {
      const sid = tr.querySelector('a[data-channel-sid]')?.getAttribute('data-channel-sid');
      const cell = tr.querySelectorAll('td')[column];
      return sid && cell ? [[sid, cell.textContent?.trim() ?? '']] : [];
    });
  }, header);
  return new Map(pairs as [string, string][]);
}

const screenLevels = (page: Page) => screenColumn(page, 'Notifications');

async function showAll(page: Page, count: number) {
  await page.getByRole('button', { name: 'Show all channels' }).click();
  await expect(page.getByText(`All ${count} channels loaded.`)).toBeVisible({ timeout: 30_000 });
}

test.describe('bulk changes', () => {
  test('a bulk mute of 120 channels with injected 500s and 429s ends with per-row results; Retry failed completes; Twilio matches the screen', async ({
    page,
    fake,
    api,
  }) => {
    test.setTimeout(120_000);
    const user = USERS.busyBee;
    const failing = [CHANNELS.general, CHANNELS.billing, CHANNELS.vipLounge];
    for (const channel of failing) {
      await fake.addFault({
        method: 'POST',
        pathIncludes: channel.sid,
        status: 500,
        code: 20500,
        message: 'Injected: Internal Server Error',
        times: 1,
      });
    }
    await fake.addFault({ method: 'POST', status: 429, code: 20429, message: 'Too Many Requests', times: 6 });
    await fake.clearLog();
    // A row already muted is not sent at all (Horizon records it as unchanged): only the others reach Twilio.
    const alreadyMuted = (await allUserChannels(api, user)).filter(
      (r) => r.notification_level === 'muted',
    ).length;
    expect(alreadyMuted).toBeGreaterThan(0);

    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await showAll(page, 120);
    await page.getByRole('button', { name: 'Select all 120 loaded' }).click();
    await expect(page.getByText('120 selected', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Mute', exact: true }).click();

    await expect(
      page.getByRole('status').filter({ hasText: 'Muted 117 of 120 channels; 3 failed.' }),
    ).toBeVisible({
      timeout: 60_000,
    });
    await expect(page.getByRole('progressbar', { name: 'Mute progress' })).toHaveAttribute('value', '120');
    await expect(page.getByText('Mute: 120 of 120')).toBeVisible();
    const failures = page.getByRole('list', { name: 'Failed changes' }).getByRole('listitem');
    await expect(failures).toHaveCount(3);
    await expect(failures.first()).toContainText('Injected: Internal Server Error (Twilio error 20500)');
    const general = await channelLabel(api, CHANNELS.general);
    await expect(rowOf(page, general)).toContainText(
      'Failed: Injected: Internal Server Error (Twilio error 20500)',
    );

    // The 429s were sent again (never lost); the rows already muted never reached Twilio.
    const posts = (await fake.log()).filter((e) => e.method === 'POST');
    expect(posts.filter((e) => e.status === 429)).toHaveLength(6);
    expect(posts.filter((e) => e.status === 200)).toHaveLength(117 - alreadyMuted);

    // The screen agrees with Twilio, row by row — the failed rows show their true (unchanged) level.
    await expect
      .poll(async () => {
        const stored = await allUserChannels(api, user);
        const shown = await screenLevels(page);
        return stored.filter(
          (r) => shown.get(r.channel_sid) !== (r.notification_level === 'muted' ? 'Muted' : 'Default'),
        ).length;
      })
      .toBe(0);
    const stored = await allUserChannels(api, user);
    for (const channel of failing) {
      expect(stored.find((r) => r.channel_sid === channel.sid)?.notification_level).toBe('default');
    }

    await page.getByRole('button', { name: 'Retry failed' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Muted 120 of 120 channels.' })).toBeVisible({
      timeout: 30_000,
    });
    const after = await allUserChannels(api, user);
    expect(after.filter((r) => r.notification_level === 'muted')).toHaveLength(120);
    await expect
      .poll(async () => [...(await screenLevels(page)).values()].filter((v) => v === 'Muted').length)
      .toBe(120);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('Cancel: what hasn’t started doesn’t start; Twilio saw exactly the rows reported done that needed a request', async ({
    page,
    fake,
    api,
  }) => {
    // Loading and selecting 120 rows, like the bulk mute above (the default 30 s is tight on a shared machine).
    test.setTimeout(60_000);
    const user = USERS.busyBee;
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await showAll(page, 120);
    const mutedBefore = new Set(
      (await allUserChannels(api, user))
        .filter((r) => r.notification_level === 'muted')
        .map((r) => r.channel_sid),
    );
    // Twilio answers slowly, so Cancel lands while the first rows are in flight.
    await fake.setKnobs({ latencyMs: 400 });
    await fake.clearLog();
    await page.getByRole('button', { name: 'Select all 120 loaded' }).click();
    const startedAt = new Date().toISOString();
    await page.getByRole('button', { name: 'Unmute', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    const summary = page
      .getByRole('status')
      .filter({ hasText: /^Unmuted \d+ of 120 channels.*cancelled\.$/ });
    await expect(summary).toBeVisible({ timeout: 15_000 });
    const text = (await summary.textContent()) ?? '';
    const done = Number(/Unmuted (\d+) of/.exec(text)?.[1]);
    const cancelled = Number(/(\d+) cancelled/.exec(text)?.[1]);
    expect(cancelled).toBeGreaterThan(0);
    expect(done + cancelled).toBe(120);

    // Row by row, what the Result column says.
    const results = await screenColumn(page, 'Result');
    const doneRows = [...results].filter(([, result]) => result === 'Done').map(([sid]) => sid);
    const cancelledRows = [...results]
      .filter(([, result]) => result === 'Cancelled (not sent)')
      .map(([sid]) => sid);
    expect(doneRows).toHaveLength(done);
    expect(cancelledRows).toHaveLength(cancelled);

    // Twilio saw exactly the rows reported done that were muted; a row already unmuted is done without a request
    // (Horizon records it as unchanged). The run has ended, so every request it sent is in the log already.
    const posted = (await fake.log()).filter((e) => e.method === 'POST').map((e) => e.path.split('/').at(-1));
    expect(posted.sort()).toEqual(doneRows.filter((sid) => mutedBefore.has(sid)).sort());
    const audit = await api.json<{ entries: { channelSid: string | null; outcome: string }[] }>(
      `/api/audit?service=${SUPPORT.sid}&user=${encodeURIComponent(user.identity)}&action=unmute&from=${startedAt}&limit=500`,
    );
    expect(new Map(audit.entries.map((e) => [e.channelSid, e.outcome]))).toEqual(
      new Map(doneRows.map((sid) => [sid, mutedBefore.has(sid) ? 'forwarded' : 'unchanged'])),
    );

    // Every cancelled row is untouched at Twilio, and the screen shows each row as Twilio holds it.
    const stored = new Map(
      (await allUserChannels(api, user)).map((r) => [r.channel_sid, r.notification_level]),
    );
    for (const sid of cancelledRows) {
      expect(stored.get(sid), sid).toBe(mutedBefore.has(sid) ? 'muted' : 'default');
    }
    const shown = await screenColumn(page, 'Notifications');
    for (const [sid, level] of stored) {
      expect(shown.get(sid), sid).toBe(level === 'muted' ? 'Muted' : 'Default');
    }
  });
});

test.describe('bulk changes in the paged table', () => {
  test('Select all on this page, then Mute: exactly the page’s 50 channels change at Twilio', async ({
    page,
    api,
  }) => {
    const user = USERS.busyBee;
    const before = await allUserChannels(api, user);
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await expect(bodyRows(page)).toHaveCount(50);
    const onPage = await channelsTable(page)
      .locator('a[data-channel-sid]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('data-channel-sid') as string));
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await expect(page.getByText('Change the 50 selected:')).toBeVisible();
    await expect(
      channelsTable(page)
        .getByRole('checkbox', { name: /^Select / })
        .first(),
    ).toBeChecked();
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Muted 50 of 50 channels.' })).toBeVisible({
      timeout: 30_000,
    });
    const after = new Map(
      (await allUserChannels(api, user)).map((r) => [r.channel_sid, r.notification_level]),
    );
    for (const row of before) {
      expect(after.get(row.channel_sid), row.channel_sid).toBe(
        onPage.includes(row.channel_sid) ? 'muted' : row.notification_level,
      );
    }
    expect(await violations(page)).toEqual([]);
  });
});

test.describe('undo', () => {
  test('undo of one change writes the previous value back, and is audited', async ({ page, api }) => {
    const user = USERS.alice;
    const channel = CHANNELS.general;
    const name = await channelLabel(api, channel);
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity, channel.sid));
    const dialog = drawer(page, name);
    await expect(dialog.getByRole('radio', { name: 'Default' })).toBeChecked();
    await dialog.getByRole('radio', { name: 'Muted' }).check();

    const toast = page.getByRole('status').filter({ hasText: `Muted ${name}.` });
    await expect(toast).toBeVisible();
    const before = await api.json<UserChannel>(twilio.chatUserChannel(user, channel));
    expect(before.notification_level).toBe('muted');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: `Undone: Muted ${name}.` })).toBeVisible();
    await expect
      .poll(
        async () => (await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level,
      )
      .toBe('default');
    await expect(dialog.getByRole('radio', { name: 'Default' })).toBeChecked();

    const audit = await api.json<{ entries: { params: Record<string, string>; method: string }[] }>(
      `/api/audit?service=${SUPPORT.sid}&user=${encodeURIComponent(user.identity)}&channel=${channel.sid}`,
    );
    expect(audit.entries.slice(0, 2).map((e) => e.params.NotificationLevel)).toEqual(['default', 'muted']);
    // The drawer's activity shows both, newest first.
    const entries = dialog.getByRole('region', { name: 'Activity' }).locator('ol > li');
    await expect(entries.nth(0)).toContainText('Notifications: Muted → Default');
    await expect(entries.nth(1)).toContainText('Notifications: Default → Muted');
  });

  test('undo of a bulk change restores each row’s own values', async ({ page, api }) => {
    const user = USERS.alice;
    const before = new Map(
      (await allUserChannels(api, user)).map((r) => [r.channel_sid, r.last_consumed_message_index]),
    );
    expect(new Set(before.values()).size).toBeGreaterThan(2);
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await showAll(page, user.channels);
    await page.getByRole('button', { name: `Select all ${user.channels} loaded` }).click();
    await page.getByRole('button', { name: 'Clear read position', exact: true }).click();
    const toast = page
      .getByRole('status')
      .filter({ hasText: `Cleared the read position of ${user.channels} channels.` });
    await expect(toast).toBeVisible({ timeout: 15_000 });
    for (const row of await allUserChannels(api, user)) expect(row.last_consumed_message_index).toBeNull();

    await page.locator('.toast-undo').getByRole('button', { name: 'Undo', exact: true }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: `Undid the change of ${user.channels} of ${user.channels} channels.` }),
    ).toBeVisible({
      timeout: 15_000,
    });
    const after = await allUserChannels(api, user);
    expect(new Map(after.map((r) => [r.channel_sid, r.last_consumed_message_index]))).toEqual(before);
  });
});

test.describe('Show all', () => {
  test('loads all 1000 channels into one virtualised table; filter and select work over all of them', async ({
    page,
    api,
  }) => {
    test.setTimeout(90_000);
    const user = USERS.thousand;
    const stored = await allUserChannels(api, user);
    expect(stored).toHaveLength(1000);
    const muted = stored.filter((r) => r.notification_level === 'muted').length;

    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await showAll(page, 1000);
    const table = channelsTable(page);
    await expect(table).toHaveAttribute('aria-rowcount', '1001');
    const rendered = await bodyRows(page).count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(120);
    await expect(bodyRows(page).first()).toHaveAttribute('aria-rowindex', '2');

    // The virtualizer sizes the rows as tall as they are drawn: the scroller is as tall as 1000 rows of the first
    // row's height (a few long names wrap to two lines). When it wasn't, every row passing the top made the table
    // jump by the difference.
    const sizes = await page.locator('#main .table-scroll.is-virtual').evaluate((el) => ({
      scrollHeight: el.scrollHeight - (el.querySelector('thead')?.getBoundingClientRect().height ?? 0),
      rowHeight: el.querySelector('tbody tr[aria-rowindex]')?.getBoundingClientRect().height ?? Number.NaN,
    }));
    expect(sizes.scrollHeight / (1000 * sizes.rowHeight)).toBeGreaterThan(0.99);
    expect(sizes.scrollHeight / (1000 * sizes.rowHeight)).toBeLessThan(1.03);

    // Scrolling to the end brings the last rows in, with their true positions.
    await page.locator('#main .table-scroll.is-virtual').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect(table.locator('tr[aria-rowindex="1001"]')).toBeVisible();

    await page.getByRole('combobox', { name: 'Notifications level' }).selectOption('muted');
    await expect(page.getByText(`${muted} of 1000 loaded rows match the filters`)).toBeVisible();
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await expect(page.getByText(`${muted} selected`, { exact: true })).toBeVisible();
    await expect(page.getByText(`${muted} selected, `)).toHaveCount(0);
    expect(await violations(page)).toEqual([]);
  });
});

test.describe('export', () => {
  test('the CSV holds the current view (after filters), named after user and date', async ({ page, api }) => {
    const user = USERS.busyBee;
    const stored = await allUserChannels(api, user);
    const joined = stored.filter((r) => r.status === 'joined');
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await showAll(page, 120);
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('joined');
    await expect(page.getByText(`${joined.length} of 120 loaded rows match the filters`)).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    const today = new Date().toISOString().slice(0, 10);
    expect(file.suggestedFilename()).toBe(`horizon-busy.bee@example.com-${today}.csv`);
    const path = await file.path();
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\r\n');
    const header = lines[0]?.split(',') ?? [];
    expect(header).toEqual([
      'channel',
      'channel_sid',
      'friendly_name',
      'unique_name',
      'status',
      'unread',
      'unread_capped',
      'last_read_index',
      'notification_level',
      'member_sid',
    ]);
    expect(lines).toHaveLength(joined.length + 1);
    const sidColumn = header.indexOf('channel_sid');
    const exported = new Map(
      lines.slice(1).map((line) => {
        const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '')) ?? [];
        return [cells[sidColumn], cells];
      }),
    );
    for (const row of joined) {
      const cells = exported.get(row.channel_sid);
      expect(cells, row.channel_sid).toBeDefined();
      expect(cells?.[header.indexOf('status')]).toBe('joined');
      expect(cells?.[header.indexOf('notification_level')]).toBe(row.notification_level);
      expect(cells?.[header.indexOf('last_read_index')]).toBe(
        row.last_consumed_message_index === null ? '' : String(row.last_consumed_message_index),
      );
    }
    await expect(
      page.getByRole('status').filter({ hasText: `Exported ${joined.length} rows to horizon-` }),
    ).toBeVisible();
  });
});

test.describe('keyboard', () => {
  test('/ focuses User, j/k move between rows, Enter opens, m toggles mute, ? lists shortcuts; never while typing', async ({
    page,
    api,
  }) => {
    const user = USERS.alice;
    await page.goto('/');
    const field = page.getByRole('textbox', { name: 'User', exact: true });
    // As an agent does: the first key once the console shows.
    await expect(field).toBeVisible();
    await page.keyboard.press('/');
    await expect(field).toBeFocused();
    await page.keyboard.type(user.identity);
    // Typing j, k, m or ? in the field is text, not a shortcut.
    await expect(field).toHaveValue(user.identity);
    await page.keyboard.type('jkm?');
    await expect(field).toHaveValue(`${user.identity}jkm?`);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await field.fill(user.identity);
    await page.getByRole('combobox', { name: 'Service', exact: true }).selectOption(SUPPORT.sid);
    await field.press('Enter');
    await expect(bodyRows(page)).toHaveCount(user.channels);

    // Out of the field (shortcuts never fire while typing).
    await field.evaluate((element) => (element as HTMLElement).blur());
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expect(help).toContainText('Mute or unmute the focused row’s channel, or the open drawer’s');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);

    await page.keyboard.press('j');
    const links = channelsTable(page).locator('a[data-channel-sid]');
    await expect(links.nth(0)).toBeFocused();
    await page.keyboard.press('j');
    await expect(links.nth(1)).toBeFocused();
    await page.keyboard.press('k');
    await expect(links.nth(0)).toBeFocused();
    const sid = (await links.nth(0).getAttribute('data-channel-sid')) as string;
    const name = (await links.nth(0).textContent()) as string;
    await page.keyboard.press('Enter');
    const dialog = drawer(page, name);
    await expect(dialog).toBeVisible();
    const radio = (label: string) => dialog.getByRole('radio', { name: label });
    const wasMuted = await radio('Muted').isChecked();
    await page.keyboard.press('m');
    await expect(radio(wasMuted ? 'Default' : 'Muted')).toBeChecked();
    await expect
      .poll(
        async () =>
          (await api.json<UserChannel>(`${twilio.chatUserChannels(user)}/${sid}`)).notification_level,
      )
      .toBe(wasMuted ? 'default' : 'muted');
  });
});

test.describe('drawer: read horizon and activity', () => {
  test('the newest messages with the read position, bodies hidden until shown; axe finds nothing', async ({
    page,
    api,
  }) => {
    const user = USERS.alice;
    const channel = CHANNELS.general;
    const name = await channelLabel(api, channel);
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity, channel.sid));
    const dialog = drawer(page, name);
    const messages = dialog.getByRole('list', { name: 'Newest messages' });
    await expect(messages.getByRole('listitem').first()).toBeVisible();
    const record = await api.json<UserChannel>(twilio.chatUserChannel(user, channel));
    await expect(
      dialog.getByText(`has read up to message #${record.last_consumed_message_index}`),
    ).toBeVisible();
    await expect(dialog.locator('.message-body')).toHaveCount(0);
    await dialog.getByRole('checkbox', { name: /Show message bodies/ }).check();
    await expect(dialog.locator('.message-body').first()).toBeVisible();
    await expect(dialog.getByRole('region', { name: 'Activity' })).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('axe: Show all with bulk results and an undo toast', async ({ page, fake }) => {
    const user = USERS.alice;
    await fake.addFault({
      method: 'POST',
      pathIncludes: CHANNELS.ops.sid,
      status: 500,
      code: 20500,
      message: 'Injected',
      times: 1,
    });
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await showAll(page, user.channels);
    await page.getByRole('button', { name: `Select all ${user.channels} loaded` }).click();
    await page.getByRole('button', { name: 'Unmute', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /1 failed\.$/ })).toBeVisible({
      timeout: 15_000,
    });
    await expect(page.locator('.toast-undo')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
});
