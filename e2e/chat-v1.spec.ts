import { bodyRows, drawer, enabledButton, lookUp, openChannel, viewPath } from './console.ts';
import { CHANNELS, channelLabel, listRequests, SUPPORT, USERS } from './data.ts';
import { expect, test } from './fixtures.ts';

const user = USERS.alice;
const channel = CHANNELS.general;

test.describe('Chat v1 is read-only', () => {
  test('looks the user up through the v1 list', async ({ page, fake }) => {
    await page.goto('/');
    await lookUp(page, { api: 'chatV1', service: SUPPORT.friendlyName, user: user.identity });

    await expect(page).toHaveURL(viewPath('chatV1', SUPPORT.sid, user.identity));
    await expect(bodyRows(page)).toHaveCount(user.channels);
    const v1 = (await fake.log()).filter(
      (entry) => entry.method === 'GET' && /^\/(chat|ip-messaging)\/v1\//.test(entry.path),
    );
    expect(v1.length).toBeGreaterThan(0);
    expect(listRequests(await fake.log(), user, '/chat/v2/')).toEqual([]);
  });

  test('the drawer shows the record, says why nothing can be edited, and offers no edits', async ({
    page,
    api,
    fake,
  }) => {
    const name = await channelLabel(api, channel);
    await page.goto(viewPath('chatV1', SUPPORT.sid, user.identity));
    const dialog = await openChannel(page, name);
    await expect(page).toHaveURL(viewPath('chatV1', SUPPORT.sid, user.identity, channel.sid));

    await expect(dialog).toContainText(/read-only|can(’|')t be edited|cannot be edited/i);
    await expect(dialog.getByRole('radio').and(page.locator(':enabled'))).toHaveCount(0);
    for (const action of [
      'Set read position',
      'Mark all read',
      'Clear read position…',
      'Remove from channel',
    ]) {
      await expect(enabledButton(dialog, action), action).toHaveCount(0);
    }
    await expect(enabledButton(dialog, 'Close')).toHaveCount(1);
    expect((await fake.log()).filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  test('a v1 deep link opens the read-only drawer', async ({ page, api }) => {
    const name = await channelLabel(api, channel);
    await page.goto(viewPath('chatV1', SUPPORT.sid, user.identity, channel.sid));
    await expect(drawer(page, name)).toBeVisible();
    await expect(drawer(page, name)).toContainText(/read-only|can(’|')t be edited|cannot be edited/i);
  });
});
