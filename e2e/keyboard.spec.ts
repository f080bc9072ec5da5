import { drawer, openControl, viewPath } from './console.ts';
import { CHANNELS, channelLabel, SUPPORT, USERS } from './data.ts';
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
