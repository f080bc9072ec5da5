import { expect, type Locator, type Page } from '@playwright/test';

/** The three APIs as the console's "API" choice names them and as its URLs spell them (issue 3). */
export const APIS = {
  chatV2: { label: 'Chat v2', slug: 'chat-v2' },
  chatV1: { label: 'Chat v1', slug: 'chat-v1' },
  conversations: { label: 'Conversations', slug: 'conversations' },
} as const;
export type ApiName = keyof typeof APIS;

/** The console's linkable URL for a view: /chat-v2/services/IS…/users/<identity>[/channels/CH…]. */
export function viewPath(api: ApiName, service: string, user: string, channel?: string): string {
  const base = `/${APIS[api].slug}/services/${service}/users/${encodeURIComponent(user)}`;
  return channel ? `${base}/channels/${channel}` : base;
}

/** Looks a user up as an agent does: pick the API and the service, type the identity, press Look up. */
export async function lookUp(
  page: Page,
  { api = 'chatV2', service, user }: { api?: ApiName; service: string; user: string },
): Promise<void> {
  const apiChoice = page.getByRole('combobox', { name: 'API', exact: true });
  await selectByText(apiChoice, APIS[api].label);
  await selectByText(page.getByRole('combobox', { name: 'Service', exact: true }), service);
  await page.getByRole('textbox', { name: 'User', exact: true }).fill(user);
  await page.getByRole('button', { name: 'Look up', exact: true }).click();
}

/** Selects the option of a native <select> whose text contains `text` (option texts may add the SID). */
export async function selectByText(select: Locator, text: string): Promise<void> {
  await expect(select.locator('option', { hasText: text }).first()).toBeAttached();
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value ?? { label: text });
}

// While the modal drawer is open the page behind it is inert, so it drops out of the accessibility tree; the agent
// still sees the table beside the drawer, so the table's locators include "hidden" (inert) elements. Visibility
// assertions (toBeVisible) still check what is really on screen.
const behindModal = { includeHidden: true } as const;

/** The console's channels table ("Channels of …", "Conversations of …" in Conversations' words). */
export function channelsTable(page: Page): Locator {
  return page.locator('#main').getByRole('table', { name: /^(Channels|Conversations) of/, ...behindModal });
}

/** The body rows of the channels table (rows that hold a cell, not the header row). */
export function bodyRows(page: Page): Locator {
  return channelsTable(page)
    .getByRole('row', behindModal)
    .filter({ has: page.getByRole('cell', behindModal) });
}

/** The row of one channel, found by the control named after the channel that opens the drawer. */
export function rowOf(page: Page, channelName: string): Locator {
  return bodyRows(page).filter({ has: controlNamed(page, channelName) });
}

/** The link or button in a row, named after the channel, that opens the drawer. */
export function openControl(page: Page, channelName: string): Locator {
  return channelsTable(page).locator(controlNamed(page, channelName));
}

function controlNamed(page: Page, channelName: string): Locator {
  const name = { name: channelName, exact: true, ...behindModal };
  return page.getByRole('link', name).or(page.getByRole('button', name));
}

/** The drawer: a dialog named after the channel. */
export function drawer(page: Page, channelName: string): Locator {
  return page.getByRole('dialog', { name: channelName, exact: true });
}

/** The confirmation that must name both the user and the channel before a membership is removed. */
export function removalConfirmation(page: Page, identity: string, channelName: string): Locator {
  return page
    .getByRole('alertdialog')
    .filter({ hasText: identity })
    .filter({ hasText: `from ${channelName}` });
}

/** The cell of `row` under the column header `header` (the channel column may be a row header). */
export async function cellOf(page: Page, row: Locator, header: string): Promise<Locator> {
  // The row exists only once the real table replaced the loading skeleton; read the headers after that, and poll
  // so a header row that is still being swapped in can't be caught half-way.
  await expect(row).toBeAttached();
  const columnIndex = async () => {
    const headers = await channelsTable(page).getByRole('columnheader', behindModal).allTextContents();
    return headers.findIndex((text) => text.trim().toLowerCase().startsWith(header.toLowerCase()));
  };
  await expect
    .poll(columnIndex, { message: `column "${header}" in the channels table` })
    .toBeGreaterThanOrEqual(0);
  const index = await columnIndex();
  return row.locator(':scope > th, :scope > td').nth(index);
}

/** Opens a channel's drawer from its row, as an agent does, and returns the dialog. */
export async function openChannel(page: Page, channelName: string): Promise<Locator> {
  await openControl(page, channelName).click();
  const dialog = drawer(page, channelName);
  await expect(dialog).toBeVisible();
  return dialog;
}

/** A button that an agent could press: absent or disabled both count as "can't". */
export function enabledButton(scope: Locator, name: string): Locator {
  return scope.getByRole('button', { name, exact: true }).and(scope.page().locator(':enabled'));
}
