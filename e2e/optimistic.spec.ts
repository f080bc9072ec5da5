import { cellOf, drawer, openChannel, rowOf, viewPath } from './console.ts';
import {
  CHANNELS,
  changeRequests,
  channelLabel,
  newestMessageIndices,
  SUPPORT,
  twilio,
  USERS,
  type UserChannel,
} from './data.ts';
import { expect, params, test } from './fixtures.ts';

const user = USERS.alice;
const channel = CHANNELS.general;
const userPath = viewPath('chatV2', SUPPORT.sid, user.identity);

test.describe('optimistic changes', () => {
  test('a change Twilio refuses is rolled back in the row and the drawer, and the error is shown', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    const notifications = await cellOf(page, rowOf(page, name), 'Notifications');
    await expect(notifications).toHaveText(/default/i);

    // Slow and failing: the screen must change before Twilio answers, then come back when it refuses.
    await fake.setKnobs({ latencyMs: 2000 });
    await fake.addFault({
      method: 'POST',
      pathIncludes: channel.sid,
      status: 500,
      code: 20500,
      message: 'Injected: Twilio had a bad day',
    });
    await dialog.getByRole('radio', { name: 'Muted' }).click();
    await expect(dialog.getByRole('radio', { name: 'Muted' })).toBeChecked({ timeout: 3000 });
    await expect(notifications).toHaveText(/muted/i, { timeout: 3000 });

    const alert = page.getByRole('alert').filter({ hasText: 'Injected: Twilio had a bad day' });
    await expect(alert).toBeVisible({ timeout: 15_000 });
    await expect(alert).toContainText('20500');
    await expect(dialog.getByRole('radio', { name: 'Default' })).toBeChecked();
    await expect(notifications).toHaveText(/default/i);
    expect((await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level).toBe(
      'default',
    );
  });

  test('a failed read-position change restores the row’s unread count and read position', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    const before = await api.json<UserChannel>(twilio.chatUserChannel(user, channel));
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    const row = rowOf(page, name);
    await expect(await cellOf(page, row, 'Unread')).toHaveText(String(before.unread_messages_count));

    await fake.addFault({ method: 'POST', pathIncludes: channel.sid, status: 503, code: 20503, times: 5 });
    await dialog.getByRole('button', { name: 'Mark all read', exact: true }).click();

    await expect(page.getByRole('alert').filter({ hasText: '20503' })).toBeVisible({ timeout: 10_000 });
    await expect(await cellOf(page, row, 'Unread')).toHaveText(String(before.unread_messages_count));
    await expect(await cellOf(page, row, 'Read position')).toHaveText(
      String(before.last_consumed_message_index),
    );
    expect(await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).toEqual(before);
  });

  test('ten rapid mute/unmute clicks run in order and end where the last click left them', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    // Random latency: changes sent side by side would land in a random order.
    await fake.setKnobs({ latencyMs: 20, jitterMs: 150 });
    await fake.clearLog();

    const clicks = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'Muted' : 'Default'));
    for (const level of clicks) await dialog.getByRole('radio', { name: level }).click();
    const last = clicks.at(-1) as string;

    // Every change reached Twilio, one after another, in click order.
    await expect
      .poll(async () => changeRequests(await fake.log(), channel).length, { timeout: 20_000 })
      .toBe(clicks.length);
    const sent = changeRequests(await fake.log(), channel).map((e) =>
      params(e.body).get('NotificationLevel'),
    );
    expect(sent).toEqual(clicks.map((level) => level.toLowerCase()));

    // Twilio and the screen agree with the last click.
    expect((await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level).toBe(
      last.toLowerCase(),
    );
    await expect(dialog.getByRole('radio', { name: last })).toBeChecked();
    await expect(await cellOf(page, rowOf(page, name), 'Notifications')).toHaveText(new RegExp(last, 'i'));
    await page.reload();
    await expect(drawer(page, name).getByRole('radio', { name: last })).toBeChecked();
  });

  test('an odd number of rapid clicks ends muted, on the screen and in Twilio', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    await fake.setKnobs({ latencyMs: 20, jitterMs: 150 });

    for (let i = 0; i < 9; i++)
      await dialog.getByRole('radio', { name: i % 2 === 0 ? 'Muted' : 'Default' }).click();

    await expect
      .poll(
        async () => (await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level,
        {
          timeout: 20_000,
        },
      )
      .toBe('muted');
    // Once everything settled (refreshes included), the screen still shows the last click.
    await expect
      .poll(async () => changeRequests(await fake.log(), channel).length, { timeout: 20_000 })
      .toBe(9);
    await expect(dialog.getByRole('radio', { name: 'Muted' })).toBeChecked();
    await expect(await cellOf(page, rowOf(page, name), 'Notifications')).toHaveText(/muted/i);
  });

  test('while a read-position change is pending, a known unread count shows at once', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    await fake.setKnobs({ latencyMs: 3000 });

    await dialog.getByRole('button', { name: 'Mark all read', exact: true }).click();
    // Mark all read → 0 is known before Twilio answers.
    await expect(await cellOf(page, rowOf(page, name), 'Unread')).toHaveText('0', { timeout: 4000 });
    await expect
      .poll(
        async () =>
          (await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).unread_messages_count,
        {
          timeout: 15_000,
        },
      )
      .toBe(0);
  });

  test('while a new read position is pending, an unknown unread count shows as pending, then Twilio’s', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    const [, , third] = await newestMessageIndices(api, channel, 3);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    const unread = await cellOf(page, rowOf(page, name), 'Unread');
    const before = (await unread.textContent())?.trim();
    await fake.setKnobs({ latencyMs: 2500 });

    await dialog.getByLabel('Read position (index of the last message read)').fill(String(third));
    await dialog.getByRole('button', { name: 'Set read position', exact: true }).click();
    // The count can't be known before Twilio answers: neither the old number nor a guess.
    await expect(unread).toContainText(/pending/i, { timeout: 3500 });
    await expect(await cellOf(page, rowOf(page, name), 'Read position')).toHaveText(String(third), {
      timeout: 3500,
    });
    await expect(unread).toHaveText('2', { timeout: 15_000 });
    expect(before).not.toBe('2');
  });
});
