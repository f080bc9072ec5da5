import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Twilio's own rule, from twilio-node 6.2 (BaseTwilio.getHostname), for comparison with Horizon's.
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { ConfigError, loadConfig } from './config.ts';
import { availableApis, describeTwilioHosts, twilioHost } from './twilio-hosts.ts';
import { freshPgliteDir } from './db/testing-pglite.ts';
import { startServer } from './node-server.ts';

function twilioNodeHost(product: 'chat' | 'conversations', edge?: string, region?: string): string {
  const client = twilio(`AC${'0'.repeat(32)}`, 'token', { edge, region, lazyLoading: true });
  return client.getHostname(`${product}.twilio.com`, client.edge, client.region);
}

describe('Twilio regions and edges', () => {
  it.each([
    [undefined, undefined],
    ['dublin', 'ie1'],
    [undefined, 'ie1'],
    ['sydney', undefined],
    ['ashburn', 'us1'],
  ])('builds the host as twilio-node does (edge %s, region %s)', (edge, region) => {
    for (const product of ['chat', 'conversations'] as const) {
      expect(twilioHost(product, edge ?? null, region ?? null)).toBe(twilioNodeHost(product, edge, region));
    }
  });

  it('uses conversations.dublin.ie1.twilio.com for TWILIO_EDGE=dublin TWILIO_REGION=ie1, and offers no Chat', () => {
    const config = loadConfig({ TWILIO_REGION: 'ie1', TWILIO_EDGE: 'dublin' });
    expect(config).toMatchObject({
      conversationsBaseUrl: 'https://conversations.dublin.ie1.twilio.com',
      chatBaseUrl: null,
      region: 'ie1',
      edge: 'dublin',
    });
    expect(availableApis(config)).toEqual(['conversations']);
    expect(describeTwilioHosts(config)).toBe(
      'no Chat (Twilio offers it in US1 only, region ie1) and https://conversations.dublin.ie1.twilio.com',
    );
  });

  it('keeps Chat in US1 and on the global hosts; explicit base URLs win over the region', () => {
    expect(availableApis(loadConfig({}))).toEqual(['chat-v2', 'chat-v1', 'conversations']);
    const us1 = loadConfig({ TWILIO_REGION: 'US1', TWILIO_EDGE: 'ashburn' });
    expect(us1.chatBaseUrl).toBe('https://chat.ashburn.us1.twilio.com');
    const explicit = loadConfig({
      TWILIO_REGION: 'ie1',
      TWILIO_CONVERSATIONS_BASE_URL: 'http://127.0.0.1:4010/conversations',
      TWILIO_CHAT_BASE_URL: 'http://127.0.0.1:4010/chat',
    });
    expect(explicit).toMatchObject({
      conversationsBaseUrl: 'http://127.0.0.1:4010/conversations',
      chatBaseUrl: 'http://127.0.0.1:4010/chat',
    });
  });

  it('says what is wrong with a region or an edge, and that AU1 has no Conversations', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.join('\n');
      }
      throw new Error('expected a ConfigError');
    };
    expect(problems({ TWILIO_REGION: 'dublin' })).toMatch(
      /TWILIO_REGION must be a Twilio region such as us1/,
    );
    expect(problems({ TWILIO_EDGE: 'du blin' })).toMatch(/TWILIO_EDGE must be a Twilio edge location/);
    expect(problems({ TWILIO_REGION: 'au1' })).toMatch(/neither Conversations nor Chat in AU1/);
  });
});

describe('a server in a region without Chat', () => {
  it('tells the console Conversations is all there is, and forwards no Chat path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'horizon-region-'));
    const config = loadConfig({
      PORT: '0',
      AUDIT_LOG_FILE: join(dir, 'audit.jsonl'),
      DATABASE_DIR: await freshPgliteDir(dir),
      TWILIO_REGION: 'ie1',
    });
    const running = await startServer(config, { staticDir: null, log: () => undefined });
    try {
      const session = (await (await fetch(`${running.url}/api/session`)).json()) as { apis: string[] };
      expect(session.apis).toEqual(['conversations']);
      const S = SEED.services.support.sid;
      const chat = await fetch(`${running.url}/api/chat/v2/Services/${S}/Users/alice%40example.com`);
      expect(chat.status).toBe(403);
      expect(await chat.json()).toMatchObject({
        code: 20403,
        message: expect.stringMatching(/Chat is US1 only/),
      });
      const conversations = await fetch(
        `${running.url}/api/conversations/v1/Services/${S}/Users/alice%40example.com`,
      );
      expect(conversations.status).toBe(200);
    } finally {
      await running.stop(500);
    }
  });
});
