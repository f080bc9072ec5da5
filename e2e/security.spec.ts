import { viewPath } from './console.ts';
import { CHANNELS, SUPPORT, twilio, USERS, type UserChannel } from './data.ts';
import { expect, test } from './fixtures.ts';

// Issue 4, as far as a browser can see it.
const user = USERS.alice;
const channel = CHANNELS.general;

test.describe('the server, seen from the browser', () => {
  test('GET /api/session in demo mode: demo, an editor', async ({ page }) => {
    await page.goto('/');
    const session = await page.evaluate(async () => {
      const response = await fetch('/api/session');
      return { status: response.status, body: await response.json() };
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ mode: 'demo', agent: { role: 'editor' } });
  });

  test('the console’s header says it is a demo', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('banner')).toContainText(/demo/i);
  });

  test('a change without the console’s header is refused with 403 and never reaches Twilio', async ({
    page,
    api,
    fake,
  }) => {
    const path = twilio.chatUserChannel(user, channel);
    await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    await fake.clearLog();

    // What a cross-site form or script could send: a simple form POST, no X-Horizon-Client header.
    const refused = await page.evaluate(async (url) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'NotificationLevel=muted',
      });
      return { status: response.status, body: await response.json() };
    }, path);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      status: 403,
      code: expect.any(Number),
      message: expect.any(String),
    });
    expect((await fake.log()).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect((await api.json<UserChannel>(path)).notification_level).toBe('default');

    // The refusal is in the audit trail.
    const audit = await api.json<{ entries: { method: string; outcome: string; status: number | null }[] }>(
      `/api/audit?user=${encodeURIComponent(user.identity)}`,
    );
    expect(audit.entries[0]).toMatchObject({ method: 'POST', outcome: 'refused', status: 403 });

    // The same request from the console (with its header) goes through: the header is what made the difference.
    const allowed = await page.evaluate(async (url) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Horizon-Client': 'console' },
        body: 'NotificationLevel=muted',
      });
      return response.status;
    }, path);
    expect(allowed).toBe(200);
    expect((await api.json<UserChannel>(path)).notification_level).toBe('muted');
  });

  test('responses carry the CSP and the other security headers, and the console runs under them', async ({
    page,
  }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    // A deep link: answered by the SPA fallback, with the same headers as everything else.
    const response = await page.goto(viewPath('chatV2', SUPPORT.sid, user.identity));
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    const csp = headers['content-security-policy'] ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .filter((words) => words[0])
        .map(([name, ...values]) => [name as string, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    const scripts = directives.get('script-src') ?? directives.get('default-src') ?? [];
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBeTruthy();
    expect(headers['strict-transport-security']).toBeUndefined(); // plain HTTP on loopback: no HSTS

    await expect(page.getByRole('table', { name: /^Channels/ })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('the API answers with the same headers', async ({ request }) => {
    const response = await request.get('/api/session');
    expect(response.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('a form posted from another site is refused and never reaches Twilio', async ({
    page,
    api,
    fake,
    baseURL,
  }) => {
    const target = new URL(twilio.chatUserChannel(user, channel), baseURL).href;
    // The attacker's page, served by the test itself at another origin: a plain form, no custom headers possible.
    await page.route('http://attacker.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><form method="post" action="${target}">
          <input name="NotificationLevel" value="muted"><button>Win a prize</button></form>`,
      }),
    );
    await page.goto('http://attacker.test/');
    await fake.clearLog();

    const answered = page.waitForResponse((response) => response.url() === target);
    await page.getByRole('button', { name: 'Win a prize' }).click();
    expect((await answered).status()).toBe(403);

    expect((await fake.log()).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect((await api.json<UserChannel>(twilio.chatUserChannel(user, channel))).notification_level).toBe(
      'default',
    );
  });
});
