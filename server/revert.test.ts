import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { basic, EDITOR, type LiveSetup, readTrail, startLive, VIEWER } from './testing.ts';

// Revert from history and the no-op rule, over the real server, its embedded database and the fake Twilio.

const SERVICE = SEED.services.support.sid;
const ALICE = SEED.users.alice;
const membership = (channel: string) =>
  `/api/chat/v2/Services/${SERVICE}/Users/${encodeURIComponent(ALICE.identity)}/Channels/${channel}`;

let live: LiveSetup;

beforeAll(async () => {
  live = await startLive();
}, 30_000);

afterAll(async () => {
  await live?.close();
});

function post(path: string, body: string, agent = EDITOR) {
  return fetch(`${live.horizon.url}${path}`, {
    method: 'POST',
    body,
    headers: {
      Authorization: basic(agent.name, agent.password),
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: live.horizon.url,
      'X-Horizon-Client': 'console',
    },
  });
}

async function change(channel: string, body: string): Promise<string> {
  const response = await post(membership(channel), body);
  expect(response.status).toBe(200);
  return response.headers.get('x-horizon-audit-id') as string;
}

const writesUpstream = () => live.fake.fake.log.filter((entry) => entry.method !== 'GET');
const entry = async (id: string) => (await readTrail(live.horizon.store.trail)).find((e) => e.id === id);

describe('a change that changes nothing', () => {
  it('is not sent to Twilio and is recorded as unchanged, answered with the record as it is', async () => {
    const ops = SEED.channels.ops.sid; // alice's ops membership is muted already
    live.fake.fake.log.clear();
    const response = await post(membership(ops), 'NotificationLevel=muted');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ notification_level: 'muted' });
    expect(writesUpstream()).toEqual([]);
    const id = response.headers.get('x-horizon-audit-id') as string;
    expect(await entry(id)).toMatchObject({
      outcome: 'unchanged',
      status: 200,
      params: { NotificationLevel: 'muted' },
    });
  });
});

describe('POST /api/history/:id/revert', () => {
  it('puts back the value before, as a new audited change linked to the original', async () => {
    const billing = SEED.channels.billing.sid;
    const muted = await change(billing, 'NotificationLevel=muted');
    live.fake.fake.log.clear();
    const reverted = await post(`/api/history/${muted}/revert`, '');
    expect(reverted.status).toBe(200);
    expect(await reverted.json()).toMatchObject({ notification_level: 'default' });
    expect(writesUpstream().map((write) => write.body)).toEqual([{ NotificationLevel: 'default' }]);
    const id = reverted.headers.get('x-horizon-audit-id') as string;
    expect(await entry(id)).toMatchObject({ agent: EDITOR.name, revertOf: muted, outcome: 'forwarded' });
  });

  it('answers 409 with the value now when it changed since, and overwrites it only with force', async () => {
    const general = SEED.channels.general.sid;
    const first = await change(general, 'LastConsumedMessageIndex=210');
    const recorded = (await entry(first))?.before as { last_consumed_message_index: number } | undefined;
    const before = recorded?.last_consumed_message_index;
    expect(before).not.toBe(210);
    await change(general, 'LastConsumedMessageIndex=220');
    live.fake.fake.log.clear();
    const conflict = await post(`/api/history/${first}/revert`, '');
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ current: { LastConsumedMessageIndex: '220' } });
    expect(writesUpstream()).toEqual([]);
    const forced = await post(`/api/history/${first}/revert`, 'force=true');
    expect(forced.status).toBe(200);
    expect(await forced.json()).toMatchObject({ last_consumed_message_index: before });
    expect(writesUpstream().map((write) => write.body)).toEqual([
      { LastConsumedMessageIndex: String(before) },
    ]);
  });

  it('refuses what it cannot revert, an unknown id, a viewer and a cross-site request', async () => {
    const refusal = (await readTrail(live.horizon.store.trail)).find((e) => e.outcome === 'unchanged');
    expect((await post(`/api/history/${refusal?.id}/revert`, '')).status).toBe(422);
    expect((await post('/api/history/000000001-0000-deadbeef/revert', '')).status).toBe(404);
    const billing = await change(SEED.channels.billing.sid, 'NotificationLevel=muted');
    live.fake.fake.log.clear();
    expect((await post(`/api/history/${billing}/revert`, '', VIEWER)).status).toBe(403);
    const crossSite = await fetch(`${live.horizon.url}/api/history/${billing}/revert`, {
      method: 'POST',
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        Origin: 'https://attacker.example',
        'X-Horizon-Client': 'console',
      },
    });
    expect(crossSite.status).toBe(403);
    expect(writesUpstream()).toEqual([]);
  });
});
