import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { DIAGNOSIS_SEED } from '../mocks/seed-diagnosis.ts';
import { drawer, rowOf, viewPath } from './console.ts';
import { CHANNELS, SALES, SUPPORT, USERS } from './data.ts';
import { expect, type FakeLogEntry, test } from './fixtures.ts';

// One test per ticket on its seeded user (README "The demo users"), from an empty console to the fix, counting the
// agent's interactions: a click, a key press, or typing into a field (one each).
const { users, channels } = DIAGNOSIS_SEED;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function interactions(page: Page) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    click: async (target: Locator) => {
      count += 1;
      await target.click();
    },
    type: async (field: Locator, text: string) => {
      count += 1;
      await field.fill(text);
    },
    press: async (key: string) => {
      count += 1;
      await page.keyboard.press(key);
    },
    choose: async (select: Locator, value: string) => {
      count += 1;
      await select.selectOption(value);
    },
    /** Typing into the focused field. */
    typeKeys: async (text: string) => {
      count += 1;
      await page.keyboard.type(text);
    },
  };
}

const userField = (page: Page) => page.getByRole('textbox', { name: 'User', exact: true });
const lookUpButton = (page: Page) => page.getByRole('button', { name: 'Look up', exact: true });
const main = (page: Page) => page.locator('#main');

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) }))).toEqual([]);
}

const deletes = (log: FakeLogEntry[]) => log.filter((e) => e.method === 'DELETE');
const posts = (log: FakeLogEntry[]) => log.filter((e) => e.method === 'POST');

