import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { bodyRows, channelsTable, viewPath } from './console.ts';
import { allUserChannels, SUPPORT, USERS } from './data.ts';
import { expect, type HorizonApi, test } from './fixtures.ts';

// Issue 12: one channels table for the paged view and Show all; removals, bulk remove, density, export.

/** The channel SIDs of every membership Twilio holds for the user. */
const atTwilio = async (api: HorizonApi, user: (typeof USERS)[keyof typeof USERS]) =>
  (await allUserChannels(api, user)).map((channel) => channel.channel_sid);

/** The channel SIDs of the rows the table draws, in order. */
const onScreen = (page: Page) =>
  channelsTable(page)
    .locator('tbody a[data-channel-sid]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('data-channel-sid') as string));

async function showAll(page: Page, count: number, rowsAre: 'channels' | 'conversations' = 'channels') {
  await page.getByRole('button', { name: `Show all ${rowsAre}` }).click();
  await expect(page.getByText(`All ${count} ${rowsAre} loaded.`)).toBeVisible({ timeout: 30_000 });
}

/** Rows whose whole box is inside the window. */
const rowsInView = (page: Page) =>
  bodyRows(page).evaluateAll(
    (rows) =>
      rows.filter((row) => {
        const box = row.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
      }).length,
  );

test('25 removals one by one in Show all: after each the table matches Twilio, no row twice, counts follow, no 404 notice', async ({
  page,
  api,
}) => {
  test.setTimeout(240_000);
  const user = USERS.busyBee;
  await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
  await showAll(page, user.channels);
  for (let removed = 1; removed <= 25; removed++) {
    // As a person does it: open the first row, Remove from channel, confirm, and look at the table again.
    const first = channelsTable(page).locator('tbody a[data-channel-sid]').first();
    const sid = (await first.getAttribute('data-channel-sid')) as string;
    await first.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Remove from channel' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    const left = user.channels - removed;
    await expect(page.getByRole('button', { name: `Select all ${left} loaded` })).toBeVisible();
    await expect(page.getByText(`${left} rows`, { exact: true })).toBeVisible();
    await expect(channelsTable(page).locator(`a[data-channel-sid="${sid}"]`)).toHaveCount(0);
    // The DOM against Twilio: the same channels, each once (polled: the refresh after the removal may be running).
    const twilioSids = (await atTwilio(api, user)).toSorted();
    await expect.poll(async () => (await onScreen(page)).toSorted()).toEqual(twilioSids);
    expect(twilioSids).toHaveLength(left);
  }
  await expect(page.getByRole('log', { name: 'Notifications from the console' })).not.toContainText(
    /not found|20404/,
  );
});

test.describe('density at 1366×768', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  for (const api of ['chatV2', 'conversations'] as const) {
    test(`at least 10 rows are visible after a lookup, in the paged view and in Show all; the header stays on top (${api})`, async ({
      page,
    }) => {
      const user = USERS.busyBee;
      await page.goto(viewPath(api, SUPPORT.sid, user.identity));
      await expect(bodyRows(page)).toHaveCount(50);
      // The lookup form is one line at this width in every API (the default service's longer name wrapped it).
      const form = page.getByRole('form', { name: 'Look up a user' });
      expect((await form.boundingBox())?.height).toBeLessThan(80);
      await expect.poll(() => rowsInView(page)).toBeGreaterThanOrEqual(10);
      const paged = await rowsInView(page);
      await showAll(page, user.channels, api === 'chatV2' ? 'channels' : 'conversations');
      await expect.poll(() => rowsInView(page)).toBeGreaterThanOrEqual(10);
      // The figure for BENCHMARKS.md ("Rows visible after a lookup at 1366×768").
      test.info().annotations.push({
        type: `rows visible (${api})`,
        description: `paged ${paged}, Show all ${await rowsInView(page)}`,
      });

      // Scrolled down, the column headers are still in the window.
      await page.mouse.wheel(0, 2000);
      const header = channelsTable(page).getByRole('columnheader', { name: /^Unread/, includeHidden: true });
      await expect
        .poll(async () => {
          const box = await header.boundingBox();
          return box !== null && box.y >= 0 && box.y + box.height <= 768;
        })
        .toBe(true);
    });
  }
  test('every column header reads whole, sorted or not, in Chat and in Conversations', async ({ page }) => {
    /** Headers whose text is cut off by their column. */
    const clipped = () =>
      channelsTable(page)
        .locator('thead th')
        .evaluateAll((cells) =>
          cells
            .map((cell) => cell.querySelector('button') ?? cell)
            .filter((box) => box.scrollWidth > box.clientWidth + 0.5)
            .map((box) => box.textContent),
        );
    for (const api of ['chatV2', 'conversations'] as const) {
      await page.goto(viewPath(api, SUPPORT.sid, USERS.busyBee.identity));
      await expect(bodyRows(page).first()).toBeVisible();
      expect(await clipped()).toEqual([]);
      // Sorted, each header also carries its arrow.
      for (const name of [/^Unread/, /^Read position/, /^Notifications/]) {
        const header = channelsTable(page).getByRole('columnheader', { name });
        await header.getByRole('button').click();
        await expect(header).toHaveAttribute('aria-sort', /ascending|descending/);
        expect(await clipped()).toEqual([]);
      }
    }
  });
});

