import AxeBuilder from '@axe-core/playwright';
import { drawer, viewPath } from './console.ts';
import { CHANNELS, channelLabel, SUPPORT, USERS } from './data.ts';
import { expect, test } from './fixtures.ts';

// The history page: a change made in the drawer is found by user, channel and action, links back to the drawer,
// exports, and the page passes axe.

test('a change made in the drawer is in the history, searchable, linked and exportable', async ({
  page,
  api,
}) => {
  const user = USERS.alice;
  const channel = CHANNELS.general;
  const name = await channelLabel(api, channel);
  const madeAfter = Date.now() - 1000;

  await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity, channel.sid));
  const dialog = drawer(page, name);
  await dialog.getByRole('radio', { name: 'Muted' }).click();
  await expect(dialog.getByText('Saved')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
  const search = page.getByRole('search', { name: 'Filter the history' });
  await search.getByLabel('User').fill(user.identity);
  await search.getByLabel('Channel or conversation').fill(channel.sid);
  await search.getByLabel('Action').selectOption({ label: 'Mute' });
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/history\?user=alice%40example\.com&channel=CH\w+&action=mute$/);

  const table = page.getByRole('table', { name: 'History' });
  const newest = table.getByRole('row').nth(1);
  await expect(newest).toContainText('Muted');
  await expect(newest).toContainText('demo');
  await expect(newest).toContainText('Sent to Twilio');
  const made = Date.parse((await newest.locator('time').getAttribute('datetime')) ?? '');
  expect(made).toBeGreaterThanOrEqual(madeAfter);
  for (const row of await table.getByRole('row').all()) {
    if (await row.locator('th').count()) continue;
    await expect(row).toContainText('Muted');
  }

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }))).toEqual([]);

  const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
  const csv = await page.request.get(csvHref ?? '');
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  const lines = (await csv.text()).trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^id,time,agent,action,outcome,/);
  expect(lines.slice(1).every((line) => line.includes(',mute,'))).toBe(true);

  await newest.getByRole('link', { name: channel.sid }).click();
  await expect(drawer(page, name)).toBeVisible();
  await expect(drawer(page, name).getByRole('radio', { name: 'Muted' })).toBeChecked();
});

test('a search with no results says so, and Clear starts over', async ({ page }) => {
  await page.goto('/history?agent=nobody-by-this-name');
  await expect(page.getByRole('main').getByRole('status')).toHaveText('No changes match these filters.');
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/history$/);
});
