// Conformance: Twilio's own Node library against the fake's Conversations v1 (mocks/conformance-client.ts).
import { describe, expect, it } from 'vitest';
import { enc, restError, startConformancePeer } from './conformance-client.ts';
import { SEED } from './seed.ts';

const S = SEED.services.support.sid;
const peer = startConformancePeer();
const chat = () => peer.client.chat.v2.services(S);

describe('twilio-node: Conversations user conversations', () => {
  it('lists over several pages (default service) and reads the capped unread count', async () => {
    const conversations = await peer.client.conversations.v1
      .users(enc('busy.bee@example.com'))
      .userConversations.list({ pageSize: 50 });
    expect(conversations).toHaveLength(120);
    expect(peer.server.fake.log.filter((e) => e.path.endsWith('/Conversations'))).toHaveLength(3);
    const firehose = conversations.find((c) => c.conversationSid === SEED.channels.firehose.sid);
    expect(firehose).toMatchObject({
      unreadMessagesCount: 1000,
      uniqueName: 'firehose',
      conversationState: 'active',
    });
  });

  it('lists, fetches, updates and deletes through the service-scoped path', async () => {
    const scoped = peer.client.conversations.v1.services(S).users(enc(SEED.users.zoe.identity));
    const list = await scoped.userConversations.list();
    expect(list).toHaveLength(3);
    const cafe = await scoped.userConversations(enc('café')).fetch();
    expect(cafe).toMatchObject({
      conversationSid: SEED.channels.cafe.sid,
      friendlyName: 'Café ☕',
      chatServiceSid: S,
    });
    const updated = await scoped.userConversations(SEED.channels.cafe.sid).update({
      notificationLevel: 'default',
      lastReadMessageIndex: null as unknown as number,
    });
    expect(updated).toMatchObject({
      notificationLevel: 'default',
      lastReadMessageIndex: null,
      unreadMessagesCount: null,
    });
    const viaChat = await chat().users(enc(SEED.users.zoe.identity)).userChannels('caf%C3%A9').fetch();
    expect(viaChat).toMatchObject({ notificationLevel: 'default', lastConsumedMessageIndex: null });
    expect(await scoped.userConversations(SEED.channels.cafe.sid).remove()).toBe(true);
    expect(await scoped.userConversations.list()).toHaveLength(2);
  });

  it('sets the read horizon with LastReadMessageIndex and reads it back through Chat', async () => {
    const conversation = peer.client.conversations.v1
      .users(enc('alice@example.com'))
      .userConversations(SEED.channels.ops.sid);
    const updated = await conversation.update({ lastReadMessageIndex: 3 });
    expect(updated).toMatchObject({ lastReadMessageIndex: 3 });
    expect(
      (await chat().users(enc('alice@example.com')).userChannels('ops').fetch()).lastConsumedMessageIndex,
    ).toBe(3);
  });

  it('throws RestException 404 / 20404 for a missing user', async () => {
    const error = await restError(
      peer.client.conversations.v1.users(enc('ghost@example.com')).userConversations.list(),
    );
    expect(error).toMatchObject({ status: 404, code: 20404 });
  });

  it('lists and fetches Conversations services', async () => {
    const services = await peer.client.conversations.v1.services.list();
    expect(services.map((s) => s.sid)).toEqual([S, SEED.services.sales.sid]);
    expect((await peer.client.conversations.v1.services(SEED.services.sales.sid).fetch()).friendlyName).toBe(
      'Acme Sales',
    );
  });
});