test.describe('diagnosis: each ticket from an empty console to the fix', () => {
  test('"I still get pushes from Ops alerts" (muted): an old phone, removed in 4 clicks', async ({
    page,
    fake,
  }) => {
    await page.goto('/');
    const act = interactions(page);
    await act.type(userField(page), users.pushes.identity);
    await act.click(lookUpButton(page));

    const finding = main(page)
      .getByRole('listitem')
      .filter({ hasText: "A device hasn't refreshed its registration" });
    await expect(finding).toContainText('iPhone / iPad (APNs)');
    await expect(main(page).getByText('Pushes go to 3 devices')).toBeVisible();
    await axeClean(page);
    await fake.clearLog();
    await act.click(finding.getByRole('button', { name: 'Remove this device…' }));
    const confirm = page.getByRole('alertdialog', { name: 'Remove this device?' });
    await expect(confirm).toContainText("This can't be undone");
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await act.click(confirm.getByRole('button', { name: 'Remove device' }));

    await expect(main(page).getByRole('status').filter({ hasText: 'Removed the device' })).toBeVisible();
    await expect(main(page).getByText('Pushes go to 3 devices')).toBeHidden();
    await expect(main(page).getByText('Pushes go to 2 devices')).toBeVisible();
    expect(act.count).toBeLessThanOrEqual(4);
    const removed = deletes(await fake.log());
    expect(removed).toHaveLength(1);
    expect(removed[0]?.path).toMatch(
      new RegExp(
        `/Users/${users.pushes.sid}/Bindings/BS[0-9a-f]{32}$|/Users/pat\\.pushes%40example\\.com/Bindings/BS`,
      ),
    );
    // Audited like every change, with the device as it was before.
    const audit = await page.request.get(`/api/audit?user=${encodeURIComponent(users.pushes.identity)}`);
    const entries = (
      (await audit.json()) as { entries: { method: string; before: { binding_type?: string } }[] }
    ).entries;
    expect(entries[0]).toMatchObject({ method: 'DELETE', before: { binding_type: 'apn' } });
    // No undo is offered for it.
    await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);
  });

  test('"My badge on Support floor is stuck": read position not moved though she posted; fixed in 4 clicks', async ({
    page,
    fake,
  }) => {
    await page.goto('/');
    const act = interactions(page);
    await act.type(userField(page), users.stuckBadge.identity);
    await act.click(lookUpButton(page));
    await act.click(
      rowOf(page, 'Support floor').getByRole('link', { name: 'Support floor', includeHidden: true }),
    );
    const dialog = drawer(page, 'Support floor');
    const finding = dialog
      .getByRole('listitem')
      .filter({ hasText: "The read position hasn't moved since 14 Jan 2025" });
    await expect(finding).toContainText('though the user posted twice after it');
    await expect(finding).toContainText('Member last_consumption_timestamp');
    await axeClean(page);
    await fake.clearLog();
    await act.click(finding.getByRole('button', { name: 'Clear the stuck badge' }));

    await expect.poll(async () => posts(await fake.log()).length).toBe(1);
    const [post] = posts(await fake.log());
    expect(post?.body?.LastConsumedMessageIndex).toMatch(/^\d+$/);
    await expect(
      dialog.getByRole('listitem').filter({ hasText: 'All read: the app shows no badge' }),
    ).toBeVisible();
    // Undoable: it went through the drawer's own change.
    await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
    expect(act.count).toBeLessThanOrEqual(4);
  });

  test('"The app says I read everything in Product updates": mark the last 5 unread, in 4 clicks', async ({
    page,
    fake,
  }) => {
    await page.goto('/');
    const act = interactions(page);
    await act.type(userField(page), users.allRead.identity);
    await act.click(lookUpButton(page));
    await act.click(
      rowOf(page, 'Product updates').getByRole('link', { name: 'Product updates', includeHidden: true }),
    );
    const dialog = drawer(page, 'Product updates');
    const finding = dialog.getByRole('listitem').filter({ hasText: 'All read: the app shows no badge' });
    await expect(finding).toContainText('Their app shows a badge of 5 for this channel.');
    await fake.clearLog();
    await act.click(finding.getByRole('button', { name: 'Mark the last 5 messages unread' }));
    await expect.poll(async () => posts(await fake.log()).length).toBe(1);
    await expect(dialog.getByRole('listitem').filter({ hasText: '5 unread' }).first()).toBeVisible();
    expect(act.count).toBeLessThanOrEqual(4);
  });

  test('"I never get a badge in Help desk": unread not counted; start counting in 4 clicks', async ({
    page,
    fake,
  }) => {
    await page.goto('/');
    const act = interactions(page);
    await act.type(userField(page), users.notTracked.identity);
    await act.click(lookUpButton(page));
    await expect(rowOf(page, 'Help desk')).toContainText('Unread is not counted: the app shows no badge');
    await act.click(rowOf(page, 'Help desk').getByRole('link', { name: 'Help desk', includeHidden: true }));
    const finding = drawer(page, 'Help desk')
      .getByRole('listitem')
      .filter({ hasText: 'Unread is not counted' });
    await fake.clearLog();
    await act.click(finding.getByRole('button', { name: 'Start counting: mark all read' }));
    await expect.poll(async () => posts(await fake.log()).length).toBe(1);
    expect(act.count).toBeLessThanOrEqual(4);
  });

  test('"I can\'t be added to more channels": near the limit; the idle ones selected in one click', async ({
    page,
  }) => {
    await page.goto('/');
    const act = interactions(page);
    await act.choose(page.getByRole('combobox', { name: 'Service', exact: true }), SALES.sid);
    await act.type(userField(page), users.nearLimit.identity);
    await act.click(lookUpButton(page));
    const finding = main(page)
      .getByRole('listitem')
      .filter({ hasText: 'Near the limit: 90 of 100 channels' });
    await expect(finding).toBeVisible();
    await axeClean(page);
    // The first page holds 50 rows; the idle ones among them are offered (more as more pages load).
    await act.click(finding.getByRole('button', { name: /^Select the \d+ closed or inactive for removal$/ }));
    await expect(
      main(page)
        .getByText(/selected/)
        .first(),
    ).toBeVisible();
    expect(act.count).toBeLessThanOrEqual(4);
  });
});

test('symptom first: "Gets pushes" puts the channels whose pushes are on first, each with its finding', async ({
  page,
}) => {
  await page.goto('/');
  await userField(page).fill(users.pushes.identity);
  await lookUpButton(page).click();
  await expect(rowOf(page, 'Ops alerts')).toBeVisible();
  await page.getByRole('combobox', { name: 'Ticket symptom' }).selectOption({ label: 'Gets pushes' });
  const firstRow = main(page).getByRole('row').nth(1);
  await expect(firstRow).toContainText('Team chat');
  await expect(firstRow).toContainText('Matches the ticket: Pushes are on for this channel');
});

