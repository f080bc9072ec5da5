import type { Page, Request } from '@playwright/test';
import { bodyRows, channelsTable, viewPath } from './console.ts';
import { listRequests, SUPPORT, USERS } from './data.ts';
import { expect, params, test } from './fixtures.ts';

const user = USERS.busyBee;

/** "rows 51–100" (the range shown instead of a total, which Twilio doesn't give). */
function range(page: Page, from: number, to: number) {
  return page.getByText(new RegExp(`rows\\s*${from}\\s*[–-]\\s*${to}\\b`, 'i'));
}

/** The channel SIDs of the rows shown (each row shows its channel's SID; names fill in later). */
async function channelSids(page: Page): Promise<string[]> {
  const texts = await bodyRows(page).allTextContents();
  return texts.map((text) => /CH[0-9a-f]{32}/.exec(text)?.[0] ?? `no SID in: ${text}`);
}

/** Browser-side GETs of the user's channel list from now on (seen the moment the console sends them). */
function watchListRequests(page: Page): Request[] {
  const seen: Request[] = [];
  const listPath = `/Users/${encodeURIComponent(user.identity)}/Channels`;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/') && url.pathname.endsWith(listPath)) seen.push(request);
  });
  return seen;
}

test.describe('paging through 120 channels', () => {
  test('forward to the end and back, where going back costs no request', async ({ page, fake }) => {
    const sent = watchListRequests(page);
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    const next = page.getByRole('button', { name: 'Next page', exact: true });
    const previous = page.getByRole('button', { name: 'Previous page', exact: true });

    await expect(range(page, 1, 50)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(50);
    await expect(previous).toBeDisabled();
    const page1 = await channelSids(page);

    await next.click();
    await expect(range(page, 51, 100)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(50);
    await expect(previous).toBeEnabled();
    const page2 = await channelSids(page);

    await next.click();
    await expect(range(page, 101, 120)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(20);
    await expect(next).toBeDisabled();
    const page3 = await channelSids(page);

    // Three pages, no row twice: Twilio's cursors were followed, not guessed.
    expect(new Set([...page1, ...page2, ...page3]).size).toBe(120);

    // Back: the pages are already loaded, so neither the browser nor Twilio sees another list request.
    // (The watcher does see list requests: the three pages came through it.)
    expect(sent.length).toBeGreaterThanOrEqual(3);
    const sentBefore = sent.length;
    await fake.clearLog();
    await previous.click();
    await expect(range(page, 51, 100)).toBeVisible();
    await expect.poll(() => channelSids(page)).toEqual(page2);
    await previous.click();
    await expect(range(page, 1, 50)).toBeVisible();
    await expect.poll(() => channelSids(page)).toEqual(page1);
    await expect(previous).toBeDisabled();
    expect(sent.slice(sentBefore).map((request) => request.url())).toEqual([]);
    expect(listRequests(await fake.log(), user)).toEqual([]);
  });

  test('the next page is prefetched, so Next shows it without waiting for Twilio', async ({ page, fake }) => {
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await expect(range(page, 1, 50)).toBeVisible();

    // The second page is asked for (with Twilio's PageToken) before the agent clicks Next.
    await expect
      .poll(
        async () =>
          listRequests(await fake.log(), user).filter((e) => params(e.query).has('PageToken')).length,
      )
      .toBe(1);
    const [prefetch] = listRequests(await fake.log(), user).filter((e) => params(e.query).has('PageToken'));
    const secondPageToken = params(prefetch?.query).get('PageToken');

    const sent = watchListRequests(page);
    await page.getByRole('button', { name: 'Next page', exact: true }).click();
    await expect(range(page, 51, 100)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(50);
    // Showing 51–100 took no second request for it (prefetching 101–120 next is fine).
    const again = sent.filter(
      (request) => new URL(request.url()).searchParams.get('PageToken') === secondPageToken,
    );
    expect(again.map((request) => request.url())).toEqual([]);
  });

  test('the table says which rows it shows and the page size can be changed', async ({ page, fake }) => {
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await expect(channelsTable(page)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(50);

    const rowsPerPage = page.getByRole('combobox', { name: 'Rows per page' });
    const sizes = (await rowsPerPage.locator('option').allInnerTexts()).map((text) => Number(text.trim()));
    const smaller = sizes.filter((size) => size < 50).sort((a, b) => b - a)[0];
    expect(smaller, `a page size below the default 50 in ${JSON.stringify(sizes)}`).toBeDefined();
    const size = smaller as number;
    await fake.clearLog();
    await rowsPerPage.selectOption(String(size));

    await expect(range(page, 1, size)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(size);
    const asked = listRequests(await fake.log(), user).map((e) => params(e.query).get('PageSize'));
    expect(asked).toContain(String(size));

    await page.getByRole('button', { name: 'Next page', exact: true }).click();
    await expect(range(page, size + 1, 2 * size)).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(size);
  });

  test('previous rows stay on screen while a page that isn’t loaded yet is on its way', async ({
    page,
    fake,
  }) => {
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await expect(range(page, 1, 50)).toBeVisible();
    // Slow Twilio down before the third page is ever asked for.
    await fake.setKnobs({ latencyMs: 4000 });
    await page.getByRole('button', { name: 'Next page', exact: true }).click();
    await expect(range(page, 51, 100)).toBeVisible();
    const page2 = await channelSids(page);

    await page.getByRole('button', { name: 'Next page', exact: true }).click();
    // While 101–120 loads, the 51–100 rows are still there (dimmed, marked busy), not a blank table.
    await expect(channelsTable(page)).toHaveAttribute('aria-busy', 'true');
    expect(await channelSids(page)).toEqual(page2);
    await expect(range(page, 101, 120)).toBeVisible({ timeout: 15_000 });
    await expect(bodyRows(page)).toHaveCount(20);
    await expect(channelsTable(page)).not.toHaveAttribute('aria-busy', 'true');
  });
});
