import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { bodyRows, channelsTable, drawer, viewPath } from './console.ts';
import { CHANNELS, channelLabel, SUPPORT, USERS } from './data.ts';
import { expect, test } from './fixtures.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  // Rule id, impact and the offending nodes: enough to fix it from the test report alone.
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) }));
}

test.describe('accessibility (axe, WCAG 2.0/2.1 A and AA)', () => {
  test('the channels table', async ({ page }) => {
    await page.goto(viewPath('chatV2', SUPPORT.sid, USERS.busyBee.identity));
    await expect(bodyRows(page)).toHaveCount(50);
    expect(await violations(page)).toEqual([]);
  });

  test('the loading view (a slow Twilio): the summary and the table wait with placeholders', async ({
    page,
    fake,
  }) => {
    await fake.setKnobs({ latencyMs: 3000 });
    await page.goto(viewPath('chatV2', SUPPORT.sid, USERS.busyBee.identity));
    await expect(channelsTable(page)).toHaveAccessibleName(/\(loading\)$/);
    await expect(page.getByRole('region', { name: 'User' })).toHaveAttribute('aria-busy', 'true');
    expect(await violations(page)).toEqual([]);
  });

  test('the open drawer', async ({ page, api }) => {
    const name = await channelLabel(api, CHANNELS.general);
    await page.goto(viewPath('chatV2', SUPPORT.sid, USERS.alice.identity, CHANNELS.general.sid));
    await expect(drawer(page, name)).toBeVisible();
    await expect(drawer(page, name).getByRole('radio', { name: 'Default' })).toBeChecked();
    expect(await violations(page)).toEqual([]);
  });

  test('an error state: Twilio’s code, message and link, and Retry that works', async ({ page, fake }) => {
    const user = USERS.alice;
    await fake.addFault({
      method: 'GET',
      pathIncludes: `/Users/${encodeURIComponent(user.identity)}/Channels`,
      status: 500,
      code: 20500,
      message: 'Injected: list unavailable',
    });
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));

    const alert = page.getByRole('alert').filter({ hasText: 'Injected: list unavailable' });
    await expect(alert).toBeVisible({ timeout: 15_000 });
    await expect(alert).toContainText('20500');
    await expect(page.getByRole('link', { name: /20500|more info|twilio/i }).first()).toHaveAttribute(
      'href',
      'https://www.twilio.com/docs/errors/20500',
    );
    expect(await violations(page)).toEqual([]);

    await fake.clearFaults();
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(channelsTable(page)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(user.channels);
  });

  test('an unknown user', async ({ page }) => {
    await page.goto(viewPath('chatV2', SUPPORT.sid, 'ghost@example.com'));
    await expect(page.getByText(`No user “ghost@example.com” in ${SUPPORT.friendlyName}`)).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });
});