test('opening a drawer with its diagnosis: the requests it costs after the table is in', async ({
  page,
  fake,
}) => {
  await page.goto(`/chat-v2/services/${SUPPORT.sid}/users/${encodeURIComponent(users.stuckBadge.identity)}`);
  await expect(rowOf(page, 'Support floor')).toBeVisible();
  // The user's diagnosis above the table has read the service and the devices by now.
  await expect(main(page).getByRole('combobox', { name: 'Ticket symptom' })).toBeVisible();
  await expect.poll(async () => (await fake.log()).some((e) => e.path.endsWith('/Bindings'))).toBe(true);
  await fake.clearLog();
  await rowOf(page, 'Support floor').getByRole('link', { name: 'Support floor' }).click();
  const dialog = drawer(page, 'Support floor');
  await expect(dialog.getByRole('listitem').filter({ hasText: "hasn't moved since" })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Activity' })).toBeVisible();
  const log = await fake.log();
  const paths = log.map(
    (e) =>
      `${e.method} ${e.path.replace(/^.*\/v[12]\//, '')}${e.query.Order ? `?Order=${e.query.Order}&PageSize=${e.query.PageSize}` : ''}`,
  );
  console.log(`drawer requests (${paths.length}):\n  ${paths.join('\n  ')}`);
  // Nothing the table or the lookup already read is fetched again: not the user, the service, the devices or the
  // membership row.
  expect(log.filter((e) => /\/Bindings$/.test(e.path) || /\/Services\/IS[0-9a-f]{32}$/.test(e.path))).toEqual(
    [],
  );
  expect(log.filter((e) => /\/Users\/[^/]+$/.test(e.path))).toEqual([]);
  expect(channels.supportFloor).toBeTruthy();
});

// Keyboard only, counting every key a person presses. The issue's budget is 6. The lookup leaves focus in the User
// field; ↓ or Escape leaves it for the table, and `f` presses the first suggested fix (the drawer's, else the user's).
test.describe('diagnosis with the keyboard only', () => {
  test('the stuck badge: /, type, Enter, ↓, Enter, f (6)', async ({ page, fake }) => {
    await page.goto('/');
    const act = interactions(page);
    await act.press('/');
    await expect(userField(page)).toBeFocused();
    await act.typeKeys(users.stuckBadge.identity);
    await act.press('Enter');
    await expect(rowOf(page, 'Support floor')).toBeVisible();
    await act.press('ArrowDown');
    await expect(page.getByRole('link', { name: 'Support floor' })).toBeFocused();
    await act.press('Enter');
    const dialog = drawer(page, 'Support floor');
    await expect(dialog.getByRole('button', { name: 'Clear the stuck badge' })).toBeVisible();
    // The drawer opens on its Close button, as a dialog should; `f` is the explicit way to the fix.
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await fake.clearLog();
    await act.press('f');
    await expect(page.getByRole('status').filter({ hasText: 'Fix: Clear the stuck badge' })).toBeAttached();
    await expect.poll(async () => posts(await fake.log()).length).toBe(1);
    await expect(
      dialog.getByRole('listitem').filter({ hasText: 'All read: the app shows no badge' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
    await axeClean(page);
    test.info().annotations.push({ type: 'keyboard interactions', description: String(act.count) });
    expect(act.count).toBeLessThanOrEqual(6);
  });

  // 7, one over the budget: a device removal can't be undone, so its confirmation opens on Cancel (Tab, Enter), and
  // the lookup keeps focus in the User field (Escape leaves it). See the README's keyboard line.
  test('the old phone: /, type, Enter, Escape, f, Tab, Enter (confirmed)', async ({ page, fake }) => {
    await page.goto('/');
    const act = interactions(page);
    await act.press('/');
    await act.typeKeys(users.pushes.identity);
    await act.press('Enter');
    await expect(main(page).getByRole('button', { name: 'Remove this device…' })).toBeVisible();
    await act.press('Escape');
    await expect(userField(page)).not.toBeFocused();
    await act.press('f');
    const confirm = page.getByRole('alertdialog', { name: 'Remove this device?' });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(deletes(await fake.log())).toEqual([]);
    await act.press('Tab');
    await expect(confirm.getByRole('button', { name: 'Remove device' })).toBeFocused();
    await act.press('Enter');
    await expect.poll(async () => deletes(await fake.log()).length).toBe(1);
    await expect(main(page).getByText('Pushes go to 2 devices')).toBeVisible();
    test.info().annotations.push({ type: 'keyboard interactions', description: String(act.count) });
    expect(act.count).toBe(7);
  });
});

test('"No user Sam.Stuck@Example.com": case-sensitive, the lowercase form and recent users offered', async ({
  page,
}) => {
  await page.goto('/');
  // A user viewed earlier in this browser is offered back.
  await userField(page).fill(users.allRead.identity);
  await lookUpButton(page).click();
  await expect(rowOf(page, 'Product updates')).toBeVisible();

  const act = interactions(page);
  await act.type(userField(page), 'Sam.Stuck@Example.com');
  await act.click(lookUpButton(page));
  await expect(main(page).getByRole('alert')).toHaveText(
    `No user “Sam.Stuck@Example.com” in ${SUPPORT.friendlyName}. Identities are case-sensitive and must match exactly.`,
  );
  await expect(main(page).getByRole('link', { name: users.allRead.identity })).toBeVisible();
  await axeClean(page);
  await act.click(main(page).getByRole('link', { name: users.stuckBadge.identity }));
  await expect(rowOf(page, 'Support floor')).toBeVisible();
  expect(act.count).toBe(3);
});

// Every finding on a seeded membership, through a deep link (what an agent pastes into a ticket).
const FINDINGS_ON_SEEDED_USERS: { finding: string; path: string }[] = [
  {
    finding: 'Invited, not joined: no pushes and no unread count',
    path: viewPath('chatV2', SUPPORT.sid, USERS.alice.identity, CHANNELS.billing.sid),
  },
  {
    finding: 'Why ',
    path: viewPath('chatV2', SUPPORT.sid, USERS.alice.identity, CHANNELS.general.sid),
  },
  {
    finding: 'Unread shows 1000+: Conversations stops counting there',
    path: viewPath('conversations', SUPPORT.sid, USERS.busyBee.identity, CHANNELS.firehose.sid),
  },
  {
    finding: 'The conversation is closed',
    path: viewPath('conversations', SUPPORT.sid, USERS.alice.identity, CHANNELS.untitled.sid),
  },
  {
    finding: 'The conversation is inactive',
    path: viewPath('conversations', SUPPORT.sid, USERS.busyBee.identity, CHANNELS.announcements.sid),
  },
  {
    finding: 'The service sends no pushes for new messages',
    path: viewPath('chatV2', SALES.sid, USERS.carol.identity, CHANNELS.deals.sid),
  },
  {
    finding: 'No device is registered for pushes',
    path: viewPath('conversations', SALES.sid, USERS.carol.identity, CHANNELS.deals.sid),
  },
  {
    finding: 'Muted: no pushes for new messages here',
    path: viewPath('chatV2', SUPPORT.sid, users.pushes.identity, channels.opsAlerts),
  },
  {
    finding: 'Pushes are on for this channel',
    path: viewPath('conversations', SUPPORT.sid, users.pushes.identity, channels.teamChat),
  },
  {
    finding: 'The service sends a push for every new message',
    path: viewPath('conversations', SUPPORT.sid, users.pushes.identity, channels.teamChat),
  },
  {
    finding: '10 unread: the app shows a badge',
    path: viewPath('chatV2', SUPPORT.sid, users.stuckBadge.identity, channels.supportFloor),
  },
];

test.describe('every finding on a seeded user', () => {
  for (const { finding, path } of FINDINGS_ON_SEEDED_USERS) {
    test(`${finding.trim()} (${path.split('/')[1]})`, async ({ page }) => {
      await page.goto(path);
      const diagnosis = page.getByRole('dialog').getByRole('region', { name: 'Diagnosis' });
      await expect(diagnosis.getByRole('listitem').filter({ hasText: finding }).first()).toBeVisible();
    });
  }

  test("Twilio can't push to this user (nobody@example.com, under the user)", async ({ page }) => {
    await page.goto(viewPath('chatV2', SUPPORT.sid, USERS.nobody.identity));
    await expect(
      main(page).getByRole('listitem').filter({ hasText: "Twilio can't push to this user" }),
    ).toBeVisible();
    await axeClean(page);
  });
});
