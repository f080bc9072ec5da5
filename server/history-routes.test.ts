import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { basic, EDITOR, type LiveSetup, startLive, VIEWER } from './testing.ts';

// GET /api/history and its export, over the real server with its embedded database, after real changes.

const SERVICE = SEED.services.support.sid;
const ALICE = SEED.users.alice;
const GENERAL = SEED.channels.general.sid;

let live: LiveSetup;

async function get(path: string, agent = VIEWER) {
  return fetch(`${live.horizon.url}${path}`, {
    headers: { Authorization: basic(agent.name, agent.password) },
  });
}

async function change(channel: string, level: 'muted' | 'default', reason?: string) {
  const response = await fetch(
    `${live.horizon.url}/api/chat/v2/Services/${SERVICE}/Users/${encodeURIComponent(ALICE.identity)}/Channels/${channel}`,
    {
      method: 'POST',
      body: `NotificationLevel=${level}`,
      headers: {
        Authorization: basic(EDITOR.name, EDITOR.password),
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: live.horizon.url,
        'X-Horizon-Client': 'console',
        ...(reason === undefined ? {} : { 'X-Horizon-Reason': encodeURIComponent(reason) }),
      },
    },
  );
  expect(response.status).toBe(200);
}

type Page = {
  entries: { id: string; params: Record<string, string>; channelSid: string }[];
  nextCursor: string | null;
};

beforeAll(async () => {
  live = await startLive();
  await change(GENERAL, 'muted');
  await change(GENERAL, 'default');
  await change(SEED.channels.billing.sid, 'muted');
}, 30_000);

afterAll(async () => {
  await live?.close();
});

describe('GET /api/history', () => {
  it('lists the changes newest first, filtered, with cursor pages', async () => {
    const byUser = `/api/history?user=${encodeURIComponent(ALICE.identity)}&limit=2`;
    await expect
      .poll(
        async () =>
          ((await (await get(`${byUser.replace('limit=2', 'limit=10')}`)).json()) as Page).entries.length,
      )
      .toBe(3);
    const first = (await (await get(byUser)).json()) as Page;
    expect(first.entries.map((entry) => entry.params.NotificationLevel)).toEqual(['muted', 'default']);
    expect(first.entries[0]?.channelSid).toBe(SEED.channels.billing.sid);
    expect(first.nextCursor).toEqual(first.entries[1]?.id);
    const second = (await (await get(`${byUser}&cursor=${first.nextCursor}`)).json()) as Page;
    expect(second.entries.map((entry) => entry.params.NotificationLevel)).toEqual(['muted']);
    expect(second.nextCursor).toBeNull();

    const mutesInGeneral = (await (await get(`/api/history?channel=${GENERAL}&action=mute`)).json()) as Page;
    expect(mutesInGeneral.entries).toHaveLength(1);
    const byAgent = (await (await get(`/api/history?agent=${EDITOR.name}&outcome=refused`)).json()) as Page;
    expect(byAgent.entries).toEqual([]);
  });

  it('says what is wrong with a bad filter', async () => {
    const response = await get('/api/history?limit=9000&from=yesterday');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; code: number };
    expect(body.code).toBe(20001);
    expect(body.message).toMatch(/limit must be 1-500/);
    expect(body.message).toMatch(/from\/to must be ISO/);
  });

  it('needs a signed-in agent', async () => {
    const response = await fetch(`${live.horizon.url}/api/history`);
    expect(response.status).toBe(401);
  });
});

describe('GET /api/history/export', () => {
  it('exports the filtered history as CSV, formula-safe', async () => {
    const response = await get(`/api/history/export?format=csv&channel=${GENERAL}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="horizon-history-\d{4}-\d\d-\d\d\.csv"/,
    );
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,time,agent,action,outcome,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',unmute,forwarded,');
    expect(lines[2]).toContain(',mute,forwarded,');
  });

  it('exports JSON with the filters it applied', async () => {
    const response = await get(`/api/history/export?format=json&action=mute`);
    const body = (await response.json()) as { filters: object; truncated: boolean; entries: unknown[] };
    expect(body.filters).toEqual({ action: 'mute' });
    expect(body.truncated).toBe(false);
    expect(body.entries).toHaveLength(2);
  });
});

describe('GET /api/history?reason=', () => {
  it('finds changes by part of their reason or ticket, any case, wildcards taken literally', async () => {
    await change(GENERAL, 'muted', 'ZD-4411 weekend für Ops');
    await change(GENERAL, 'default', '100% done');
    const search = async (reason: string) =>
      (
        (await (await get(`/api/history?reason=${encodeURIComponent(reason)}`)).json()) as {
          entries: { reason: string }[];
        }
      ).entries.map((entry) => entry.reason);
    expect(await search('zd-4411')).toEqual(['ZD-4411 weekend für Ops']);
    expect(await search('FÜR')).toEqual(['ZD-4411 weekend für Ops']);
    expect(await search('100%')).toEqual(['100% done']);
    // % and _ are the agent's characters, not LIKE's wildcards.
    expect(await search('%')).toEqual(['100% done']);
    expect(await search('_')).toEqual([]);
  });
});
