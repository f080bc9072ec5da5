import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { createFakeTwilio } from '../../mocks/fake-twilio.ts';
import { DEMO_AUTHORIZATION } from '../../mocks/test-support.ts';

/**
 * The fake Twilio behind msw/node, reached the way the console reaches Horizon's server: `/api/<twilio path>`.
 * Like the server, this layer adds the credentials the browser never has.
 */
export const fake = createFakeTwilio();

export type SessionRole = 'viewer' | 'editor';
export const sessionState = {
  role: 'editor' as SessionRole,
  mode: 'demo' as 'demo' | 'live',
  upstreamConcurrency: 10,
};

export const handlers = [
  http.get('*/api/session', () =>
    HttpResponse.json({
      mode: sessionState.mode,
      auth: 'none',
      agent: { name: 'Test Agent', role: sessionState.role },
      upstreamConcurrency: sessionState.upstreamConcurrency,
    }),
  ),
  // Horizon's history (server/history-routes.ts): empty here; tests that read it answer with server.use(...).
  http.get('*/api/history', () => HttpResponse.json({ entries: [], nextCursor: null })),
  http.all(/\/api\/(chat|ip-messaging|conversations)\//, async ({ request }) => {
    const headers = new Headers(request.headers);
    headers.set('Authorization', DEMO_AUTHORIZATION);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
    const answer = await fake.fetch(new Request(request.url, { method: request.method, headers, body }));
    // Re-wrap for msw: a body-less Response built in the happy-dom realm trips msw's interceptor.
    const text = answer.status === 204 ? null : await answer.text();
    const responseHeaders: Record<string, string> = {};
    answer.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    return new HttpResponse(text, { status: answer.status, headers: responseHeaders });
  }),
];

export const server = setupServer(...handlers);

/** The fake's request log, as `METHOD raw-path?query` lines, for asserting what the console asked for. */
export function requestLines(): string[] {
  return fake.log.map((entry) => {
    const query = new URLSearchParams(entry.query).toString();
    return `${entry.method} ${entry.path}${query ? `?${query}` : ''}`;
  });
}
