import { describe, expect, it } from 'vitest';
import { parseConsolePath, paths } from './paths.ts';

describe('console paths', () => {
  const awkward = ['zoë smith/ops#1?50%+', 'a%40b', '%', 'US0123', 'alice@example.com'];

  it.each(awkward)('round-trips the identity %j through a link and back', (identity) => {
    const link = paths.channel('conversations', 'IS1', identity, 'CH9');
    // One path segment per value: nothing in the identity can add a / ? or # to the URL.
    expect(new URL(link, 'https://horizon.test').pathname).toBe(link);
    expect(parseConsolePath(link)).toEqual({
      api: 'conversations',
      service: 'IS1',
      user: identity,
      channel: 'CH9',
    });
  });

  it('reads the API alone, the service, the user and the channel', () => {
    expect(parseConsolePath('/')).toEqual({ api: 'chat-v2', service: null, user: null, channel: null });
    expect(parseConsolePath('/chat-v1')).toEqual({
      api: 'chat-v1',
      service: null,
      user: null,
      channel: null,
    });
    expect(parseConsolePath('/chat-v2/services/IS1/users/alice%40example.com/')).toEqual({
      api: 'chat-v2',
      service: 'IS1',
      user: 'alice@example.com',
      channel: null,
    });
  });

  it('refuses paths that are not the console’s, rather than guessing', () => {
    expect(parseConsolePath('/chat-v3/services/IS1')).toBeNull();
    expect(parseConsolePath('/chat-v2/users/alice')).toBeNull();
    expect(parseConsolePath('/chat-v2/services/IS1/users/')).toBeNull();
    expect(parseConsolePath('/chat-v2/services/IS1/users/a/channels/CH1/extra/x')).toBeNull();
    // A malformed escape can't be decoded into an identity.
    expect(parseConsolePath('/chat-v2/services/IS1/users/%E0%A4%A')).toBeNull();
  });

  it('round-trips a participant address: a + stays a +, never a space', () => {
    for (const address of ['+15551234567', 'whatsapp:+447700900123', 'messenger:1234567890']) {
      const link = paths.participant('IS1', address);
      expect(link).not.toContain('+');
      expect(parseConsolePath(link)).toEqual({
        api: 'conversations',
        service: 'IS1',
        user: null,
        channel: null,
        participant: address,
      });
    }
    expect(parseConsolePath('/chat-v2/services/IS1/participants/%2B1555')).toBeNull();
    expect(parseConsolePath('/conversations/services/IS1/participants/')).toBeNull();
  });
});
