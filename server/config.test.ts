import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const SID = `AC${'0f'.repeat(16)}`;
const KEY = `SK${'3c'.repeat(16)}`;

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in demo mode with no credentials: loopback, the "demo" editor, default limits', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'demo',
      host: '127.0.0.1',
      port: 3000,
      credentials: null,
      auth: { kind: 'none', agent: { name: 'demo', role: 'editor' } },
      upstreamTimeoutMs: 10_000,
      upstreamConcurrency: 10,
      auditLogFile: 'data/audit.jsonl',
      chatBaseUrl: 'https://chat.twilio.com',
      conversationsBaseUrl: 'https://conversations.twilio.com',
    });
  });

  it('goes live with an auth token, or an API key (preferred when both are set)', () => {
    const token = loadConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 't0k', CONSOLE_AUTH: 'basic' });
    expect(token.mode).toBe('live');
    expect(token.credentials).toEqual({
      accountSid: SID,
      username: SID,
      password: 't0k',
      kind: 'auth-token',
    });
    const key = loadConfig({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 't0k',
      TWILIO_API_KEY: KEY,
      TWILIO_API_SECRET: 's3cret',
      CONSOLE_AUTH: 'basic',
    });
    expect(key.credentials).toEqual({ accountSid: SID, username: KEY, password: 's3cret', kind: 'api-key' });
  });

  it('keeps a path on a base URL and drops a trailing slash', () => {
    const config = loadConfig({ TWILIO_CHAT_BASE_URL: 'http://127.0.0.1:4010/chat/' });
    expect(config.chatBaseUrl).toBe('http://127.0.0.1:4010/chat');
  });

  it('refuses live mode without agent sign-in, and CONSOLE_AUTH=none off loopback', () => {
    const live = { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 't0k' };
    expect(problemsOf(live).join()).toMatch(/live mode needs agent sign-in: set CONSOLE_AUTH=basic/);
    expect(problemsOf({ ...live, CONSOLE_AUTH: 'none', HOST: '0.0.0.0' }).join()).toMatch(
      /CONSOLE_AUTH=none in live mode needs HOST on loopback/,
    );
    expect(loadConfig({ ...live, CONSOLE_AUTH: 'none', HOST: '::1' }).auth).toMatchObject({ kind: 'none' });
  });

  it('says what to fix for half-set or malformed credentials', () => {
    expect(problemsOf({ TWILIO_AUTH_TOKEN: 't0k' }).join()).toMatch(/TWILIO_ACCOUNT_SID is missing/);
    expect(problemsOf({ TWILIO_ACCOUNT_SID: SID, CONSOLE_AUTH: 'basic' }).join()).toMatch(
      /set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY \+ TWILIO_API_SECRET/,
    );
    expect(
      problemsOf({ TWILIO_ACCOUNT_SID: SID, TWILIO_API_KEY: KEY, CONSOLE_AUTH: 'basic' }).join(),
    ).toMatch(/TWILIO_API_KEY and TWILIO_API_SECRET must be set together/);
    expect(
      problemsOf({ TWILIO_ACCOUNT_SID: 'ACnope', TWILIO_AUTH_TOKEN: 't', CONSOLE_AUTH: 'basic' }).join(),
    ).toMatch(/TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits/);
  });

  it('needs trusted proxy addresses for header sign-in', () => {
    expect(problemsOf({ CONSOLE_AUTH: 'header' }).join()).toMatch(/CONSOLE_TRUSTED_PROXIES/);
    expect(problemsOf({ CONSOLE_AUTH: 'header', CONSOLE_TRUSTED_PROXIES: 'proxy.local' }).join()).toMatch(
      /"proxy.local" is not an IP address/,
    );
    const config = loadConfig({
      CONSOLE_AUTH: 'header',
      CONSOLE_TRUSTED_PROXIES: '10.0.0.5, ::1',
      CONSOLE_AUTH_HEADER: 'X-Auth-Request-User',
    });
    expect(config.auth).toEqual({
      kind: 'header',
      usersFile: 'data/agents.json',
      header: 'x-auth-request-user',
      trustedProxies: ['10.0.0.5', '::1'],
      defaultRole: 'viewer',
    });
  });

  it('names the variable for bad numbers, URLs and enums, all at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      UPSTREAM_TIMEOUT_MS: '5',
      TWILIO_CHAT_BASE_URL: 'ftp://x',
      CONSOLE_AUTH: 'oauth',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT must be a whole number from 0 to 65535',
        'UPSTREAM_TIMEOUT_MS must be a whole number from 100 to 120000',
        expect.stringMatching(/^TWILIO_CHAT_BASE_URL must be an http\(s\) URL/),
        'CONSOLE_AUTH must be one of: none, basic, header',
      ]),
    );
  });

  it('refuses a base URL carrying credentials, without repeating them', () => {
    const problems = problemsOf({
      TWILIO_CONVERSATIONS_BASE_URL: 'https://AC1:hunter2-token@conversations.twilio.com',
    });
    expect(problems).toEqual(['TWILIO_CONVERSATIONS_BASE_URL must not carry a user name or password']);
  });

  it('keeps the fake control endpoints out of live mode', () => {
    expect(
      problemsOf({
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: 't',
        CONSOLE_AUTH: 'basic',
        HORIZON_FAKE_CONTROL: '1',
      }).join(),
    ).toMatch(/HORIZON_FAKE_CONTROL=1 is for demo mode only/);
  });
});