describe('twilio-node: Conversations without the Chat API', () => {
  const conversations = () => peer.client.conversations.v1;
  const { phone, whatsapp, unknownPhone } = SEED.addresses;

  it('reads the default service from configuration().fetch()', async () => {
    const configuration = await conversations().configuration().fetch();
    expect(configuration.defaultChatServiceSid).toBe(S);
    expect(configuration.url).toBe('https://conversations.twilio.com/v1/Configuration');
  });

  it('fetches a user through the default service and through the service', async () => {
    const viaDefault = await conversations().users(enc('alice@example.com')).fetch();
    expect(viaDefault).toMatchObject({ sid: SEED.users.alice.sid, chatServiceSid: S, isOnline: true });
    expect(viaDefault.url).toBe(`https://conversations.twilio.com/v1/Users/${SEED.users.alice.sid}`);
    const viaService = await conversations()
      .services(SEED.services.sales.sid)
      .users(enc('carol@example.com'))
      .fetch();
    expect(viaService).toMatchObject({ identity: 'carol@example.com', isOnline: null });
    // Carol is in Acme Sales, not in the default service.
    expect(await restError(conversations().users(enc('carol@example.com')).fetch())).toMatchObject({
      status: 404,
    });
  });

  it('lists a participant’s conversations by address: + survives, both forms, state and timers', async () => {
    const inDefault = await conversations().participantConversations.list({ address: phone });
    expect(inDefault.map((c) => c.conversationSid).sort()).toEqual(
      [SEED.channels.smsOrder.sid, SEED.channels.smsRefund.sid].sort(),
    );
    expect(inDefault.every((c) => c.participantIdentity === null && c.participantUserSid === null)).toBe(
      true,
    );
    expect(inDefault[0]?.participantMessagingBinding).toMatchObject({ type: 'sms', address: phone });
    const refund = inDefault.find((c) => c.conversationSid === SEED.channels.smsRefund.sid);
    expect(refund).toMatchObject({
      conversationState: 'closed',
      conversationFriendlyName: 'SMS · Refund request',
    });
    expect(refund?.conversationTimers).toEqual({
      date_inactive: expect.any(String),
      date_closed: expect.any(String),
    });
    const sent = peer.server.fake.log.at(-1);
    expect(sent?.query.Address).toBe(phone);

    const inSales = await conversations()
      .services(SEED.services.sales.sid)
      .participantConversations.list({ address: phone });
    expect(inSales.map((c) => c.conversationSid)).toEqual([SEED.channels.smsQuote.sid]);
    expect(inSales[0]?.links.conversation).toBe(
      `https://conversations.twilio.com/v1/Services/${SEED.services.sales.sid}/Conversations/${SEED.channels.smsQuote.sid}`,
    );

    const whatsApp = await conversations().participantConversations.list({ address: whatsapp });
    expect(whatsApp).toHaveLength(1);
    expect(whatsApp[0]).toMatchObject({ conversationState: 'inactive' });
    expect(whatsApp[0]?.participantMessagingBinding).toMatchObject({ type: 'whatsapp', address: whatsapp });
    expect(await conversations().participantConversations.list({ address: unknownPhone })).toEqual([]);
  });

  it('lists a chat participant’s conversations by identity over pages of 50, sorted by conversation SID', async () => {
    const all = await conversations().participantConversations.list({
      identity: 'busy.bee@example.com',
      pageSize: 50,
    });
    expect(all).toHaveLength(120);
    const sids = all.map((c) => c.conversationSid);
    expect(sids).toEqual([...sids].sort());
    expect(all.every((c) => c.participantIdentity === 'busy.bee@example.com')).toBe(true);
    expect(peer.server.fake.log.filter((e) => e.path.endsWith('/ParticipantConversations'))).toHaveLength(3);
    const error = await restError(
      conversations().participantConversations.list({ pageSize: 51, identity: 'x' }),
    );
    expect(error).toMatchObject({ status: 400 });
  });

  it('answers 400 unless exactly one of Identity or Address is given', async () => {
    for (const query of [{}, { identity: 'alice@example.com', address: phone }]) {
      const error = await restError(conversations().participantConversations.list(query));
      expect(error).toMatchObject({ status: 400, message: 'Specify exactly one of Identity or Address' });
    }
  });

  it('fetches a conversation with its state and timers', async () => {
    const closed = await conversations().services(S).conversations(SEED.channels.untitled.sid).fetch();
    expect(closed).toMatchObject({ state: 'closed', chatServiceSid: S, friendlyName: null });
    expect(Object.keys(closed.timers as object).sort()).toEqual(['date_closed', 'date_inactive']);
    const active = await conversations().conversations('general').fetch();
    expect(active).toMatchObject({ sid: SEED.channels.general.sid, state: 'active', timers: {} });
  });

  it('lists participants (chat and SMS) and fetches one by SID or identity', async () => {
    const participants = await conversations()
      .services(S)
      .conversations(SEED.channels.smsOrder.sid)
      .participants.list();
    expect(participants.map((p) => p.identity ?? p.messagingBinding?.address)).toEqual(
      expect.arrayContaining(['dave@example.com', phone]),
    );
    const sms = participants.find((p) => p.identity === null);
    expect(sms?.messagingBinding).toEqual({ type: 'sms', address: phone, proxy_address: '+15017122661' });
    const dave = await conversations()
      .services(S)
      .conversations('sms-order-4411')
      .participants(enc('dave@example.com'))
      .fetch();
    expect(dave).toMatchObject({
      identity: 'dave@example.com',
      messagingBinding: null,
      lastReadMessageIndex: 9,
    });
    expect(dave.roleSid).toMatch(/^RL/);
    expect(
      await restError(
        conversations().services(S).conversations('general').participants.list({ pageSize: 101 }),
      ),
    ).toMatchObject({
      status: 400,
    });
  });

  it('lists the newest messages with order desc, 100 a page at most', async () => {
    const newest = await conversations()
      .services(S)
      .conversations('billing')
      .messages.list({ order: 'desc', limit: 3, pageSize: 3 });
    expect(newest.map((m) => m.index)).toEqual([...newest.map((m) => m.index)].sort((a, b) => b - a));
    expect(newest[0]).toMatchObject({ conversationSid: SEED.channels.billing.sid, delivery: null });
    expect(newest[0]?.author).toBeTruthy();
    const all = await conversations().services(S).conversations('billing').messages.list({ pageSize: 100 });
    expect(all).toHaveLength(85);
    expect(
      await restError(conversations().services(S).conversations('billing').messages.list({ pageSize: 101 })),
    ).toMatchObject({
      status: 400,
    });
  });

  it('removes a participant: the user conversation goes with it', async () => {
    const scoped = conversations().services(S);
    const member = await scoped.users(enc('alice@example.com')).userConversations('general').fetch();
    expect(await scoped.conversations('general').participants(member.participantSid).remove()).toBe(true);
    expect(
      await restError(scoped.users(enc('alice@example.com')).userConversations('general').fetch()),
    ).toMatchObject({
      status: 404,
    });
    expect(await scoped.users(enc('alice@example.com')).userConversations.list()).toHaveLength(5);
    const sms = (await scoped.participantConversations.list({ address: phone }))[0];
    expect(
      await scoped
        .conversations(sms?.conversationSid ?? '')
        .participants(sms?.participantSid ?? '')
        .remove(),
    ).toBe(true);
    expect(await scoped.participantConversations.list({ address: phone })).toHaveLength(1);
  });
});
