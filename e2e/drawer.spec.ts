import { bodyRows, cellOf, drawer, openChannel, removalConfirmation, rowOf, viewPath } from './console.ts';
import {
  CHANNELS,
  channelLabel,
  newestMessageIndices,
  SUPPORT,
  twilio,
  USERS,
  type UserChannel,
} from './data.ts';
import { expect, test } from './fixtures.ts';

// The three jobs through Chat v2, each as an agent does it: alice@example.com's "General" (joined, notifications
// default, 200 of 240 messages read).
const user = USERS.alice;
const channel = CHANNELS.general;
const userPath = viewPath('chatV2', SUPPORT.sid, user.identity);
const channelPath = viewPath('chatV2', SUPPORT.sid, user.identity, channel.sid);

test.describe('the channel drawer (Chat v2)', () => {
  test('a deep link opens the drawer over the table, and survives a reload', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    const record = await api.json<UserChannel>(twilio.chatUserChannel(user, channel));
    await page.goto(channelPath);

    const dialog = drawer(page, name);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('radio', { name: 'Default' })).toBeChecked();
    await expect(dialog.getByLabel('Read position (index of the last message read)')).toBeVisible();
    await expect(dialog.getByText(String(record.last_consumed_message_index)).first()).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(user.channels);

    await page.reload();
    await expect(drawer(page, name)).toBeVisible();
    await expect(page).toHaveURL(channelPath);
  });

  test('opening a row puts the channel in the URL; Close takes it out', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    await expect(page).toHaveURL(channelPath);

    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(userPath);
  });

  test('mute: the row and drawer change at once, Twilio agrees, and it survives a reload', async ({
    page,
    api,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const row = rowOf(page, name);
    const notifications = await cellOf(page, row, 'Notifications');
    await expect(notifications).toHaveText(/default/i);

    const dialog = await openChannel(page, name);
    await dialog.getByRole('radio', { name: 'Muted' }).click();
    await expect(dialog.getByRole('radio', { name: 'Muted' })).toBeChecked();
    await expect(notifications).toHaveText(/muted/i);
    await expect
      .poll(
        async () => (await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level,
      )
      .toBe('muted');

    await page.reload();
    await expect(drawer(page, name).getByRole('radio', { name: 'Muted' })).toBeChecked();
    await expect(await cellOf(page, rowOf(page, name), 'Notifications')).toHaveText(/muted/i);

    // And back.
    await drawer(page, name).getByRole('radio', { name: 'Default' }).click();
    await expect(await cellOf(page, rowOf(page, name), 'Notifications')).toHaveText(/default/i);
    await expect
      .poll(
        async () => (await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level,
      )
      .toBe('default');
  });

  test('set the read position to a message index: unread follows Twilio’s count', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    // Indices skip numbers, so "two messages unread" means the third-newest message's index.
    const [, , third] = await newestMessageIndices(api, channel, 3);
    const target = third as number;
    await page.goto(userPath);
    const dialog = await openChannel(page, name);

    await dialog.getByLabel('Read position (index of the last message read)').fill(String(target));
    await dialog.getByRole('button', { name: 'Set read position', exact: true }).click();

    await expect
      .poll(async () => api.json<UserChannel>(twilio.chatUserChannel(user, channel)))
      .toMatchObject({ last_consumed_message_index: target, unread_messages_count: 2 });
    const row = rowOf(page, name);
    await expect(await cellOf(page, row, 'Read position')).toHaveText(String(target));
    await expect(await cellOf(page, row, 'Unread')).toHaveText('2');
  });

  test('a read position that is not a whole number ≥ 0 is explained and never sent', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    const before = await api.json<UserChannel>(twilio.chatUserChannel(user, channel));
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    const field = dialog.getByLabel('Read position (index of the last message read)');

    for (const bad of ['-1', '2.5']) {
      await field.fill(bad);
      await dialog.getByRole('button', { name: 'Set read position', exact: true }).click();
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveAccessibleDescription(/whole number/i);
    }
    expect((await fake.log()).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).toEqual(before);
  });

  test('mark all read: the newest message’s index, nothing unread', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    const [newest] = await newestMessageIndices(api, channel, 1);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);

    await dialog.getByRole('button', { name: 'Mark all read', exact: true }).click();

    const row = rowOf(page, name);
    await expect(await cellOf(page, row, 'Unread')).toHaveText('0');
    await expect(await cellOf(page, row, 'Read position')).toHaveText(String(newest));
    await expect
      .poll(async () => api.json<UserChannel>(twilio.chatUserChannel(user, channel)))
      .toMatchObject({ last_consumed_message_index: newest, unread_messages_count: 0 });
  });

  test('reset the read position: nothing read, unread not tracked', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);

    await dialog.getByRole('button', { name: 'Clear read position…', exact: true }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Clear read position', exact: true })
      .click();

    await expect
      .poll(async () => api.json<UserChannel>(twilio.chatUserChannel(user, channel)))
      .toMatchObject({ last_consumed_message_index: null, unread_messages_count: null });
    const unread = await cellOf(page, rowOf(page, name), 'Unread');
    await expect(unread).toContainText('—');
    await expect(unread).toContainText(/not tracked/i);
  });

  test('remove from channel: asks first, naming user and channel; Cancel keeps the membership', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);

    await dialog.getByRole('button', { name: 'Remove from channel', exact: true }).click();
    const confirmation = removalConfirmation(page, user.identity, name);
    await expect(confirmation).toBeVisible();
    await confirmation.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(confirmation).toBeHidden();

    expect((await fake.log()).filter((entry) => entry.method === 'DELETE')).toEqual([]);
    await expect(bodyRows(page)).toHaveCount(user.channels);
    expect((await api.get(twilio.chatUserChannel(user, channel))).status).toBe(200);
  });

  test('remove from channel: confirmed, the row goes and Twilio no longer has the membership', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);

    await dialog.getByRole('button', { name: 'Remove from channel', exact: true }).click();
    const confirmation = removalConfirmation(page, user.identity, name);
    await expect(confirmation).toBeVisible();
    // Nothing is removed until the agent confirms.
    expect((await fake.log()).filter((entry) => entry.method === 'DELETE')).toEqual([]);
    await confirmation.getByRole('button', { name: 'Remove', exact: true }).click();

    // The page's announcement (the drawer's own "Saved: …" line may still be there as it closes).
    await expect(
      page.getByRole('status').filter({ hasText: `Removed ${user.identity} from ${name}.` }),
    ).toBeVisible();
    await expect(drawer(page, name)).toBeHidden();
    await expect(page).toHaveURL(userPath);
    await expect(bodyRows(page)).toHaveCount(user.channels - 1);
    await expect(rowOf(page, name)).toHaveCount(0);
    await expect
      .poll(async () => (await api.get<{ code: number }>(twilio.chatUserChannel(user, channel))).body)
      .toMatchObject({ code: 20404, status: 404 });
  });
});
