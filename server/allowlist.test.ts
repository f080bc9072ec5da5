import { describe, expect, it } from 'vitest';
import { checkBody, matchRoute, ROUTES, type Target } from './allowlist.ts';
import { ConcurrencyLimit, UpstreamBusyError } from './upstream.ts';

const IS = `IS${'a'.repeat(32)}`;
const US = `US${'b'.repeat(32)}`;
const CH = `CH${'c'.repeat(32)}`;

function target(method: string, path: string, query = ''): Target {
  const match = matchRoute(method, path, new URLSearchParams(query));
  if (!match.ok) throw new Error(match.message);
  return match.target;
}

describe('matchRoute', () => {
  it('maps each product prefix to its upstream and version, keeping segments encoded', () => {
    expect(target('GET', `chat/v2/Services/${IS}/Users/a%2Fb%23c%3F/Channels`)).toMatchObject({
      upstream: 'chat',
      upstreamPath: `/v2/Services/${IS}/Users/a%2Fb%23c%3F/Channels`,
      service: IS,
      user: 'a/b#c?',
    });
    expect(target('GET', `ip-messaging/v1/Services/${IS}/Users/${US}/Channels`)).toMatchObject({
      product: 'ip-messaging-v1',
      upstream: 'chat',
      upstreamPath: `/v1/Services/${IS}/Users/${US}/Channels`,
    });
    expect(target('POST', `conversations/v1/Services/${IS}/Users/${US}/Conversations/general`)).toMatchObject(
      {
        upstream: 'conversations',
        upstreamPath: `/v1/Services/${IS}/Users/${US}/Conversations/general`,
        service: IS,
        user: US,
        channel: 'general',
      },
    );
    // The default service's short form: the user and their list only, never a change (the audit names the service).
    expect(target('GET', `conversations/v1/Users/${US}/Conversations`)).toMatchObject({
      upstreamPath: `/v1/Users/${US}/Conversations`,
      service: null,
      user: US,
    });
  });

  it('lets only the documented query parameters through, once each, with sane values', () => {
    const list = `chat/v2/Services/${IS}/Users/${US}/Channels`;
    expect(target('GET', list, 'PageSize=50&Page=1&PageToken=PTabc%3D').query.toString()).toBe(
      'PageSize=50&Page=1&PageToken=PTabc%3D',
    );
    const refused = matchRoute('GET', list, new URLSearchParams('PageSize=5&Limit=9'));
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/query parameter Limit not allowed/),
    });
  });

  it('refuses unknown methods on known resources with a message that says so', () => {
    const refused = matchRoute(
      'PUT',
      `chat/v2/Services/${IS}/Users/${US}/Channels/${CH}`,
      new URLSearchParams(),
    );
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/method PUT is not allowed/) });
  });

  it('refuses SID lookalikes that are not SIDs, but accepts ordinary identities', () => {
    const lookalike = matchRoute(
      'GET',
      `chat/v2/Services/${IS}/Users/US${'b'.repeat(20)}`,
      new URLSearchParams(),
    );
    expect(lookalike).toEqual({ ok: false, message: expect.stringMatching(/not a valid user SID/) });
    expect(target('GET', `chat/v2/Services/${IS}/Users/user42`).user).toBe('user42');
  });

  it('forwards binding reads and removals with a BS… SID, and refuses anything else there', () => {
    const BS = `BS${'e'.repeat(32)}`;
    const conversations = target(
      'GET',
      `conversations/v1/Services/${IS}/Bindings`,
      'Identity=alice%40example.com',
    );
    expect(conversations.query.get('Identity')).toBe('alice@example.com');
    expect(target('DELETE', `chat/v2/Services/${IS}/Users/${US}/Bindings/${BS}`).upstreamPath).toBe(
      `/v2/Services/${IS}/Users/${US}/Bindings/${BS}`,
    );
    expect(target('GET', `conversations/v1/Services/${IS}/Configuration/Notifications`).upstream).toBe(
      'conversations',
    );
    expect(
      matchRoute('DELETE', `chat/v2/Services/${IS}/Users/${US}/Bindings/alice`, new URLSearchParams()),
    ).toMatchObject({
      message: expect.stringMatching(/not a valid binding SID/),
    });
    expect(
      matchRoute(
        'GET',
        `chat/v2/Services/${IS}/Users/${US}/Bindings`,
        new URLSearchParams('BindingType=sms'),
      ),
    ).toMatchObject({ ok: false });
    expect(
      matchRoute('GET', `conversations/v1/Services/${IS}/Bindings`, new URLSearchParams('Identity=a%0Ab')),
    ).toMatchObject({ ok: false });
  });

  it('lists only reads, the user-channel / user-conversation changes, the participant removal and binding removals', () => {
    const changes = ROUTES.filter((route) => route.method !== 'GET').map(
      (route) => `${route.method} ${route.pattern}`,
    );
    expect(changes).toEqual([
      'POST Services/{service}/Users/{user}/Channels/{channel}',
      'DELETE Services/{service}/Users/{user}/Channels/{channel}',
      'DELETE Services/{service}/Users/{user}/Bindings/{binding}',
      'DELETE Services/{service}/Bindings/{binding}',
      'POST Services/{service}/Users/{user}/Conversations/{channel}',
      'DELETE Services/{service}/Conversations/{channel}/Participants/{member}',
    ]);
  });
});

