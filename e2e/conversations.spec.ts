import {
  bodyRows,
  cellOf,
  drawer,
  lookUp,
  openChannel,
  removalConfirmation,
  rowOf,
  viewPath,
} from './console.ts';
import {
  CHANNELS,
  channelLabel,
  listRequests,
  newestMessageIndices,
  SUPPORT,
  twilio,
  USERS,
  type UserChannel,
  type UserConversation,
} from './data.ts';
import { expect, test } from './fixtures.ts';

// The same jobs through the Conversations API: one store, so a change made here shows through Chat v2 as well.
const user = USERS.alice;
const channel = CHANNELS.general;
const userPath = viewPath('conversations', SUPPORT.sid, user.identity);

test.describe('the same jobs through Conversations', () => {
  test('look up: the Conversations API answers and the table fills', async ({ page, fake }) => {
    await page.goto('/');
    await lookUp(page, { api: 'conversations', service: SUPPORT.friendlyName, user: user.identity });

    await expect(page).toHaveURL(userPath);
    await expect(bodyRows(page)).toHaveCount(user.channels);
    const asked = listRequests(await fake.log(), user, '/conversations/v1/');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked[0]?.status).toBe(200);
    expect(listRequests(await fake.log(), user, '/chat/v2/')).toEqual([]);
  });

  test('mute through Conversations: Twilio shows it through both APIs, and it survives a reload', async ({
    page,
    api,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    await expect(page).toHaveURL(viewPath('conversations', SUPPORT.sid, user.identity, channel.sid));

    await dialog.getByRole('radio', { name: 'Muted' }).click();
    await expect(await cellOf(page, rowOf(page, name), 'Notifications')).toHaveText(/muted/i);
    await expect
      .poll(
        async () =>
          (await api.json<UserConversation>(twilio.conversationsUserConversation(user, channel)))
            .notification_level,
      )
      .toBe('muted');
    expect((await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level).toBe(
      'muted',
    );

    await page.reload();
    await expect(drawer(page, name).getByRole('radio', { name: 'Muted' })).toBeChecked();
  });

  test('set, mark all read and reset the read position', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    const [newest, , third] = await newestMessageIndices(api, channel, 3);
    await page.goto(viewPath('conversations', SUPPORT.sid, user.identity, channel.sid));
    const dialog = drawer(page, name);
    const row = rowOf(page, name);
    const record = () => api.json<UserConversation>(twilio.conversationsUserConversation(user, channel));

    await dialog.getByLabel('Read position (index of the last message read)').fill(String(third));
    await dialog.getByRole('button', { name: 'Set read position', exact: true }).click();
    await expect.poll(record).toMatchObject({ last_read_message_index: third, unread_messages_count: 2 });
    await expect(await cellOf(page, row, 'Unread')).toHaveText('2');
    await expect(await cellOf(page, row, 'Read position')).toHaveText(String(third));

    await dialog.getByRole('button', { name: 'Mark all read', exact: true }).click();
    await expect.poll(record).toMatchObject({ last_read_message_index: newest, unread_messages_count: 0 });
    await expect(await cellOf(page, row, 'Unread')).toHaveText('0');

    await dialog.getByRole('button', { name: 'Clear read position…', exact: true }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Clear read position', exact: true })
      .click();
    await expect.poll(record).toMatchObject({ last_read_message_index: null, unread_messages_count: null });
    await expect(await cellOf(page, row, 'Unread')).toContainText(/not tracked/i);
    // The same record, seen through Chat v2.
    expect(await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).toMatchObject({
      last_consumed_message_index: null,
    });
  });

  test('remove from conversation through Conversations, in its own words', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    await page.goto(userPath);
    const dialog = await openChannel(page, name);
    await expect(dialog.getByText('Participant SID')).toBeVisible();

    await dialog.getByRole('button', { name: 'Remove from conversation', exact: true }).click();
    const confirmation = removalConfirmation(page, user.identity, name);
    await confirmation.getByRole('button', { name: 'Remove', exact: true }).click();

    await expect(bodyRows(page)).toHaveCount(user.channels - 1);
    await expect(rowOf(page, name)).toHaveCount(0);
    await expect
      .poll(async () => (await api.get(twilio.conversationsUserConversation(user, channel))).status)
      .toBe(404);
    expect((await api.get(twilio.chatUserChannel(user, channel))).status).toBe(404);
  });

  test('unread counts above Conversations’ cap show as 1000+', async ({ page, api }) => {
    const busy = USERS.busyBee;
    const firehose = CHANNELS.firehose;
    const name = await channelLabel(api, firehose);
    const viaChat = await api.json<UserChannel>(twilio.chatUserChannel(busy, firehose));
    expect(viaChat.unread_messages_count).toBeGreaterThan(1000);
    expect(
      (await api.json<UserConversation>(twilio.conversationsUserConversation(busy, firehose)))
        .unread_messages_count,
    ).toBe(1000);

    await page.goto(viewPath('conversations', SUPPORT.sid, busy.identity, firehose.sid));
    await expect(drawer(page, name)).toBeVisible();
    await expect(await cellOf(page, rowOf(page, name), 'Unread')).toHaveText('1000+');
  });

  test.describe('in UTC', () => {
    test.use({ timezoneId: 'UTC' });

    test("the drawer says a closed conversation's state and when it went inactive and closed", async ({
      page,
      api,
    }) => {
      const closed = CHANNELS.untitled;
      const name = await channelLabel(api, closed);
      const conversation = await api.json<{
        state: string;
        timers: { date_inactive?: string; date_closed?: string };
      }>(`/api/conversations/v1/Services/${closed.serviceSid}/Conversations/${closed.sid}`);
      expect(conversation.state).toBe('closed');
      // The day and year of each of Twilio's timers, as the drawer must show them (the page runs in UTC).
      const day = (iso: string | undefined) => {
        const date = new Date(iso ?? '');
        return `\\b${date.getUTCDate()}\\b.*${date.getUTCFullYear()}`;
      };

      await page.goto(viewPath('conversations', SUPPORT.sid, user.identity, closed.sid));
      const facts = drawer(page, name).getByLabel('Conversation state');
      await expect(facts.getByRole('definition').first()).toHaveText('Closed');
      await expect(facts).toContainText(
        new RegExp(`Went inactive .*${day(conversation.timers.date_inactive)}`),
      );
      await expect(facts).toContainText(new RegExp(`Closed .*${day(conversation.timers.date_closed)}`));
      await expect(drawer(page, name)).toContainText('Chat (SDK) identity: no SMS or WhatsApp binding');
    });

    test('a read position with a last-read time: both reach Twilio', async ({ page, api, fake }) => {
      const name = await channelLabel(api, channel);
      const [, secondNewest] = await newestMessageIndices(api, channel, 2);
      await page.goto(viewPath('conversations', SUPPORT.sid, user.identity, channel.sid));
      const dialog = drawer(page, name);

      await dialog.getByLabel('Read position (index of the last message read)').fill(String(secondNewest));
      await dialog.getByLabel('Last read time (optional)').fill('2025-02-01T10:30:00');
      await dialog.getByRole('button', { name: 'Set read position', exact: true }).click();

      await expect
        .poll(async () => api.json<UserConversation>(twilio.conversationsUserConversation(user, channel)))
        .toMatchObject({ last_read_message_index: secondNewest, unread_messages_count: 1 });
      const member = await api.json<{ last_consumption_timestamp: string | null }>(
        `/api/chat/v2/Services/${SUPPORT.sid}/Channels/${channel.sid}/Members/${encodeURIComponent(user.identity)}`,
      );
      expect(member.last_consumption_timestamp).toBe('2025-02-01T10:30:00Z');
      const sent = (await fake.log()).filter((entry) => entry.method === 'POST');
      expect(sent.at(-1)?.body).toMatchObject({
        LastReadMessageIndex: String(secondNewest),
        LastReadTimestamp: '2025-02-01T10:30:00Z',
      });
    });
  });
});
