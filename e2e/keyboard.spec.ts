import { channelsTable, drawer, openControl, viewPath } from './console.ts';
import { CHANNELS, channelLabel, SUPPORT, twilio, USERS } from './data.ts';
import { expect, test } from './fixtures.ts';

const user = USERS.alice;
const channel = CHANNELS.general;
const userPath = viewPath('chatV2', SUPPORT.sid, user.identity);
const channelPath = viewPath('chatV2', SUPPORT.sid, user.identity, channel.sid);

test.describe('the drawer from the keyboard', () => {
  test('Enter opens it, Tab stays inside, Escape closes it and focus returns to the row', async ({
    page,
    api,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const opener = openControl(page, name);
    await opener.focus();
    await page.keyboard.press('Enter');

    const dialog = drawer(page, name);
    await expect(dialog).toBeVisible();
    await expect(page).toHaveURL(channelPath);
    const focusInDialog = () =>
      dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement));
    await expect.poll(focusInDialog).toBe(true);

    // More Tabs (and Shift+Tabs) than the drawer has controls: focus never lands on the page behind it.
    const controls = await dialog.locator('button, input, select, textarea, a[href], [tabindex]').count();
    const outside: string[] = [];
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < controls + 3; i++) {
        await page.keyboard.press(key);
        const where = await page.evaluate(() => {
          const active = document.activeElement;
          const inDialog = !!active?.closest('dialog[open], [role="dialog"]');
          // Chromium may hand focus to the browser's own UI after the last control (activeElement = body).
          return inDialog || active === document.body ? null : (active?.outerHTML.slice(0, 120) ?? 'none');
        });
        if (where) outside.push(`${key} #${i + 1}: ${where}`);
      }
    }
    expect(outside).toEqual([]);

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(userPath);
    await expect(opener).toBeFocused();
  });

  test('the Close button returns focus to the row too', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const opener = openControl(page, name);
    await opener.click();
    const dialog = drawer(page, name);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  });

  test('browser Back closes the drawer, Forward reopens it', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    await openControl(page, name).click();
    await expect(drawer(page, name)).toBeVisible();
    await expect(page).toHaveURL(channelPath);

    await page.goBack();
    await expect(drawer(page, name)).toBeHidden();
    await expect(page).toHaveURL(userPath);

    await page.goForward();
    await expect(drawer(page, name)).toBeVisible();
    await expect(page).toHaveURL(channelPath);
  });
});

test('keyboard only: look alice up, reach Ops from the User field, m unmutes and mutes it, each announced', async ({
  page,
  api,
}) => {
  const ops = CHANNELS.ops;
  const level = async () =>
    (await api.json<{ notification_level: string }>(`${twilio.chatUserChannels(user)}/${ops.sid}`))
      .notification_level;
  expect(await level()).toBe('muted');
  await page.goto('/');
  await expect(page.getByRole('combobox', { name: 'Service', exact: true })).toHaveValue(SUPPORT.sid);
  // `?` works on the home page.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.keyboard.press('/');
  await page.keyboard.type(user.identity);
  await page.keyboard.press('Enter');
  const links = channelsTable(page).locator('a[data-channel-sid]');
  await expect(links).toHaveCount(user.channels);
  // The next keys reach the table, not the field.
  await page.keyboard.press('ArrowDown');
  await expect(links.first()).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'User', exact: true })).toHaveValue(user.identity);
  const opsLink = channelsTable(page).getByRole('link', { name: 'Ops', exact: true });
  while (!(await opsLink.evaluate((link) => link === document.activeElement))) await page.keyboard.press('j');

  const status = page.getByRole('status').filter({ hasText: /muted Ops$/i });
  await page.keyboard.press('m');
  await expect(status).toHaveText('Unmuted Ops');
  await expect.poll(level).toBe('default');
  await page.keyboard.press('m');
  await expect(status).toHaveText('Muted Ops');
  await expect.poll(level).toBe('muted');
});
