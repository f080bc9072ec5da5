import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from '../mocks/seed.ts';
import { ACCOUNT_SID, AUTH_TOKEN, readTrail, recordingUpstream, startHorizonProcess } from './testing.ts';

// The write-ahead audit under kill -9: a burst of 200 changes through a real Horizon process against a recording
// upstream, the process killed mid-burst, then every change that reached "Twilio" must have a record.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('write-ahead audit under kill -9', () => {
  it('leaves a record of every change that reached Twilio', async () => {
    const upstream = await recordingUpstream();
    closers.push(upstream.close);
    const dir = await mkdtemp(join(tmpdir(), 'horizon-crash-'));
    const auditFile = join(dir, 'audit.jsonl');
    const horizon = startHorizonProcess({
      HOST: '127.0.0.1',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_CHAT_BASE_URL: `${upstream.url}/chat`,
      TWILIO_CONVERSATIONS_BASE_URL: `${upstream.url}/conversations`,
      CONSOLE_AUTH: 'none',
      AUDIT_LOG_FILE: auditFile,
    });
    closers.push(async () => {
      if (horizon.child.exitCode === null) horizon.child.kill('SIGKILL');
    });
    const url = await horizon.listening;
    const bee = SEED.users.busyBee.sid;
    const channels = [...upstream.fake.store.members.values()]
      .filter((member) => member.userSid === bee)
      .map((member) => member.channelSid);
    const burst = Array.from({ length: 200 }, (_, index) =>
      fetch(
        `${url}/api/chat/v2/Services/${SEED.services.support.sid}/Users/${bee}/Channels/${channels[index % channels.length]}`,
        {
          method: 'POST',
          // Each change carries its own number, so upstream's log and the trail can be matched one to one.
          body: `LastConsumedMessageIndex=${index}`,
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Origin: url,
            'X-Horizon-Client': 'console',
          },
        },
      ).catch(() => null),
    );
    const posts = () => upstream.fake.log.filter((entry) => entry.method === 'POST');
    await expect.poll(() => posts().length, { timeout: 15_000, interval: 5 }).toBeGreaterThanOrEqual(40);
    horizon.child.kill('SIGKILL');
    await horizon.exited;
    await Promise.all(burst);
    // Requests Horizon sent before it died are still being answered: the log is final once none is.
    await expect.poll(() => upstream.answering(), { timeout: 10_000, interval: 10 }).toBe(0);

    const reached = posts().map((entry) => entry.body?.LastConsumedMessageIndex);
    const trail = await readTrail(auditFile);
    const recorded = new Map(trail.map((entry) => [entry.params.LastConsumedMessageIndex, entry.outcome]));
    const unrecorded = reached.filter((index) => {
      const outcome = recorded.get(index);
      return outcome !== 'forwarded' && outcome !== 'unknown';
    });
    expect(reached.length).toBeGreaterThanOrEqual(40);
    expect(reached.length).toBeLessThan(200);
    expect(unrecorded).toEqual([]);
    // The trail never claims a change went out that didn't: every 'forwarded' one is in upstream's log.
    const forwarded = trail.filter((entry) => entry.outcome === 'forwarded');
    expect(forwarded.every((entry) => reached.includes(entry.params.LastConsumedMessageIndex))).toBe(true);
  });
});
