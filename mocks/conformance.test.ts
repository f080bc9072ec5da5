// Conformance: Twilio's own Node library against the fake (mocks/conformance-client.ts): Chat v2 and Chat v1.
// Conversations: conformance-conversations.test.ts.
import { describe, expect, it } from 'vitest';
import { ACCOUNT_SID, enc, restError, startConformancePeer } from './conformance-client.ts';
import { SEED } from './seed.ts';
import { DIAGNOSIS_SEED } from './seed-diagnosis.ts';

const S = SEED.services.support.sid;
const peer = startConformancePeer();
const chat = () => peer.client.chat.v2.services(S);

describe('twilio-node: Chat v2 user channels', () => {
  it('lists a 120-channel user over several pages by following next_page_url', async () => {
    const channels = await chat().users(enc(SEED.users.busyBee.identity)).userChannels.list({ pageSize: 25 });
    expect(channels).toHaveLength(120);
    expect(new Set(channels.map((c) => c.channelSid)).size).toBe(120);
    expect(channels.every((c) => c.userSid === SEED.users.busyBee.sid && c.accountSid === ACCOUNT_SID)).toBe(
      true,
    );
    const gets = peer.server.fake.log.filter((e) => e.method === 'GET');
    expect(gets).toHaveLength(5);
    expect(gets.slice(1).every((e) => e.query.PageToken?.startsWith('PT'))).toBe(true);
    expect(gets.every((e) => e.user === ACCOUNT_SID)).toBe(true);
  });

  it('pages forward and back with page(), nextPage() and previousPage()', async () => {
    const userChannels = chat().users(SEED.users.thousand.sid).userChannels;
    const first = await userChannels.page({ pageSize: 50 });
    expect(first.instances).toHaveLength(50);
    const second = await first.nextPage();
    if (!second) throw new Error('expected a second page');
    const back = await second.previousPage();
    expect(back?.instances.map((c) => c.channelSid)).toEqual(first.instances.map((c) => c.channelSid));
    expect(second.instances[0]?.channelSid).not.toBe(first.instances[0]?.channelSid);
  });

  it('reads null horizons as null, not 0', async () => {
    const channels = await chat().users(enc('alice@example.com')).userChannels.list();
    const billing = channels.find((c) => c.channelSid === SEED.channels.billing.sid);
    expect(billing).toMatchObject({
      status: 'invited',
      lastConsumedMessageIndex: null,
      unreadMessagesCount: null,
    });
  });

  it('fetches by identity and by unique_name, and by SIDs', async () => {
    const byName = await chat().users(enc('alice@example.com')).userChannels('general').fetch();
    expect(byName).toMatchObject({
      channelSid: SEED.channels.general.sid,
      userSid: SEED.users.alice.sid,
      status: 'joined',
    });
    const bySid = await chat().users(SEED.users.alice.sid).userChannels(SEED.channels.general.sid).fetch();
    expect(bySid.toJSON()).toEqual(byName.toJSON());
    const special = await chat()
      .users(enc(SEED.users.zoe.identity))
      .userChannels(enc('ops/night#2?'))
      .fetch();
    expect(special.channelSid).toBe(SEED.channels.nightOps.sid);
    const channel = await chat().channels(enc('ops/night#2?')).fetch();
    expect(channel).toMatchObject({
      sid: SEED.channels.nightOps.sid,
      uniqueName: 'ops/night#2?',
      type: 'private',
    });
  });

  it('updates notification level and read horizon, including back to null', async () => {
    const userChannel = chat().users(enc('alice@example.com')).userChannels('general');
    const muted = await userChannel.update({ notificationLevel: 'muted', lastConsumedMessageIndex: 21 });
    expect(muted).toMatchObject({
      notificationLevel: 'muted',
      lastConsumedMessageIndex: 21,
      unreadMessagesCount: 220, // 240 messages; index 21 is the 20th (indices skip 10 and 11)
    });
    // twilio-node sends null as an empty form value; its types want a number.
    const cleared = await userChannel.update({ lastConsumedMessageIndex: null as unknown as number });
    expect(cleared).toMatchObject({
      notificationLevel: 'muted',
      lastConsumedMessageIndex: null,
      unreadMessagesCount: null,
    });
    expect(peer.server.fake.log.at(-1)?.body).toEqual({ LastConsumedMessageIndex: '' });

    const stamped = new Date('2024-01-02T03:04:05.678Z');
    await userChannel.update({ lastConsumedMessageIndex: 5, lastConsumptionTimestamp: stamped });
    const member = await chat().channels('general').members(enc('alice@example.com')).fetch();
    // twilio-node drops milliseconds on the wire.
    expect(member.lastConsumptionTimestamp?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(member.lastConsumedMessageIndex).toBe(5);
  });

  it('gets a RestException for a bad enum value', async () => {
    const userChannel = chat().users(enc('alice@example.com')).userChannels('general');
    const error = await restError(userChannel.update({ notificationLevel: 'loud' as 'muted' }));
    expect(error).toMatchObject({ status: 400, code: 20001 });
    expect(error.message).toMatch(/NotificationLevel/);
  });

  it('deletes a membership', async () => {
    const userChannel = chat().users(enc('alice@example.com')).userChannels('general');
    expect(await userChannel.remove()).toBe(true);
    await expect(userChannel.fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    expect(await chat().users(enc('alice@example.com')).userChannels.list()).toHaveLength(5);
  });

  it('throws RestException 404 / 20404 for a missing user', async () => {
    const error = await restError(chat().users(enc('ghost@example.com')).userChannels.list());
    expect(error.status).toBe(404);
    expect(error.code).toBe(20404);
    expect(error.moreInfo).toBe('https://www.twilio.com/docs/errors/20404');
    expect(await restError(chat().users(enc('ghost@example.com')).fetch())).toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('throws RestException 401 / 20003 for wrong credentials', async () => {
    const wrong = peer.clientWithToken('not-the-token');
    const error = await restError(wrong.chat.v2.services(S).fetch());
    expect(error).toMatchObject({ status: 401, code: 20003 });
  });

  it('reads services, users, channels, members and messages', async () => {
    const services = await peer.client.chat.v2.services.list();
    expect(services.map((s) => s.friendlyName)).toEqual(['Acme Support', 'Acme Sales']);
    expect(services[0]?.limits).toEqual({ channel_members: 250, user_channels: 1000 });
    const user = await chat().users(enc('busy.bee@example.com')).fetch();
    expect(user).toMatchObject({ sid: SEED.users.busyBee.sid, friendlyName: 'Busy Bee', isOnline: false });
    expect(user.joinedChannelsCount).toBeGreaterThan(0);
    const privates = await chat().channels.list({ type: ['private'], pageSize: 100, limit: 30 });
    expect(privates.every((c) => c.type === 'private')).toBe(true);
    const members = await chat().channels('general').members.list();
    expect(members.map((m) => m.identity)).toContain('alice@example.com');
    const messages = await chat().channels('billing').messages.list({ order: 'desc', pageSize: 40 });
    expect(messages).toHaveLength(85);
    expect(messages[0]?.index).toBeGreaterThan(messages[1]?.index ?? Number.POSITIVE_INFINITY);
    expect(messages.every((m) => m.body && m.channelSid === SEED.channels.billing.sid)).toBe(true);
  });

  it('creates, renames and deletes a channel', async () => {
    const created = await chat().channels.create({
      friendlyName: 'War room',
      uniqueName: 'war room #1',
      type: 'private',
    });
    expect(created).toMatchObject({ uniqueName: 'war room #1', type: 'private', membersCount: 0 });
    const renamed = await chat().channels(enc('war room #1')).update({ friendlyName: 'War room (closed)' });
    expect(renamed.friendlyName).toBe('War room (closed)');
    expect(await chat().channels(created.sid).remove()).toBe(true);
    expect(await restError(chat().channels(created.sid).fetch())).toMatchObject({ status: 404 });
  });
});

describe('twilio-node: identities that need percent-encoding', () => {
  const identities = [
    SEED.users.zoe.identity,
    'space in name',
    'slash/in/name',
    'hash#tag',
    'what?now',
    '100%legit',
    '50%25literal',
    'plus+sign',
    'éçø日本',
    'all of it: / # ? % + é',
  ];

  it.each(identities)('%s round-trips through fetch, list and update', async (identity) => {
    const store = peer.server.fake.store;
    let user = store.findUser(S, identity);
    if (!user) {
      user = store.addUser({
        sid: `US${String(identities.indexOf(identity)).padStart(32, '7')}`,
        serviceSid: S,
        identity,
        friendlyName: null,
        attributes: '{}',
        roleSid: `RL${'0'.repeat(32)}`,
        isOnline: null,
        isNotifiable: null,
        dateCreated: new Date(),
        dateUpdated: new Date(),
      });
      const channel = store.findChannel(S, 'general');
      if (!channel) throw new Error('seed changed');
      store.addMember(channel, user, {
        status: 'joined',
        notificationLevel: 'default',
        lastConsumedMessageIndex: null,
        lastConsumptionTimestamp: null,
      });
    }
    const fetched = await chat().users(enc(identity)).fetch();
    expect(fetched).toMatchObject({ sid: user.sid, identity });
    const channels = await chat().users(enc(identity)).userChannels.list({ pageSize: 1 });
    expect(channels.length).toBe(user.memberships.length);
    const channelSid = channels[0]?.channelSid ?? '';
    const updated = await chat()
      .users(enc(identity))
      .userChannels(channelSid)
      .update({ notificationLevel: 'muted' });
    expect(updated.userSid).toBe(user.sid);
    const conversations = await peer.client.conversations.v1.users(enc(identity)).userConversations.list();
    expect(conversations.find((c) => c.conversationSid === channelSid)?.notificationLevel).toBe('muted');
    const v1 = await peer.client.chat.v1.services(S).users(enc(identity)).userChannels.list();
    expect(v1.map((c) => c.channelSid)).toEqual(channels.map((c) => c.channelSid));
  });
});

describe('twilio-node: Chat v1 user channels', () => {
  it('lists through chat.twilio.com/v1 and ip-messaging.twilio.com/v1, over several pages', async () => {
    const viaChat = await peer.client.chat.v1
      .services(S)
      .users(enc('busy.bee@example.com'))
      .userChannels.list({ pageSize: 30 });
    expect(viaChat).toHaveLength(120);
    const viaIpMessaging = await peer.client.ipMessaging.v1
      .services(S)
      .users(enc('busy.bee@example.com'))
      .userChannels.list({ pageSize: 1000 });
    expect(viaIpMessaging.map((c) => c.channelSid)).toEqual(viaChat.map((c) => c.channelSid));
    expect(viaChat.map((c) => c.status)).toContain('not_participating');
    expect(peer.server.fake.log.some((e) => e.path.startsWith('/ip-messaging/v1/'))).toBe(true);
  });

  it('throws RestException 404 / 20404 for a missing user', async () => {
    const error = await restError(
      peer.client.chat.v1.services(S).users(enc('ghost@example.com')).userChannels.list(),
    );
    expect(error).toMatchObject({ status: 404, code: 20404 });
  });
});

describe('twilio-node: push bindings and notification settings', () => {
  const pat = DIAGNOSIS_SEED.users.pushes;

  it("reads a Chat v2 service's push settings and limits", async () => {
    const service = await chat().fetch();
    expect(service.notifications).toMatchObject({
      new_message: { enabled: true, badge_count_enabled: true },
      added_to_channel: { enabled: true },
    });
    expect(service.limits).toEqual({ channel_members: 250, user_channels: 1000 });
    const sales = await peer.client.chat.v2.services(SEED.services.sales.sid).fetch();
    expect(sales.notifications).toMatchObject({ new_message: { enabled: false } });
  });

  it("lists a Chat v2 user's bindings, filters by type, fetches and removes one", async () => {
    const bindings = await chat().users(enc(pat.identity)).userBindings.list({ pageSize: 2 });
    expect(bindings.map((b) => b.bindingType)).toEqual(['apn', 'fcm', 'apn']);
    expect(bindings.every((b) => b.userSid === pat.sid && b.identity === pat.identity)).toBe(true);
    expect(bindings.every((b) => b.dateUpdated instanceof Date && b.sid.startsWith('BS'))).toBe(true);
    const apn = await chat()
      .users(pat.sid)
      .userBindings.list({ bindingType: ['apn'] });
    expect(apn).toHaveLength(2);
    const oldest = [...bindings].sort((a, b) => a.dateUpdated.getTime() - b.dateUpdated.getTime())[0];
    if (!oldest) throw new Error('no bindings');
    expect((await chat().users(pat.sid).userBindings(oldest.sid).fetch()).endpoint).toBe(oldest.endpoint);
    expect(await chat().users(pat.sid).userBindings(oldest.sid).remove()).toBe(true);
    expect(await chat().users(pat.sid).userBindings.list()).toHaveLength(2);
    const gone = await restError(chat().users(pat.sid).userBindings(oldest.sid).fetch());
    expect([gone.status, gone.code]).toEqual([404, 20404]);
  });

  it("lists a Chat v2 service's bindings by identity", async () => {
    const bindings = await chat().bindings.list({ identity: [pat.identity] });
    expect(bindings).toHaveLength(3);
    expect(bindings[0]?.links).toMatchObject({ user: expect.stringContaining(pat.sid) });
  });

  it("reads Conversations' Configuration/Notifications", async () => {
    const settings = await peer.client.conversations.v1.services(S).configuration.notifications().fetch();
    expect(settings.chatServiceSid).toBe(S);
    expect(settings.newMessage).toMatchObject({ enabled: true, badge_count_enabled: true });
    expect(settings.logEnabled).toBe(true);
  });

  it('lists Conversations service bindings by identity and removes one', async () => {
    const service = peer.client.conversations.v1.services(S);
    const bindings = await service.bindings.list({ identity: [pat.identity], pageSize: 1 });
    expect(bindings).toHaveLength(3);
    expect(bindings.every((b) => b.chatServiceSid === S && b.identity === pat.identity)).toBe(true);
    const none = await service.bindings.list({ identity: ['nobody@example.com'] });
    expect(none).toEqual([]);
    const first = bindings[0];
    if (!first) throw new Error('no bindings');
    expect(await service.bindings(first.sid).remove()).toBe(true);
    // Shared with Chat: the removal shows through the Chat v2 user's bindings.
    expect(await chat().users(pat.sid).userBindings.list()).toHaveLength(2);
  });

  it('refuses an unknown BindingType with 400 / 20001', async () => {
    const error = await restError(
      chat()
        .users(pat.sid)
        .userBindings.list({ bindingType: ['sms' as 'apn'] }),
    );
    expect([error.status, error.code]).toEqual([400, 20001]);
  });
});
