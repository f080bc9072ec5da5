import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { DIAGNOSIS_SEED } from '../../../../mocks/seed-diagnosis.ts';
import type { ApiKind } from '../../../lib/twilio/membership.ts';
import { fake } from '../../../testing/fake-server.ts';
import { bindingsQuery, MAX_BINDING_PAGES } from './push.ts';

const service = SEED.services.support.sid;
const max = DIAGNOSIS_SEED.users.manyDevices;

function readDevices(api: ApiKind, user: string, identity: string | null) {
  return new QueryClient().fetchQuery(bindingsQuery({ api, service, user }, identity));
}

const bindingReads = () =>
  fake.log
    .filter((e) => e.method === 'GET' && e.path.endsWith('/Bindings'))
    .map((e) => ({ pageSize: e.query.PageSize, token: Boolean(e.query.PageToken) }));

/** More registrations for Max, copies of his first one under new SIDs (shared by Chat and Conversations). */
function registerMore(count: number) {
  const template = [...fake.store.bindings.values()].find((b) => b.userSid === max.sid);
  if (!template) throw new Error('Max has no registration');
  for (let n = 0; n < count; n++) {
    const sid = `BS${`more${n}`.padStart(32, '0')}`;
    fake.store.bindings.set(sid, { ...template, sid, seq: fake.store.nextSeq() });
  }
}

describe('the user’s devices, page after page', () => {
  it('Chat v2: follows next_page_url until the last page (120 devices in 3 pages of 50)', async () => {
    const devices = await readDevices('chat-v2', max.identity, max.identity);
    expect(devices.bindings).toHaveLength(DIAGNOSIS_SEED.manyDevicesCount);
    expect(new Set(devices.bindings.map((b) => b.sid)).size).toBe(DIAGNOSIS_SEED.manyDevicesCount);
    expect(devices.capped).toBe(false);
    expect(bindingReads()).toEqual([
      { pageSize: '50', token: false },
      { pageSize: '50', token: true },
      { pageSize: '50', token: true },
    ]);
  });

  it('Conversations: the service’s bindings by identity, 100 a page (2 pages), only this user’s', async () => {
    const devices = await readDevices('conversations', max.sid, max.identity);
    expect(devices.bindings).toHaveLength(DIAGNOSIS_SEED.manyDevicesCount);
    expect(devices.capped).toBe(false);
    expect(bindingReads()).toEqual([
      { pageSize: '100', token: false },
      { pageSize: '100', token: true },
    ]);
    expect(fake.log.every((e) => e.query.Identity === max.identity)).toBe(true);
  });

  it(`stops after ${MAX_BINDING_PAGES} pages and says it did (capped)`, async () => {
    registerMore(300);
    const chat = await readDevices('chat-v2', max.sid, max.identity);
    expect(chat.bindings).toHaveLength(MAX_BINDING_PAGES * 50);
    expect(chat.capped).toBe(true);
    expect(bindingReads()).toHaveLength(MAX_BINDING_PAGES);

    fake.log.clear();
    // 420 fit in Conversations' 5 pages of 100: every one is read.
    const conversations = await readDevices('conversations', max.sid, max.identity);
    expect(conversations.bindings).toHaveLength(DIAGNOSIS_SEED.manyDevicesCount + 300);
    expect(conversations.capped).toBe(false);
    expect(bindingReads()).toHaveLength(5);
  });

  it('a user with one page of devices costs one request', async () => {
    const pat = DIAGNOSIS_SEED.users.pushes;
    const devices = await readDevices('chat-v2', pat.identity, pat.identity);
    expect(devices.bindings).toHaveLength(3);
    expect(bindingReads()).toEqual([{ pageSize: '50', token: false }]);
  });
});
