import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SEED } from '../mocks/seed.ts';
import { bodyRows, lookUp, openChannel, viewPath } from './console.ts';
import { CHANNELS, SALES, SUPPORT, USERS } from './data.ts';
import { decodedPath, expect, type FakeLogEntry, test } from './fixtures.ts';

// Conversations mode for an account without the Chat API: every job goes through Conversations v1 alone, and a
// customer who writes by SMS or WhatsApp is found by their address. Written against what an agent sees (roles and
// labels; the table's words are Conversations' own: "conversations", or Chat's where a view still says "channels").

const conversationsApi = (path: string) => `/api/conversations/v1/Services/${SUPPORT.sid}${path}`;

/** Requests that went to a Chat path (Chat v2, Chat v1 or its ip-messaging alias). */
const chatRequests = (log: FakeLogEntry[]) =>
  log.filter((entry) => /^\/(chat|ip-messaging)\//.test(entry.path)).map((e) => `${e.method} ${e.path}`);

const record = async (page: Page, path: string) => {
  const response = await page.request.get(conversationsApi(path));
  return { status: response.status(), body: response.status() === 200 ? await response.json() : null };
};

test.describe('Conversations mode calls Conversations v1 only', () => {
  test('look up, page, drawer, mute, read position, undo, remove, Show all, bulk, export and address lookup: no Chat path', async ({
    page,
    fake,
  }) => {
    test.setTimeout(120_000);
    const user = USERS.busyBee;
    const general = CHANNELS.general;
    const userConversation = `/Users/${encodeURIComponent(user.identity)}/Conversations/${general.sid}`;

    // Look up, starting from Conversations' own page: the default service is offered first, named as the default.
    await page.goto('/conversations');
    const service = page.getByRole('combobox', { name: 'Service', exact: true });
    await expect(service.locator('option').first()).toHaveText(/Acme Support .*default/);
    await lookUp(page, { api: 'conversations', service: SUPPORT.friendlyName, user: user.identity });
    await expect(page).toHaveURL(viewPath('conversations', SUPPORT.sid, user.identity));
    await expect(bodyRows(page)).toHaveCount(50);

    // Page forward and back.
    const firstRow = await bodyRows(page).first().textContent();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(bodyRows(page).first()).not.toHaveText(firstRow ?? '');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(bodyRows(page).first()).toHaveText(firstRow ?? '');

    // The drawer: mute, then undo it.
    const dialog = await openChannel(page, 'General');
    await dialog.getByRole('radio', { name: 'Muted' }).click();
    await expect
      .poll(async () => (await record(page, userConversation)).body?.notification_level)
      .toBe('muted');
    await page.getByRole('button', { name: 'Undo', exact: true }).first().click();
    await expect
      .poll(async () => (await record(page, userConversation)).body?.notification_level)
      .toBe('default');

    // Read position.
    await dialog.getByLabel('Read position (index of the last message read)').fill('5');
    await dialog.getByRole('button', { name: 'Set read position', exact: true }).click();
    await expect
      .poll(async () => (await record(page, userConversation)).body?.last_read_message_index)
      .toBe(5);

    // Remove: Twilio's participant deletion.
    await dialog.getByRole('button', { name: /^Remove from (channel|conversation)$/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(async () => (await record(page, userConversation)).status).toBe(404);
    const deletes = (await fake.log()).filter((entry) => entry.method === 'DELETE');
    expect(deletes.map(decodedPath)).toEqual([
      expect.stringMatching(
        new RegExp(`/conversations/v1/Services/${SUPPORT.sid}/Conversations/${general.sid}/Participants/MB`),
      ),
    ]);

    // Show all walks the pages (119 conversations left), then a bulk unmute and an export.
    await page.getByRole('button', { name: /^Show all (channels|conversations)$/ }).click();
    const selectAll = page.getByRole('button', { name: /^Select all 119 loaded$/ });
    await expect(selectAll).toBeVisible({ timeout: 30_000 });
    await selectAll.click();
    await page.getByRole('button', { name: 'Unmute', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Unmuted 119 of 119/ })).toBeVisible({
      timeout: 30_000,
    });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(
      /^horizon-busy\.bee@example\.com-\d{4}-\d{2}-\d{2}\.csv$/,
    );

    // Find a customer by phone number.
    await lookUp(page, { api: 'conversations', service: SUPPORT.friendlyName, user: SEED.addresses.phone });
    await expect(
      page
        .getByRole('table', { name: `Conversations with ${SEED.addresses.phone}` })
        .getByRole('row')
        .filter({ has: page.getByRole('cell') }),
    ).toHaveCount(2);

    const log = await fake.log();
    expect(chatRequests(log)).toEqual([]);
    // Each Conversations resource the console needs was read through Conversations.
    const paths = log.map(decodedPath);
    for (const resource of [
      /\/conversations\/v1\/Configuration$/,
      // Acme Support is the default service: the user and their list in Twilio's short form.
      /^\/conversations\/v1\/Users\/busy\.bee@example\.com$/,
      /^\/conversations\/v1\/Users\/busy\.bee@example\.com\/Conversations$/,
      new RegExp(`/Services/${SUPPORT.sid}/Conversations/${general.sid}$`),
      new RegExp(`/Conversations/${general.sid}/Participants/MB[0-9a-f]{32}$`),
      new RegExp(`/Conversations/${general.sid}/Messages$`),
      new RegExp(`/Services/${SUPPORT.sid}/ParticipantConversations$`),
    ]) {
      expect(
        paths.some((path) => resource.test(path)),
        String(resource),
      ).toBe(true);
    }
    // Show all asked at most 50 a page (the 2026 spec's maximum for user conversations).
    const listPages = log.filter((entry) => entry.path.endsWith('/Conversations') && entry.method === 'GET');
    expect(listPages.every((entry) => Number(entry.query.PageSize) <= 50)).toBe(true);
  });

  test('the default service is read in its short form (/v1/Users/…), any other service in the scoped form', async ({
    page,
    fake,
  }) => {
    const userReads = async () =>
      (await fake.log())
        .map(decodedPath)
        .filter((path) => /\/Users\/[^/]+(\/Conversations)?$/.test(path))
        .sort();
    await page.goto('/conversations');
    await lookUp(page, { api: 'conversations', service: SUPPORT.friendlyName, user: USERS.alice.identity });
    await expect(bodyRows(page).first()).toBeVisible();
    await expect
      .poll(userReads)
      .toEqual([
        '/conversations/v1/Users/alice@example.com',
        '/conversations/v1/Users/alice@example.com/Conversations',
      ]);

    await fake.clearLog();
    await lookUp(page, { api: 'conversations', service: SALES.friendlyName, user: USERS.carol.identity });
    await expect(page).toHaveURL(viewPath('conversations', SALES.sid, USERS.carol.identity));
    await expect(bodyRows(page).first()).toBeVisible();
    await expect
      .poll(userReads)
      .toEqual([
        `/conversations/v1/Services/${SALES.sid}/Users/carol@example.com`,
        `/conversations/v1/Services/${SALES.sid}/Users/carol@example.com/Conversations`,
      ]);
    expect(chatRequests(await fake.log())).toEqual([]);
  });
});

test.describe('find a customer by phone number or WhatsApp address', () => {
  async function findAddress(page: Page, text: string) {
    await lookUp(page, { api: 'conversations', service: SUPPORT.friendlyName, user: text });
  }

  test('an SMS participant: their conversations, state and binding, in words; the + reaches Twilio as +', async ({
    page,
    fake,
  }) => {
    const phone = SEED.addresses.phone;
    await page.goto('/conversations');
    // Typed as it often comes in a ticket: spaces and brackets are dropped, the + is kept.
    await findAddress(page, '+1 (555) 123-4567');
    await expect(page).toHaveURL(
      `/conversations/services/${SUPPORT.sid}/participants/${encodeURIComponent(phone)}`,
    );
    const table = page.getByRole('table', { name: `Conversations with ${phone}` });
    const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'SMS · Refund request' })).toContainText('Closed');
    await expect(rows.filter({ hasText: 'SMS · Order #4411' })).toContainText('Active');
    await expect(rows.first()).toContainText('SMS via +15017122661');
    await expect(rows.first()).toContainText('Not kept by Twilio for SMS participants');
    await expect(page.getByText(/Twilio keeps no notification level and no unread count/)).toBeVisible();

    const asked = (await fake.log()).filter((entry) => entry.path.endsWith('/ParticipantConversations'));
    expect(asked).toHaveLength(1);
    expect(asked[0]?.query.Address).toBe(phone);
    expect(chatRequests(await fake.log())).toEqual([]);

    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }))).toEqual([]);

    // The same number in another service: that service's conversation only.
    await lookUp(page, { api: 'conversations', service: SALES.friendlyName, user: phone });
    await expect(
      page.getByRole('table', { name: `Conversations with ${phone}` }).getByRole('row'),
    ).toHaveCount(2);
    await expect(page.getByText('SMS · Quote follow-up')).toBeVisible();
  });

  test('the participant view fits: every column at 1280 px, no sideways page scroll on a 390 px phone', async ({
    page,
  }) => {
    // The longest address the seed has, in a view with SIDs in two columns.
    const address = SEED.addresses.whatsapp;
    const overflow = () =>
      page.evaluate(() => {
        const region = document.querySelector('.participant-lookup .table-scroll') as HTMLElement;
        const cells = [...document.querySelectorAll('.participant-table th, .participant-table td')];
        return {
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          table: region.scrollWidth - region.clientWidth,
          cells: cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent),
        };
      });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`/conversations/services/${SUPPORT.sid}/participants/${encodeURIComponent(address)}`);
      await expect(page.getByRole('table', { name: `Conversations with ${address}` })).toBeVisible();
      const measured = await overflow();
      expect(measured.page, `page at ${width} px`).toBe(0);
      expect(measured.cells, `cells at ${width} px`).toEqual([]);
      // Wide enough for the table: no scroller at all. On a phone the table scrolls in its own region.
      if (width === 1280) expect(measured.table, 'table at 1280 px').toBe(0);
    }
  });

  test('a WhatsApp participant, an address in no conversation, and a malformed address that is never sent', async ({
    page,
    fake,
  }) => {
    await page.goto('/conversations');
    await findAddress(page, SEED.addresses.whatsapp);
    const table = page.getByRole('table', { name: `Conversations with ${SEED.addresses.whatsapp}` });
    await expect(table.getByRole('row').filter({ hasText: 'WhatsApp · Delivery window' })).toContainText(
      /Inactive.*WhatsApp via whatsapp:\+14155238886/,
    );

    await findAddress(page, SEED.addresses.unknownPhone);
    await expect(
      page.getByRole('status').filter({ hasText: 'No conversations in this service' }),
    ).toContainText(SEED.addresses.unknownPhone);

    await fake.clearLog();
    const before = page.url();
    await findAddress(page, '+1 555 CALL-NOW');
    await expect(page.getByRole('alert').filter({ hasText: /isn't an address/ })).toBeVisible();
    expect(page.url()).toBe(before);
    expect(await fake.log()).toEqual([]);
  });
});
