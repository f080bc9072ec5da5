// Helpers for tests that talk to the fake in-process (mocks/*.test.ts; usable from server tests too).
import type { FakeTwilio } from './fake-twilio.ts';
import { SEED } from './seed.ts';

export const basicAuth = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** Credentials the fake accepts when it was created without `auth`. */
export const DEMO_AUTHORIZATION = basicAuth(SEED.accountSid, 'demo-token');

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Sent form-urlencoded, as Twilio expects. */
  form?: Record<string, string>;
  authorization?: string | null;
}

/** Answers `path` (e.g. `/chat/v2/Services/IS…`) through fake.fetch; returns status, headers and parsed JSON. */
export async function call(fake: FakeTwilio, path: string, options: CallOptions = {}) {
  const headers = new Headers();
  const authorization = options.authorization === undefined ? DEMO_AUTHORIZATION : options.authorization;
  if (authorization !== null) headers.set('Authorization', authorization);
  let body: string | undefined;
  if (options.form) {
    headers.set('Content-Type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fake.fetch(
    new Request(`http://fake.test${path}`, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
    }),
  );
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Twilio JSON and assert on it field by field.
  const json: any = text === '' ? null : JSON.parse(text);
  return { status: response.status, headers: response.headers, json };
}

/** The PageToken inside a Twilio page URL. */
export const pageTokenOf = (pageUrl: string) => new URL(pageUrl).searchParams.get('PageToken');

/** The Horizon-space path (`/chat/v2/…`) for an absolute production page URL. */
export function localPathOf(productionUrl: string): string {
  const url = new URL(productionUrl);
  const prefix = {
    'chat.twilio.com': '/chat',
    'ip-messaging.twilio.com': '/ip-messaging',
    'conversations.twilio.com': '/conversations',
  }[url.host];
  if (!prefix) throw new Error(`not a Twilio production URL: ${productionUrl}`);
  return `${prefix}${url.pathname}${url.search}`;
}