test.describe('phones', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('no horizontal page scroll at 390 px, paged or Show all', async ({ page }) => {
    const user = USERS.busyBee;
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await expect(bodyRows(page)).toHaveCount(50);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await showAll(page, user.channels);
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});

test('bulk remove: the confirmation says how many and which; failures stay with Retry failed; Twilio matches; no Undo', async ({
  page,
  api,
  fake,
}) => {
  test.setTimeout(60_000);
  const user = USERS.busyBee;
  await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
  await expect(bodyRows(page)).toHaveCount(50);
  await page.getByRole('combobox', { name: 'Status' }).selectOption('invited');
  const invited = await onScreen(page);
  expect(invited.length).toBeGreaterThan(6);
  await page.getByRole('checkbox', { name: 'Select all shown' }).click();
  const failing = invited[1] as string;
  await fake.addFault({ method: 'DELETE', pathIncludes: failing, status: 500, code: 20500, times: 1 });
  await fake.addFault({ method: 'DELETE', status: 429, code: 20429, message: 'Too Many Requests', times: 2 });

  await page.getByRole('button', { name: 'Remove from channel' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Remove from channel: ${invited.length} channels?` });
  await expect(confirm).toContainText(`and ${invited.length - 5} more`);
  await expect(confirm).toContainText("Horizon can't undo this");
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: `Remove from ${invited.length} channels` }).click();

  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `Removed from ${invited.length - 1} of ${invited.length} channels; 1 failed.` }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('list', { name: 'Failed changes' })).toContainText('20500');
  await expect(channelsTable(page).locator(`a[data-channel-sid="${failing}"]`)).toHaveCount(1);
  await page.getByRole('button', { name: 'Retry failed' }).click();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: `Removed from ${invited.length} of ${invited.length} channels.` }),
  ).toBeVisible({ timeout: 30_000 });
  const left = await atTwilio(api, user);
  for (const sid of invited) expect(left).not.toContain(sid);
  expect(left).toHaveLength(user.channels - invited.length);
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);
});

test('viewers and Chat v1 get no bulk remove', async ({ page }) => {
  const user = USERS.alice;
  await page.goto(viewPath('chatV1', SUPPORT.sid, user.identity));
  await expect(bodyRows(page)).not.toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: /^Select/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove from channel' })).toHaveCount(0);
});

test('Export in the paged view exports the rows shown', async ({ page }) => {
  const user = USERS.busyBee;
  await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
  await expect(bodyRows(page)).toHaveCount(50);
  await page.getByRole('combobox', { name: 'Notifications level' }).selectOption('muted');
  const shown = await onScreen(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const path = await (await download).path();
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\r\n');
  expect(lines).toHaveLength(shown.length + 1);
  for (const sid of shown) expect(lines.some((line) => line.includes(sid))).toBe(true);
});