describe('Conversations rows', () => {
  it('are exactly what the Conversations adapter uses: the short default-service form for the user and their list', () => {
    const conversations = ROUTES.filter((route) => route.products.includes('conversations-v1')).map(
      (route) => `${route.method} ${route.pattern}`,
    );
    expect(conversations.filter((row) => / (Services\/\{service\}\/)?Users\//.test(row))).toEqual([
      'GET Users/{user}',
      'GET Users/{user}/Conversations',
      'GET Services/{service}/Users/{user}',
      'GET Services/{service}/Users/{user}/Conversations',
      'GET Services/{service}/Users/{user}/Conversations/{channel}',
      'POST Services/{service}/Users/{user}/Conversations/{channel}',
    ]);
    expect(conversations.filter((row) => !row.includes(' Services/'))).toEqual([
      'GET Configuration',
      'GET Services',
      'GET Users/{user}',
      'GET Users/{user}/Conversations',
    ]);
  });
});

describe('checkBody', () => {
  const update = () => target('POST', `chat/v2/Services/${IS}/Users/${US}/Channels/${CH}`);
  const form = 'application/x-www-form-urlencoded;charset=UTF-8';

  it('re-serialises exactly the checked parameters; an empty index means null', () => {
    const body = checkBody(update(), form, 'LastConsumedMessageIndex=&NotificationLevel=muted');
    expect(body instanceof URLSearchParams && body.toString()).toBe(
      'NotificationLevel=muted&LastConsumedMessageIndex=',
    );
  });

  it('refuses other content types, repeated or unknown parameters, and empty updates', () => {
    expect(checkBody(update(), 'application/json', '{}')).toMatchObject({ ok: false });
    expect(checkBody(update(), form, 'NotificationLevel=muted&NotificationLevel=default')).toMatchObject({
      message: 'body parameter NotificationLevel given more than once',
    });
    expect(checkBody(update(), form, 'Attributes=%7B%7D')).toMatchObject({
      message: expect.stringMatching(/^body parameter Attributes not allowed/),
    });
    expect(checkBody(update(), form, '')).toMatchObject({
      message: expect.stringMatching(/^nothing to update/),
    });
  });
});

describe('ConcurrencyLimit', () => {
  it('runs at most `max` tasks at once and starts the waiting ones in arrival order', async () => {
    const limit = new ConcurrencyLimit(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 8 }, (_, index) =>
      limit.run(async () => {
        started.push(index);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return index;
      }),
    );
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    expect(started).toEqual([0, 1, 2]);
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect(limit.inFlight).toBe(0);
  });

  it('refuses at once, instead of queueing, when the queue is full', async () => {
    const limit = new ConcurrencyLimit(1, 2);
    let release = () => {};
    const blocker = limit.run(() => new Promise<void>((resolve) => (release = resolve)));
    const queued = [limit.run(async () => 'a'), limit.run(async () => 'b')];
    await expect(limit.run(async () => 'c')).rejects.toBeInstanceOf(UpstreamBusyError);
    release();
    await blocker;
    expect(await Promise.all(queued)).toEqual(['a', 'b']);
  });
});
