import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import type { AuditEntry } from './audit/trail.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  basic,
  EDITOR,
  type LiveSetup,
  rawRequest,
  readTrail,
  startLive,
  VIEWER,
} from './testing.ts';

// Live mode against the standalone fake with its credential check on: what reaches "Twilio", what never does,
// and what the audit trail says about it.

const SERVICE = SEED.services.support.sid;
const ALICE = SEED.users.alice;
const enc = encodeURIComponent;

let live: LiveSetup;
let transcript: string[]; // every response Horizon gave in these tests: headers + body, to search for the secret
let aliceChannel: string;
let upstreamInFlight = 0;
let upstreamPeak = 0;
/** Holds upstream requests of one method back this long before sending them (a slow Twilio for just that call). */
let holdBack: { method: string; ms: number } | null = null;

async function api(path: string, init: RequestInit & { agent?: { name: string; password: string } } = {}) {
  const { agent = EDITOR, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (!headers.has('authorization')) headers.set('Authorization', basic(agent.name, agent.password));
  const response = await fetch(`${live.horizon.url}${path}`, { ...rest, headers });
  const text = await response.text();
  transcript.push(JSON.stringify([...response.headers]), text);
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

function change(path: string, method: 'POST' | 'DELETE', body?: string, extra: Record<string, string> = {}) {
  return api(path, {
    method,
    body,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
      Origin: live.horizon.url,
      'X-Horizon-Client': 'console',
      ...extra,
    },
  });
}

/** What reached the fake, as a plain array. */
const forwarded = () => [...live.fake.fake.log];

const userChannelPath = (channel = aliceChannel, user = enc(ALICE.identity)) =>
  `/api/chat/v2/Services/${SERVICE}/Users/${user}/Channels/${channel}`;

const trailEntries = () => readTrail(live.horizon.store.trail);
const latestEntries = async (limit: number) => (await live.horizon.store.trail.query({ limit })).entries;

// Counts requests in flight upstream, and holds back the method `holdBack` names.
const observedFetch: Parameters<typeof startLive>[0] = {
  wrapFetch: (inner) => async (request) => {
    upstreamInFlight++;
    upstreamPeak = Math.max(upstreamPeak, upstreamInFlight);
    try {
      if (holdBack?.method === request.method)
        await new Promise((resolve) => setTimeout(resolve, holdBack?.ms));
      return await inner(request);
    } finally {
      upstreamInFlight--;
    }
  },
};

beforeAll(async () => {
  transcript = [];
  live = await startLive(observedFetch);
  const list = await api(`/api/chat/v2/Services/${SERVICE}/Users/${enc(ALICE.identity)}/Channels?PageSize=5`);
  expect(list.status).toBe(200);
  const first = (list.json() as { channels: { channel_sid: string }[] }).channels[0];
  if (!first) throw new Error('the seed gives alice channels');
  aliceChannel = first.channel_sid;
});

afterAll(async () => {
  await live?.close();
});

beforeEach(() => {
  live.fake.fake.reset();
  holdBack = null;
});

describe('credentials', () => {
  it('sends exactly the configured account SID and token upstream, never the agent credentials', async () => {
    const response = await api('/api/chat/v2/Services');
    expect(response.status).toBe(200);
    expect(forwarded()).toHaveLength(1);
    expect(live.fake.fake.log[0]).toMatchObject({
      method: 'GET',
      path: '/chat/v2/Services',
      user: ACCOUNT_SID,
    });
    expect(response.text).toContain(ACCOUNT_SID);
  });

  it('forwards with an API key and its secret when configured that way', async () => {
    const key = `SK${'2b'.repeat(16)}`;
    const secret = 'api-secret-0f1e2d3c4b5a69788796a5b4';
    const keyed = await startLive({
      fakeAuth: { accountSid: ACCOUNT_SID, username: key, password: secret },
      env: { TWILIO_AUTH_TOKEN: '', TWILIO_API_KEY: key, TWILIO_API_SECRET: secret },
    });
    try {
      const response = await fetch(`${keyed.horizon.url}/api/chat/v2/Services/${SERVICE}`, {
        headers: { Authorization: basic(EDITOR.name, EDITOR.password) },
      });
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(keyed.fake.fake.log.map((entry) => entry.user)).toEqual([key]);
      expect(text).not.toContain(secret);
      expect(keyed.logs.join('\n')).not.toContain(secret);
    } finally {
      await keyed.close();
    }
  });

  it("passes Twilio's 401 through when the configured token is wrong (the fake really checks)", async () => {
    const wrong = await startLive({ env: { TWILIO_AUTH_TOKEN: 'not-the-token' } });
    try {
      const response = await fetch(`${wrong.horizon.url}/api/chat/v2/Services`, {
        headers: { Authorization: basic(EDITOR.name, EDITOR.password) },
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 20003 });
      // Twilio's challenge is not relayed: it would make the browser prompt for Twilio credentials.
      expect(response.headers.get('www-authenticate')).toBeNull();
    } finally {
      await wrong.close();
    }
  });
});

describe('agent sign-in', () => {
  it('challenges with Basic when no or wrong credentials are sent, and forwards nothing', async () => {
    const none = await api('/api/chat/v2/Services', { headers: { Authorization: '' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="Horizon"/);
    const wrong = await api('/api/chat/v2/Services', {
      agent: { name: EDITOR.name, password: 'wrong-password' },
    });
    expect(wrong.status).toBe(401);
    const unknown = await api('/api/chat/v2/Services', {
      agent: { name: 'mallory', password: EDITOR.password },
    });
    expect(unknown.status).toBe(401);
    expect(forwarded()).toHaveLength(0);
  });

  it('costs no database write for changes sent without signing in: counted, logged once per interval, not audited', async () => {
    const entriesBefore = (await trailEntries()).length;
    const countBefore = live.horizon.app.signIn.refusedCount;
    const logsBefore = live.logs.length;
    const long = 'x'.repeat(8000);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        api(userChannelPath(aliceChannel, `${long}${index}`), {
          method: 'DELETE',
          headers: { Authorization: 'Basic', 'X-Horizon-Client': 'console' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 401));
    expect(forwarded()).toEqual([]);
    expect(await trailEntries()).toHaveLength(entriesBefore);
    expect(live.horizon.app.signIn.refusedCount - countBefore).toBe(30);
    const newLines = live.logs.slice(logsBefore);
    expect(newLines.filter((line) => /without a signed-in agent/.test(line)).length).toBeLessThanOrEqual(1);
    expect(newLines.join('\n').length).toBeLessThan(1000);
  });

  it('tells the console who is signed in, with which role, in which mode', async () => {
    expect((await api('/api/session')).json()).toEqual({
      mode: 'live',
      auth: 'basic',
      agent: { name: EDITOR.name, role: 'editor' },
      apis: ['chat-v2', 'chat-v1', 'conversations'],
      upstreamConcurrency: 10,
    });
    expect((await api('/api/session', { agent: VIEWER })).json()).toMatchObject({
      agent: { name: VIEWER.name, role: 'viewer' },
    });
  });

  it('lets a viewer read but not change, and audits the refusal', async () => {
    expect((await api(userChannelPath(), { agent: VIEWER })).status).toBe(200);
    live.fake.fake.log.clear();
    const refused = await api(userChannelPath(), {
      agent: VIEWER,
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: 20403, status: 403 });
    expect(forwarded()).toHaveLength(0);
    const [entry] = await latestEntries(1);
    expect(entry).toMatchObject({ agent: VIEWER.name, role: 'viewer', outcome: 'refused', status: 403 });
    expect(entry?.refusal).toMatch(/viewer/);
  });
});

describe('CSRF rules for changes', () => {
  const cases: [string, Record<string, string | undefined>][] = [
    ['no X-Horizon-Client header', { 'X-Horizon-Client': undefined }],
    ['a wrong X-Horizon-Client value', { 'X-Horizon-Client': 'curl' }],
    ['a cross-site Sec-Fetch-Site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a same-site (not same-origin) Sec-Fetch-Site', { 'Sec-Fetch-Site': 'same-site' }],
    ['a foreign Origin', { Origin: 'https://evil.example' }],
    ['neither Origin nor Sec-Fetch-Site', { Origin: undefined }],
  ];
  it.each(cases)('refuses a change with %s, and forwards nothing', async (_, override) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: live.horizon.url,
      'X-Horizon-Client': 'console',
    };
    for (const [name, value] of Object.entries(override)) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const response = await api(userChannelPath(), {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers,
    });
    expect(response.status).toBe(403);
    expect(forwarded()).toHaveLength(0);
    expect((await latestEntries(1))[0]).toMatchObject({
      outcome: 'refused',
      agent: EDITOR.name,
    });
  });

  it('accepts Sec-Fetch-Site: same-origin without an Origin header', async () => {
    const response = await change(userChannelPath(), 'POST', 'NotificationLevel=muted', {
      Origin: '',
      'Sec-Fetch-Site': 'same-origin',
    });
    // An empty Origin is "present and wrong": the rule is "every origin signal sent must be ours".
    expect(response.status).toBe(403);
    const ok = await api(userChannelPath(), {
      method: 'POST',
      body: 'NotificationLevel=muted',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Sec-Fetch-Site': 'same-origin',
        'X-Horizon-Client': 'console',
      },
    });
    expect(ok.status).toBe(200);
  });
});

describe('the allowlist', () => {
  const S = SERVICE;
  const U = enc(ALICE.identity);
  const channel = () => aliceChannel;
  const forbidden: [string, string, string?][] = [
    // Twilio resources Horizon never touches
    ['GET', '/api/2010-04-01/Accounts'],
    ['POST', '/api/2010-04-01/Accounts/AC00/Messages.json', 'To=%2B15551234567&Body=hi'],
    ['GET', '/api/messaging/v1/Services'],
    ['GET', '/api/chat/v3/Services'],
    ['GET', '/api/conversations/v2/Services'],
    ['GET', '/api/ip-messaging/v2/Services'],
    // Methods the table doesn't list
    ['POST', '/api/chat/v2/Services', 'FriendlyName=x'],
    ['DELETE', `/api/chat/v2/Services/${S}`],
    ['POST', `/api/chat/v2/Services/${S}`, 'FriendlyName=x'],
    ['POST', `/api/chat/v2/Services/${S}/Users`, 'Identity=eve'],
    ['DELETE', `/api/chat/v2/Services/${S}/Users/${U}`],
    ['POST', `/api/chat/v2/Services/${S}/Users/${U}`, 'RoleSid=RL00'],
    ['POST', `/api/chat/v2/Services/${S}/Users/${U}/Channels`, 'ChannelSid=CH00'],
    ['POST', `/api/chat/v2/Services/${S}/Channels`, 'FriendlyName=x'],
    ['DELETE', `/api/chat/v2/Services/${S}/Channels/CH_CHANNEL`],
    ['POST', `/api/chat/v2/Services/${S}/Channels/CH_CHANNEL`, 'FriendlyName=x'],
    ['POST', `/api/chat/v2/Services/${S}/Channels/CH_CHANNEL/Messages`, 'Body=hello'],
    ['DELETE', `/api/chat/v2/Services/${S}/Channels/CH_CHANNEL/Members/${U}`],
    ['POST', `/api/chat/v1/Services/${S}/Users/${U}/Channels`, 'ChannelSid=CH00'],
    ['PUT', `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`, 'NotificationLevel=muted'],
    ['PATCH', `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`, 'NotificationLevel=muted'],
    // Resources that exist at Twilio but not in the table
    ['GET', `/api/chat/v2/Services/${S}/Roles`],
    ['GET', `/api/chat/v2/Services/${S}/Channels/CH_CHANNEL/Members`],
    ['GET', `/api/chat/v2/Services/${S}/Channels/CH_CHANNEL/Messages/IM00`],
    ['GET', `/api/chat/v2/Services/${S}/Bindings`], // only a user's own bindings are forwarded
    ['GET', `/api/conversations/v1/Conversations`],
    ['POST', `/api/conversations/v1/Services/${S}/Users/${U}/Conversations`, 'ConversationSid=CH00'],
    // Bad SIDs where only a SID will do
    ['GET', '/api/chat/v2/Services/ISnot-a-sid/Users'],
    ['GET', `/api/chat/v2/Services/${S.replace('IS', 'AC')}/Users`],
    ['GET', `/api/chat/v2/Services/${S}x/Users`],
    // Query parameters that aren't documented for the route
    ['GET', `/api/chat/v2/Services/${S}/Users/${U}/Channels?PageSize=5&Debug=1`],
    ['GET', `/api/chat/v2/Services/${S}/Users/${U}/Channels?Order=asc`],
    ['GET', `/api/chat/v2/Services/${S}/Users/${U}/Channels?PageSize=5&PageSize=6`],
    ['GET', `/api/chat/v2/Services/${S}/Users/${U}/Channels?PageSize=-1`],
    ['GET', `/api/chat/v2/Services/${S}/Channels/CH_CHANNEL/Messages?Order=sideways`],
    ['GET', `/api/chat/v2/Services/${S}?PageSize=5`],
    // Body parameters that aren't documented for the route
    [
      'POST',
      `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`,
      'NotificationLevel=muted&Attributes=x',
    ],
    ['POST', `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`, 'LastReadMessageIndex=3'],
    ['POST', `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`, 'NotificationLevel=loud'],
    ['POST', `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`, 'LastConsumedMessageIndex=-4'],
    ['POST', `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`, ''],
    [
      'POST',
      `/api/conversations/v1/Services/${S}/Users/${U}/Conversations/CH_CHANNEL`,
      'LastConsumedMessageIndex=3',
    ],
    // The default service's short form is for reading the user and their list: changes and the rest name the service
    ['POST', `/api/conversations/v1/Users/${U}/Conversations/CH_CHANNEL`, 'NotificationLevel=muted'],
    ['GET', `/api/conversations/v1/Users/${U}/Conversations/CH_CHANNEL`],
    ['GET', `/api/conversations/v1/ParticipantConversations?Address=%2B15551234567`],
    ['DELETE', `/api/chat/v2/Services/${S}/Users/${U}/Channels/CH_CHANNEL`, 'NotificationLevel=muted'],
    // Literal segments in another spelling
    ['GET', `/api/chat/v2/services/${S}/Users`],
    ['GET', `/api/chat/v2/Services/${S}/%55sers`],
    ['GET', `/api/chat/v2/Services/${S}/Users/${U}/Channels/`],
    ['GET', `/api/chat/v2/Services/${S}//Users`],
    // Not even Horizon's own endpoints accept changes
    ['POST', '/api/session'],
    ['DELETE', '/api/audit'],
  ];
  expect(forbidden.length).toBeGreaterThanOrEqual(30);

  it.each(forbidden)('%s %s → 403, never forwarded', async (method, template, body) => {
    const path = template.replaceAll('CH_CHANNEL', channel());
    const response = await api(path, {
      method,
      body,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(response.status).toBe(403);
    // Horizon's refusal: no link to a Twilio page, which would explain some other (Twilio's) error.
    expect(response.json()).toEqual({
      code: 20403,
      status: 403,
      message: expect.any(String),
      more_info: null,
    });
    expect(forwarded()).toEqual([]);
  });

  it('names the refused parameters in its message', async () => {
    const query = await api(`/api/chat/v2/Services/${S}/Users/${U}/Channels?Debug=1&Verbose=2`);
    expect(query.json()).toMatchObject({ message: expect.stringMatching(/Debug, Verbose not allowed/) });
    const body = await change(userChannelPath(), 'POST', 'NotificationLevel=muted&FriendlyName=x');
    expect(body.json()).toMatchObject({ message: expect.stringMatching(/FriendlyName not allowed/) });
  });

  it('forwards every route the console uses', async () => {
    const reads = [
      '/api/chat/v2/Services?PageSize=2',
      `/api/chat/v2/Services/${S}`,
      `/api/chat/v2/Services/${S}/Users?PageSize=2`,
      `/api/chat/v2/Services/${S}/Users/${U}`,
      `/api/chat/v2/Services/${S}/Users/${ALICE.sid}/Channels?PageSize=2`,
      userChannelPath(),
      `/api/chat/v2/Services/${S}/Channels?Type=private&PageSize=2`,
      `/api/chat/v2/Services/${S}/Channels/${channel()}`,
      `/api/chat/v2/Services/${S}/Channels/${channel()}/Members/${U}`,
      `/api/chat/v2/Services/${S}/Channels/${channel()}/Messages?Order=desc&PageSize=3`,
      `/api/chat/v1/Services/${S}/Users/${U}/Channels?PageSize=2`,
      `/api/ip-messaging/v1/Services/${S}/Users/${U}/Channels?PageSize=2`,
      '/api/conversations/v1/Services',
      '/api/conversations/v1/Configuration',
      `/api/conversations/v1/Users/${U}`,
      `/api/conversations/v1/Services/${S}/Users/${U}`,
      `/api/conversations/v1/Users/${U}/Conversations?PageSize=2`,
      `/api/conversations/v1/Services/${S}/Conversations/${channel()}`,
      `/api/conversations/v1/Services/${S}/Conversations/${channel()}/Participants/${U}`,
      `/api/conversations/v1/Services/${S}/Conversations/${channel()}/Messages?Order=desc&PageSize=3`,
      `/api/conversations/v1/Services/${S}/Users/${U}/Conversations?PageSize=2`,
      `/api/conversations/v1/Services/${S}/ParticipantConversations?Address=${enc(SEED.addresses.phone)}&PageSize=50`,
      `/api/conversations/v1/Services/${S}/ParticipantConversations?Address=${enc(SEED.addresses.whatsapp)}`,
      `/api/conversations/v1/Services/${S}/Users/${U}/Conversations/${channel()}`,
    ];
    for (const path of reads) {
      const response = await api(path);
      expect(response.status, path).toBe(200);
    }
    expect(live.fake.fake.log.map((entry) => entry.status)).toEqual(reads.map(() => 200));
    expect(live.fake.fake.log[0]).toMatchObject({ path: '/chat/v2/Services', query: { PageSize: '2' } });
    const update = await change(
      `/api/conversations/v1/Services/${S}/Users/${U}/Conversations/${channel()}`,
      'POST',
      'LastReadMessageIndex=&NotificationLevel=muted',
    );
    expect(update.status).toBe(200);
    expect(update.json()).toMatchObject({ notification_level: 'muted', last_read_message_index: null });
    const scoped = `/api/conversations/v1/Services/${S}`;
    const { participant_sid } = (await api(`${scoped}/Users/${U}/Conversations/${channel()}`)).json() as {
      participant_sid: string;
    };
    const removal = await change(
      `${scoped}/Conversations/${channel()}/Participants/${participant_sid}`,
      'DELETE',
    );
    expect(removal.status).toBe(204);
    expect((await api(`${scoped}/Users/${U}/Conversations/${channel()}`)).status).toBe(404);
    // The participant's path names no user; its record does, so the user's activity shows the removal.
    const trail = (await api(`/api/audit?user=${U}&channel=${channel()}`)).json() as {
      entries: { method: string; path: string }[];
    };
    expect(trail.entries[0]).toMatchObject({
      method: 'DELETE',
      path: expect.stringContaining('/Participants/MB'),
    });
  });

  it('keeps a page token and the rest of the query as sent', async () => {
    const first = await api(
      `/api/chat/v2/Services/${S}/Users/${enc(SEED.users.busyBee.identity)}/Channels?PageSize=50`,
    );
    const next = (first.json() as { meta: { next_page_url: string } }).meta.next_page_url;
    const token = new URL(next).searchParams.get('PageToken') as string;
    const second = await api(
      `/api/chat/v2/Services/${S}/Users/${enc(SEED.users.busyBee.identity)}/Channels?PageSize=50&Page=1&PageToken=${enc(token)}`,
    );
    expect(second.status).toBe(200);
    expect(live.fake.fake.log[1]?.query).toEqual({ PageSize: '50', Page: '1', PageToken: token });
  });
});

describe('path injection through identities', () => {
  const usersPath = `/api/chat/v2/Services/${SERVICE}/Users`;

  it('forwards an encoded identity as one segment, exactly as received', async () => {
    const zoe = SEED.users.zoe;
    const response = await api(`${usersPath}/${enc(zoe.identity)}/Channels?PageSize=50`);
    expect(response.status).toBe(200);
    expect((response.json() as { channels: unknown[] }).channels).toHaveLength(zoe.channels);
    expect(live.fake.fake.log[0]?.path).toBe(
      `/chat/v2/Services/${SERVICE}/Users/${enc(zoe.identity)}/Channels`,
    );
  });

  const encodedIdentities = [
    `alice%40example.com%2FChannels`,
    `${enc(ALICE.identity)}%3FPageSize%3D1`,
    `${enc(ALICE.identity)}%23x`,
    `%252E%252E`,
    `${enc(ALICE.identity)}%252FChannels`,
  ];
  it.each(encodedIdentities)('identity segment %s reaches only the user it names', async (segment) => {
    const response = await api(`${usersPath}/${segment}`);
    expect(response.status).toBe(404);
    // Twilio's own answer, passed on as it came: its docs link included.
    expect(response.json()).toMatchObject({
      code: 20404,
      more_info: 'https://www.twilio.com/docs/errors/20404',
    });
    expect(live.fake.fake.log.map((entry) => entry.path)).toEqual([
      `/chat/v2/Services/${SERVICE}/Users/${segment}`,
    ]);
  });

  const refusedTargets = [
    `${usersPath}/../Users/${enc(ALICE.identity)}/Channels`,
    `${usersPath}/%2e%2e/%2E%2E/Services/Channels`,
    `${usersPath}/./Channels`,
    `${usersPath}/alice%00/Channels`,
    `${usersPath}/alice%0d%0aX-Injected:%201/Channels`,
    `${usersPath}/alice#/../../Services`,
    `${usersPath}/alice"x/Channels`,
    `${usersPath}/alice<script>/Channels`,
    `${usersPath}/alice%zz/Channels`,
    `${usersPath}/alice?x/Channels`,
    // Dot steps inside one encoded segment: harmless at Twilio, a traversal behind any hop that decodes once more.
    `${usersPath}/..%2F..%2FServices`,
    `${usersPath}/..%2F..%2F..`,
    `${usersPath}/alice%2F..%2F..%2FServices/Channels`,
    `${usersPath}/alice%2F../Channels`,
    `${usersPath}/%2E%2E%5Cx/Channels`,
    `${usersPath}/${enc(ALICE.identity)}/Channels/..%2F..%2F..`,
  ];
  it.each(refusedTargets)('raw target %s is refused before it leaves Horizon', async (target) => {
    const response = await rawRequest(live.horizon.url, target, {
      headers: { Authorization: basic(EDITOR.name, EDITOR.password) },
    });
    transcript.push(response.body);
    expect([400, 403]).toContain(response.status);
    expect(forwarded()).toEqual([]);
  });

  it('refuses a mutation whose identity tries to climb to another resource, and audits it', async () => {
    const response = await rawRequest(live.horizon.url, `${usersPath}/%2e%2e/Channels/${aliceChannel}`, {
      method: 'DELETE',
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
      },
    });
    expect(response.status).toBe(403);
    expect(forwarded()).toEqual([]);
    expect((await latestEntries(1))[0]).toMatchObject({
      method: 'DELETE',
      outcome: 'refused',
    });
  });
});

describe('the audit trail', () => {
  it('records a successful change with the record before and Twilio’s answer after', async () => {
    const before = (await api(userChannelPath())).json() as Record<string, unknown>;
    const level = before.notification_level === 'muted' ? 'default' : 'muted';
    const response = await change(
      userChannelPath(),
      'POST',
      `NotificationLevel=${level}&LastConsumedMessageIndex=`,
    );
    expect(response.status).toBe(200);
    const after = response.json();
    expect(after).toMatchObject({ notification_level: level, last_consumed_message_index: null });

    const [entry] = await latestEntries(1);
    expect(entry).toMatchObject({
      agent: EDITOR.name,
      role: 'editor',
      method: 'POST',
      product: 'chat-v2',
      path: userChannelPath(),
      service: SERVICE,
      user: ALICE.identity,
      userSid: ALICE.sid,
      channel: aliceChannel,
      channelSid: aliceChannel,
      params: { NotificationLevel: level, LastConsumedMessageIndex: '' },
      before,
      after,
      outcome: 'forwarded',
      refusal: null,
      status: 200,
      errorCode: null,
    });
    // On disk, before the response returned.
    expect((await trailEntries()).at(-1)).toEqual(entry);
    // The GET before, then the change: nothing else went upstream.
    expect(live.fake.fake.log.map((e) => e.method)).toEqual(['GET', 'GET', 'POST']);
  });

  it('records a Twilio error with its status and code', async () => {
    live.fake.fake.knobs.faults.push({
      method: 'POST',
      status: 400,
      code: 50400,
      message: 'User not member',
    });
    const response = await change(userChannelPath(), 'POST', 'NotificationLevel=muted');
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ code: 50400 });
    expect((await latestEntries(1))[0]).toMatchObject({
      outcome: 'forwarded',
      status: 400,
      errorCode: 50400,
      after: null,
      params: { NotificationLevel: 'muted' },
    });
  });

  it('records a removal (DELETE → 204) with the membership as it was', async () => {
    const before = (await api(userChannelPath())).json();
    const response = await change(userChannelPath(), 'DELETE');
    expect(response.status).toBe(204);
    expect((await latestEntries(1))[0]).toMatchObject({
      method: 'DELETE',
      before,
      after: null,
      status: 204,
      userSid: ALICE.sid,
    });
    expect((await api(userChannelPath())).status).toBe(404);
  });

  it('records a refusal with the reason and no upstream call', async () => {
    const response = await change(userChannelPath(), 'POST', 'NotificationLevel=muted&Body=hi');
    expect(response.status).toBe(403);
    const entry = (await trailEntries()).at(-1);
    expect(entry).toMatchObject({
      agent: EDITOR.name,
      outcome: 'refused',
      status: 403,
      errorCode: 20403,
      before: null,
      after: null,
    });
    expect(entry?.refusal).toMatch(/Body not allowed/);
    expect(forwarded()).toEqual([]);
  });

  it('misses no line under 50 concurrent changes, and keeps at most 10 requests upstream at once', async () => {
    const channels = (
      (
        await api(`/api/chat/v2/Services/${SERVICE}/Users/${SEED.users.busyBee.sid}/Channels?PageSize=50`)
      ).json() as {
        channels: { channel_sid: string }[];
      }
    ).channels.map((c) => c.channel_sid);
    expect(channels).toHaveLength(50);
    live.fake.fake.knobs.latencyMs = 100;
    const linesBefore = (await trailEntries()).length;
    upstreamPeak = 0;
    const results = await Promise.all(
      channels.map((channel, index) =>
        change(
          userChannelPath(channel, SEED.users.busyBee.sid),
          'POST',
          `LastConsumedMessageIndex=${index}&NotificationLevel=${index % 2 ? 'muted' : 'default'}`,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(channels.map(() => 200));
    expect(upstreamPeak).toBeLessThanOrEqual(10);
    expect(upstreamPeak).toBeGreaterThan(1);
    const written = (await trailEntries()).slice(linesBefore);
    expect(written).toHaveLength(50);
    expect(new Set(written.map((e) => e.channel))).toEqual(new Set(channels));
    for (const entry of written) {
      const index = channels.indexOf(entry.channel as string);
      expect(entry.params.LastConsumedMessageIndex).toBe(String(index));
      expect(entry.after).toMatchObject({ last_consumed_message_index: index, channel_sid: entry.channel });
    }
  });

  it('answers GET /api/audit newest first, filtered by service, user (identity or SID) and channel', async () => {
    await change(userChannelPath(), 'POST', 'NotificationLevel=muted');
    await change(userChannelPath(), 'POST', 'NotificationLevel=default');
    const byIdentity = (
      await api(`/api/audit?user=${enc(ALICE.identity)}&channel=${aliceChannel}&limit=2`)
    ).json() as {
      entries: AuditEntry[];
    };
    expect(byIdentity.entries.map((e) => e.params.NotificationLevel)).toEqual(['default', 'muted']);
    const bySid = (await api(`/api/audit?user=${ALICE.sid}&service=${SERVICE}&limit=2`)).json() as {
      entries: AuditEntry[];
    };
    expect(bySid.entries).toEqual(byIdentity.entries);
    const other = (await api(`/api/audit?user=nobody%40example.com`)).json() as { entries: AuditEntry[] };
    expect(other.entries).toEqual([]);
    const bad = await api('/api/audit?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ message: 'limit must be 1-500' });
  });
});

describe('upstream limits', () => {
  // A second Horizon with a short deadline (400 ms); the default 10 s one above stays clear of a busy CI machine.
  let standard: LiveSetup;
  beforeAll(async () => {
    standard = live;
    live = await startLive({ ...observedFetch, env: { UPSTREAM_TIMEOUT_MS: '400' } });
    // Sign in once now, so the timings below don't include the first scrypt check.
    expect((await api('/api/session')).status).toBe(200);
  });
  afterAll(async () => {
    await live.close();
    live = standard;
  });

  it('answers 504 in Twilio’s shape when Twilio is slower than the timeout', async () => {
    live.fake.fake.knobs.latencyMs = 1000;
    const started = Date.now();
    const response = await api(`/api/chat/v2/Services/${SERVICE}`);
    expect(response.status).toBe(504);
    expect(response.json()).toMatchObject({
      status: 504,
      code: 20504,
      message: expect.stringMatching(/400 ms/),
    });
    expect(Date.now() - started).toBeLessThan(900);
    // Let the slow request land in the fake's log before the next test resets it.
    await vi.waitFor(() => expect(forwarded()).toHaveLength(1), { timeout: 5000 });
  });

  it('refuses a change whose record could not be read first, and audits it', async () => {
    live.fake.fake.knobs.latencyMs = 1000;
    const response = await change(userChannelPath(), 'POST', 'NotificationLevel=muted');
    expect(response.status).toBe(504);
    expect((await latestEntries(1))[0]).toMatchObject({
      outcome: 'refused',
      refusal: expect.stringMatching(/^could not read the record before changing it/),
      status: 504,
      errorCode: 20504,
      params: { NotificationLevel: 'muted' },
    });
    // The slow GET reached the fake, the change never did (nothing else is in flight once the GET has landed).
    await vi.waitFor(() => expect(forwarded()).toHaveLength(1), { timeout: 5000 });
    expect(upstreamInFlight).toBe(0);
    expect(forwarded().map((e) => e.method)).toEqual(['GET']);
  });

  it('audits a change that timed out as forwarded with no answer: it may have happened', async () => {
    const before = (await api(userChannelPath())).json();
    holdBack = { method: 'POST', ms: 600 };
    const response = await change(userChannelPath(), 'POST', 'NotificationLevel=muted');
    expect(response.status).toBe(504);
    expect((await latestEntries(1))[0]).toMatchObject({
      outcome: 'forwarded',
      refusal: null,
      before,
      after: null,
      status: 504,
      errorCode: 20504,
      params: { NotificationLevel: 'muted' },
    });
    // Let the held-back request finish before the reset.
    await vi.waitFor(() => expect(upstreamInFlight).toBe(0), { timeout: 5000 });
  });

  it('passes 429 through with Retry-After', async () => {
    live.fake.fake.knobs.faults.push({ status: 429, code: 20429, retryAfter: 7, times: 1 });
    const response = await api(`/api/chat/v2/Services/${SERVICE}`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.json()).toMatchObject({ code: 20429 });
    const again = await api(`/api/chat/v2/Services/${SERVICE}`);
    expect(again.status).toBe(200);
    expect(again.headers.get('retry-after')).toBeNull();
  });

  it('refuses bodies over the limit with 413 and forwards nothing', async () => {
    const response = await change(
      userChannelPath(),
      'POST',
      `NotificationLevel=muted&x=${'a'.repeat(20_000)}`,
    );
    expect(response.status).toBe(413);
    expect(forwarded()).toEqual([]);
  });
});

describe('headers and hygiene', () => {
  it('sends a self-only CSP and the other security headers', async () => {
    const response = await api('/api/session');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    // Plain HTTP on loopback: no HSTS.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('answers /healthz without sign-in', async () => {
    const response = await fetch(`${live.horizon.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', mode: 'live', database: 'open' });
  });

  it('never shows the auth token or the agents’ passwords in responses or logs', async () => {
    // Runs last in this file: by now every response above is in the transcript.
    const trail = JSON.stringify(await trailEntries());
    const everything = `${transcript.join('\n')}\n${live.logs.join('\n')}\n${trail}`;
    expect(transcript.length).toBeGreaterThan(50);
    expect(live.logs.length).toBeGreaterThan(50);
    for (const secret of [
      AUTH_TOKEN,
      Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'),
      EDITOR.password,
      VIEWER.password,
      basic(EDITOR.name, EDITOR.password).slice(6),
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
