import { describe, expect, it } from 'vitest';
import { SEED } from '../../../mocks/seed.ts';
import { fake, requestLines } from '../../testing/fake-server.ts';
import { conversationsAdapter as conversations } from './conversations.ts';

const SUPPORT = SEED.services.support.sid;
const SALES = SEED.services.sales.sid;

describe('Conversations adapter: Conversations v1 only', () => {
  it('offers the default service first and marks it, from /v1/Configuration', async () => {
    fake.log.clear();
    const services = await conversations.listServices();
    expect(services).toEqual([
      { sid: SUPPORT, friendlyName: 'Acme Support', isDefault: true },
      { sid: SALES, friendlyName: 'Acme Sales', isDefault: false },
    ]);
    fake.store.defaultConversationServiceSid = SALES;
    expect((await conversations.listServices()).map((s) => [s.sid, s.isDefault])).toEqual([
      [SALES, true],
      [SUPPORT, false],
    ]);
    expect(requestLines().every((line) => line.startsWith('GET /api/conversations/v1/'))).toBe(true);
    fake.reset();
  });

  it('still lists the services when the configuration can’t be read', async () => {
    fake.knobs.faults.push({ pathIncludes: '/Configuration', status: 403, code: 20003 });
    expect((await conversations.listServices()).map((s) => s.isDefault)).toEqual([false, false]);
    fake.reset();
  });

  it('reads the user, the conversation, the participant and the newest messages without a Chat path', async () => {
    fake.log.clear();
    const dave = SEED.users.dave.identity;
    const user = await conversations.fetchUser(SUPPORT, dave);
    expect(user).toMatchObject({ sid: SEED.users.dave.sid, identity: dave, joinedChannelsCount: null });

    const closed = await conversations.fetchChannel?.(SUPPORT, SEED.channels.smsRefund.sid);
    expect(closed?.conversation).toEqual({
      state: 'closed',
      dateInactive: expect.stringMatching(/^\d{4}-/),
      dateClosed: expect.stringMatching(/^\d{4}-/),
    });
    const row = await conversations.fetchMembership(SUPPORT, dave, SEED.channels.smsOrder.sid);
    expect(row.conversation).toMatchObject({ state: 'active', dateInactive: null, dateClosed: null });

    const participant = await conversations.fetchMember?.(
      SUPPORT,
      SEED.channels.smsOrder.sid,
      row.memberSid ?? '',
    );
    expect(participant).toMatchObject({ sid: row.memberSid, lastReadIndex: 9, messagingBinding: null });
    expect(participant?.roleSid).toMatch(/^RL/);
    expect(participant?.lastConsumptionTimestamp).toMatch(/^\d{4}-/);

    const newest = await conversations.listNewestMessages?.(SUPPORT, SEED.channels.smsOrder.sid, 3);
    expect(newest?.map((m) => m.index)).toEqual([13, 12, 11]);
    expect(newest?.map((m) => m.author)).toContain(SEED.addresses.phone);
    expect(await conversations.fetchNewestMessageIndex?.(SUPPORT, SEED.channels.vipLounge.sid)).toBeNull();

    const lines = requestLines();
    expect(lines.length).toBe(6);
    expect(lines.every((line) => line.startsWith('GET /api/conversations/v1/'))).toBe(true);
    expect(lines).toContain(
      `GET /api/conversations/v1/Services/${SUPPORT}/Conversations/${SEED.channels.smsOrder.sid}/Messages?Order=desc&PageSize=3`,
    );
  });

  it('reads the user and their conversations in the short form on the default service, scoped on any other', async () => {
    await conversations.listServices();
    fake.log.clear();
    await conversations.fetchUser(SUPPORT, 'alice@example.com');
    await conversations.listMemberships({
      service: SUPPORT,
      user: 'alice@example.com',
      pageSize: 2,
      token: null,
    });
    const carol = await conversations.fetchUser(SALES, 'carol@example.com');
    expect(carol.identity).toBe('carol@example.com');
    await conversations.listMemberships({
      service: SALES,
      user: 'carol@example.com',
      pageSize: 2,
      token: null,
    });
    // A change is never sent in the short form: the audit trail names the service it was made in.
    await conversations.updateMembership?.(SUPPORT, 'alice@example.com', SEED.channels.general.sid, {
      notificationLevel: 'muted',
    });
    expect(requestLines()).toEqual([
      'GET /api/conversations/v1/Users/alice%40example.com',
      'GET /api/conversations/v1/Users/alice%40example.com/Conversations?PageSize=2',
      `GET /api/conversations/v1/Services/${SALES}/Users/carol%40example.com`,
      `GET /api/conversations/v1/Services/${SALES}/Users/carol%40example.com/Conversations?PageSize=2`,
      `POST /api/conversations/v1/Services/${SUPPORT}/Users/alice%40example.com/Conversations/${SEED.channels.general.sid}`,
    ]);

    // The account makes Sales its default: the next listing of the services says so, and the forms follow.
    fake.store.defaultConversationServiceSid = SALES;
    await conversations.listServices();
    fake.log.clear();
    await conversations.fetchUser(SUPPORT, 'alice@example.com');
    await conversations.fetchUser(SALES, 'carol@example.com');
    expect(requestLines()).toEqual([
      `GET /api/conversations/v1/Services/${SUPPORT}/Users/alice%40example.com`,
      'GET /api/conversations/v1/Users/carol%40example.com',
    ]);
    fake.reset();
  });

  it('reads every path in the scoped form when the configuration can’t be read', async () => {
    fake.knobs.faults.push({ pathIncludes: '/Configuration', status: 403, code: 20003 });
    await conversations.listServices();
    fake.log.clear();
    await conversations.fetchUser(SUPPORT, 'alice@example.com');
    expect(requestLines()).toEqual([
      `GET /api/conversations/v1/Services/${SUPPORT}/Users/alice%40example.com`,
    ]);
    fake.reset();
    await conversations.listServices();
  });

  it('removes the user as Twilio does: by deleting the participant the user conversation names', async () => {
    fake.log.clear();
    const general = SEED.channels.general.sid;
    const member = fake.store.channels.get(general)?.members.find((m) => m.identity === 'alice@example.com');
    await conversations.removeMembership?.(SUPPORT, 'alice@example.com', general);
    expect(requestLines()).toEqual([
      `GET /api/conversations/v1/Services/${SUPPORT}/Users/alice%40example.com/Conversations/${general}`,
      `DELETE /api/conversations/v1/Services/${SUPPORT}/Conversations/${general}/Participants/${member?.sid}`,
    ]);
    await expect(conversations.fetchMembership(SUPPORT, 'alice@example.com', general)).rejects.toMatchObject({
      status: 404,
    });
    fake.reset();
  });
});
