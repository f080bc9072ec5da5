import { bodyRows, channelsTable, lookUp, selectByText, viewPath } from './console.ts';
import { listRequests, SALES, SUPPORT, USERS } from './data.ts';
import { expect, params, test } from './fixtures.ts';

const COLUMNS = ['Channel', 'Status', 'Unread', 'Read position', 'Notifications'];

test.describe('finding a user', () => {
  test('looks up the 120-channel user through the real server and shows their channels', async ({
    page,
    fake,
  }) => {
    const user = USERS.busyBee;
    await page.goto('/');
    await lookUp(page, { service: SUPPORT.friendlyName, user: user.identity });

    await expect(page).toHaveURL(viewPath('chatV2', SUPPORT.sid, user.identity));
    const table = channelsTable(page);
    await expect(table).toBeVisible();
    for (const name of COLUMNS) await expect(table.getByRole('columnheader', { name })).toBeVisible();

    // The server forwarded the console's request to the (fake) Twilio, with credentials, and the rows shown are one
    // page of what Twilio answered.
    await expect.poll(async () => listRequests(await fake.log(), user).length).toBeGreaterThan(0);
    const [first] = listRequests(await fake.log(), user);
    expect(first?.status).toBe(200);
    expect(first?.user).toMatch(/^AC[0-9a-f]{32}$/);
    expect(params(first?.query).get('PageToken')).toBeNull();
    const pageSize = Number(params(first?.query).get('PageSize') ?? 50);
    await expect(bodyRows(page)).toHaveCount(Math.min(pageSize, user.channels));

    // The summary names the user.
    await expect(page.getByText(user.friendlyName).first()).toBeVisible();
    await expect(page.getByText(user.sid).first()).toBeVisible();
  });

  test('in a tall window, the first frame with rows fills the window; the rest of the page follows', async ({
    page,
  }) => {
    // Taller than the first stage (FIRST_STAGE_ROWS) reaches: the table measures and renders more before it paints.
    await page.setViewportSize({ width: 1366, height: 1700 });
    await page.addInitScript(() => {
      const firstFrame: { rows: number; lastBottom: number; windowHeight: number }[] = [];
      Object.assign(window, { __firstFrame: firstFrame });
      new MutationObserver(() => {
        if (firstFrame.length > 0 || !document.querySelector('#main tbody tr a[href]')) return;
        // What this frame paints: the DOM as it is when the frame starts (React's work for it is done by then).
        requestAnimationFrame(() => {
          const rows = [...document.querySelectorAll('#main tbody tr')];
          const last = rows.at(-1)?.getBoundingClientRect();
          firstFrame.push({ rows: rows.length, lastBottom: last?.bottom ?? 0, windowHeight: innerHeight });
        });
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto('/');
    await lookUp(page, { service: SUPPORT.friendlyName, user: USERS.busyBee.identity });
    await expect(bodyRows(page)).toHaveCount(50);

    const [frame] = await page.evaluate(
      () =>
        (window as unknown as { __firstFrame: { rows: number; lastBottom: number; windowHeight: number }[] })
          .__firstFrame,
    );
    expect(frame?.windowHeight).toBe(1700);
    // Rows down to the bottom of the window, and not the whole page: the rest came in a later frame.
    expect(frame?.lastBottom).toBeGreaterThanOrEqual(1700);
    expect(frame?.rows).toBeLessThan(50);
  });

  test('while a slow Twilio answers, the loading view holds the table where the rows come, and the parts that follow keep their places: nothing moves down', async ({
    page,
    fake,
  }) => {
    // Slower than Look up's hold, so the loading view shows first. The table's header stays where it was: from the
    // loading view to the rows, and on to the parts that come a frame (or a round trip) after them: the export
    // buttons, "Recent changes", the diagnosis line. At a laptop's width in Chat's and in Conversations' words, and
    // on a phone.
    const cases = [
      { api: 'chatV2', width: 1366, height: 768 },
      { api: 'conversations', width: 1366, height: 768 },
      { api: 'chatV2', width: 390, height: 844 },
    ] as const;
    for (const { api, width, height } of cases) {
      const where = `${api} at ${width}×${height}`;
      await page.setViewportSize({ width, height });
      await page.goto('/');
      await fake.setKnobs({ latencyMs: 1500 });
      await lookUp(page, { api, service: SUPPORT.friendlyName, user: USERS.busyBee.identity });
      await expect(channelsTable(page), where).toHaveAccessibleName(/\(loading\)$/);
      const summary = page.getByRole('region', { name: 'User' });
      const header = async () => (await channelsTable(page).locator('thead').boundingBox())?.y;
      const loading = await header();
      await fake.setKnobs({ latencyMs: 0 });
      await expect(bodyRows(page).first()).toBeVisible();
      await expect(summary).not.toHaveAttribute('aria-busy');
      const loaded = await header();
      await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
      await expect(page.getByRole('heading', { name: /^Recent changes/ })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Diagnosis', exact: true })).toContainText(
        'Nothing found to fix',
      );
      const withParts = await header();
      expect(loading, where).toBeGreaterThan(0);
      expect(Math.abs((loaded ?? 0) - (loading ?? 0)), `${where}: loading → rows`).toBeLessThanOrEqual(1);
      expect(Math.abs((withParts ?? 0) - (loading ?? 0)), `${where}: → the view's parts`).toBeLessThanOrEqual(
        1,
      );
    }
  });

  test('a user’s view draws its text in faces the home page has drawn already, in Chat and in Conversations', async ({
    page,
  }) => {
    // A font face (family, size, weight, style) is set up by the browser the first time a page draws it: on Linux a
    // round trip to the browser process each, inside the first lookup's layout (BENCHMARKS.md, "Ninth round").
    // With one type scale (styles.css), the home page has set up every face the view's first frame needs.
    const faces = () =>
      page.evaluate(() => {
        const found = new Map<string, string>();
        const note = (element: Element, text: string) => {
          const style = getComputedStyle(element);
          if (style.visibility === 'hidden' || style.display === 'none') return;
          const family = style.fontFamily.split(',')[0]?.trim() ?? '';
          const face = `${family} ${style.fontSize} ${style.fontWeight} ${style.fontStyle}`;
          if (!found.has(face)) found.set(face, `${element.tagName.toLowerCase()} “${text.slice(0, 30)}”`);
        };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent?.trim() ?? '';
          if (text && node.parentElement) note(node.parentElement, text);
        }
        // Controls lay out with their own font even without text (a checkbox's baseline).
        for (const control of document.querySelectorAll('input, select, button, textarea'))
          note(control, '(control)');
        return [...found];
      });
    for (const api of ['chatV2', 'conversations'] as const) {
      await page.goto('/');
      const home = new Map(await faces());
      await lookUp(page, { api, service: SUPPORT.friendlyName, user: USERS.busyBee.identity });
      await expect(bodyRows(page).first()).toBeVisible();
      const drawnFirst = (await faces()).filter(([face]) => !home.has(face));
      expect(drawnFirst, `${api}: faces the home page had not drawn`).toEqual([]);
    }
  });

  test('Enter in the User field submits the lookup', async ({ page }) => {
    const user = USERS.alice;
    await page.goto('/');
    await selectByText(page.getByRole('combobox', { name: 'Service', exact: true }), SUPPORT.friendlyName);
    await page.getByRole('textbox', { name: 'User', exact: true }).fill(user.identity);
    await page.getByRole('textbox', { name: 'User', exact: true }).press('Enter');

    await expect(page).toHaveURL(viewPath('chatV2', SUPPORT.sid, user.identity));
    await expect(bodyRows(page)).toHaveCount(user.channels);
    // The focus stays in the field: the next identity can be typed at once.
    await expect(page.getByRole('textbox', { name: 'User', exact: true })).toBeFocused();
  });

  test('an identity with a space, /, #, ?, %, + and a non-ASCII letter round-trips', async ({
    page,
    fake,
  }) => {
    const user = USERS.zoe;
    await page.goto('/');
    await lookUp(page, { service: SUPPORT.friendlyName, user: user.identity });

    // Encoded once in the console's URL…
    await expect(page).toHaveURL(viewPath('chatV2', SUPPORT.sid, user.identity));
    await expect(bodyRows(page)).toHaveCount(user.channels);
    // …and on the way to Twilio: the user segment decodes exactly once to the identity as typed.
    const [request] = listRequests(await fake.log(), user);
    expect(request?.status).toBe(200);
    expect(request?.path).toContain(`/Users/${encodeURIComponent(user.identity)}/Channels`);

    // The link reopens the same view.
    await page.reload();
    await expect(bodyRows(page)).toHaveCount(user.channels);
    await expect(page.getByRole('textbox', { name: 'User', exact: true })).toHaveValue(user.identity);
  });

  test('an unknown user gets a message, not a crash or an empty table', async ({ page }) => {
    await page.goto('/');
    await lookUp(page, { service: SUPPORT.friendlyName, user: 'ghost@example.com' });

    await expect(page.getByText(`No user “ghost@example.com” in ${SUPPORT.friendlyName}`)).toBeVisible();
    await expect(channelsTable(page)).toHaveCount(0);
  });

  test('the identity is used exactly as typed (case-sensitive)', async ({ page, fake }) => {
    const typed = USERS.alice.identity.toUpperCase();
    await page.goto('/');
    await lookUp(page, { service: SUPPORT.friendlyName, user: typed });

    await expect(page.getByText(`No user “${typed}” in ${SUPPORT.friendlyName}`)).toBeVisible();
    const asked = (await fake.log()).filter((entry) => entry.path.includes('/Users/'));
    expect(asked.length).toBeGreaterThan(0);
    for (const entry of asked) expect(entry.path).toContain(`/Users/${encodeURIComponent(typed)}`);
  });

  test('a user with no channels gets an empty state', async ({ page }) => {
    await page.goto(viewPath('chatV2', SUPPORT.sid, USERS.nobody.identity));

    await expect(page.getByText(USERS.nobody.friendlyName).first()).toBeVisible();
    await expect(page.getByText(/no channels/i).first()).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(0);
  });

  test('the second service: a user there, and the choice is remembered on the next visit', async ({
    page,
  }) => {
    const user = USERS.carol;
    await page.goto('/');
    await lookUp(page, { service: SALES.friendlyName, user: user.identity });
    await expect(page).toHaveURL(viewPath('chatV2', SALES.sid, user.identity));
    await expect(bodyRows(page)).toHaveCount(user.channels);

    await page.goto('/');
    const service = page.getByRole('combobox', { name: 'Service', exact: true });
    await expect(service.locator('option:checked')).toContainText(SALES.friendlyName);
  });
});
