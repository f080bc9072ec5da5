import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED } from '../../mocks/seed.ts';
import {
  ACCOUNT_SID,
  basic,
  EDITOR,
  type Exchange,
  killMidBurst,
  rawRequest,
  recordingUpstream,
  startLive,
  startLiveProcess,
  VIEWER,
} from '../../server/testing.ts';
import { type BulkQueueOptions, createBulkQueue } from '../../src/features/bulk-changes/api/bulk-queue.ts';
import { median, round } from '../lib/stats.ts';

// The server's hardening and Twilio budget (issue 13), measured against the fake: bad inputs, unaudited changes
// after kill -9, an editor's change under a wrong-password flood, Twilio requests per lookup, bulk mutes against
// Twilio's write limits, and peak RSS with a 200 MB answer. BENCHMARKS.md, "Hardening", says how to read them.

const SERVICE = SEED.services.support.sid;
const ALICE = SEED.users.alice;
const GENERAL = SEED.channels.general.sid;
const changeHeaders = (url: string, agent = EDITOR) => ({
  Authorization: basic(agent.name, agent.password),
  'Content-Type': 'application/x-www-form-urlencoded',
  Origin: url,
  'X-Horizon-Client': 'console',
});

async function badInputs() {
  const live = await startLive();
  try {
    const url = live.horizon.url;
    const users = `/api/chat/v2/Services/${SERVICE}/Users`;
    const change = `${users}/${ALICE.sid}/Channels/${GENERAL}`;
    const port = new URL(url).port;
    type Attempt = { target: string; method?: string; headers?: Record<string, string>; body?: string };
    const editor = changeHeaders(url);
    const attempts: Attempt[] = [
      { target: `${users}/../Users/${ALICE.sid}/Channels` },
      { target: `${users}/..%2F..%2FServices` },
      { target: `${users}/alice%2F..%2F..%2FServices/Channels` },
      { target: `${change.replace(GENERAL, '..%2F..%2F..')}`, method: 'DELETE', headers: editor },
      { target: `${users}/alice%00/Channels` },
      { target: `${users}/alice%0d%0aX-Injected:%201/Channels` },
      { target: `${users}/alice%zz/Channels` },
      { target: `/api/chat/v2/Services/IS123/Users` },
      { target: `/api/chat/v2/Services/${SERVICE}/Users/US${'0'.repeat(20)}/Channels` },
      { target: `/api/chat/v2/Services/${SERVICE}/Roles` },
      {
        target: `/api/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
        method: 'POST',
        headers: editor,
        body: 'To=1',
      },
      { target: `${users}?PageSize=50&Evil=1` },
      { target: `${users}?PageSize=x` },
      {
        target: change,
        method: 'POST',
        headers: {
          ...editor,
          Host: `rebind.attacker.example:${port}`,
          Origin: `http://rebind.attacker.example:${port}`,
        },
        body: 'NotificationLevel=muted',
      },
      { target: `${users}`, headers: { Authorization: editor.Authorization, Host: 'evil.example' } },
      {
        target: change,
        method: 'POST',
        headers: { ...editor, 'X-Horizon-Client': '' },
        body: 'NotificationLevel=muted',
      },
      {
        target: change,
        method: 'POST',
        headers: { ...editor, Origin: 'https://evil.example' },
        body: 'NotificationLevel=muted',
      },
      {
        target: change,
        method: 'POST',
        headers: { ...editor, 'Sec-Fetch-Site': 'cross-site' },
        body: 'NotificationLevel=muted',
      },
      {
        target: change,
        method: 'POST',
        headers: changeHeaders(url, VIEWER),
        body: 'NotificationLevel=muted',
      },
      { target: change, method: 'POST', headers: editor, body: 'FriendlyName=x' },
      { target: change, method: 'POST', headers: editor, body: 'NotificationLevel=loud' },
      {
        target: change,
        method: 'POST',
        headers: editor,
        body: 'NotificationLevel=muted&NotificationLevel=default',
      },
      {
        target: change,
        method: 'POST',
        headers: { ...editor, 'Content-Type': 'application/json' },
        body: '{"NotificationLevel":"muted"}',
      },
      {
        target: change,
        method: 'POST',
        headers: editor,
        body: `NotificationLevel=muted&x=${'a'.repeat(20_000)}`,
      },
      { target: `${change}?Evil=1`, method: 'POST', headers: editor, body: 'NotificationLevel=muted' },
      // Content-Length given: Node's client sends a DELETE body unframed otherwise (the server sees no body).
      { target: change, method: 'DELETE', headers: { ...editor, 'Content-Length': '3' }, body: 'x=1' },
      {
        target: change,
        method: 'POST',
        headers: { ...editor, 'X-Horizon-Reason': 'x'.repeat(300) },
        body: 'NotificationLevel=muted',
      },
      {
        target: change,
        method: 'POST',
        headers: { ...editor, Authorization: basic(EDITOR.name, 'wrong-password') },
        body: 'NotificationLevel=muted',
      },
      { target: change, method: 'DELETE', headers: { ...editor, Authorization: 'Basic' } },
      { target: change, method: 'PUT', headers: editor, body: 'NotificationLevel=muted' },
    ];
    const before = live.fake.fake.log.length;
    let refused = 0;
    for (const attempt of attempts) {
      const response = await rawRequest(url, attempt.target, {
        method: attempt.method ?? 'GET',
        headers: { Authorization: editor.Authorization, ...attempt.headers },
        body: attempt.body,
      });
      if (response.status >= 400) refused++;
    }
    const reachingUpstream = live.fake.fake.log
      .slice(before)
      .filter((entry) => entry.method !== 'GET').length;
    return {
      tried: attempts.length,
      refused,
      changesReachingUpstream: reachingUpstream,
      readsReachingUpstream: live.fake.fake.log.length - before - reachingUpstream,
    };
  } finally {
    await live.close();
  }
}

async function crashBurst() {
  const { reached, trail } = await killMidBurst({ changes: 200, killAfterWrites: 80 });
  const outcome = new Map(trail.map((entry) => [entry.params.LastConsumedMessageIndex, entry.outcome]));
  const unaudited = reached.filter((index) => !['forwarded', 'unknown'].includes(outcome.get(index) ?? ''));
  return {
    sent: 200,
    reachedTwilio: reached.length,
    recorded: trail.length,
    unknownAfterRestart: trail.filter((entry) => entry.outcome === 'unknown').length,
    unaudited: unaudited.length,
  };
}

async function timedChanges(url: string, count: number): Promise<number[]> {
  const path = `${url}/api/chat/v2/Services/${SERVICE}/Users/${ALICE.sid}/Channels/${GENERAL}`;
  const times: number[] = [];
  for (let n = 0; n < count; n++) {
    const started = performance.now();
    const response = await fetch(path, {
      method: 'POST',
      body: `NotificationLevel=${n % 2 ? 'muted' : 'default'}`,
      headers: changeHeaders(url),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`editor change answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** Horizon in its own process (the flood's clients must not share its CPU thread), basic sign-in, a local fake. */
async function signInFlood() {
  const upstream = await recordingUpstream({});
  const horizon = await startLiveProcess(upstream.url);
  try {
    const url = await horizon.listening;
    await timedChanges(url, 5); // warm: the editor's header is verified once
    const quiet = await timedChanges(url, 60);
    // The flood runs in a process of its own: in this one it would slow the fake the editor's changes go to.
    const flood = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const stop = Date.now() + 120000; let n = 0;
         await Promise.all(Array.from({ length: 8 }, async (_, c) => {
           while (Date.now() < stop) {
             const r = await fetch(process.argv[1] + '/api/session', { headers: { Authorization: 'Basic ' + btoa('erin:wrong-' + c + '-' + n++) } });
             await r.arrayBuffer();
             process.stdout.write(r.status + '\\n');
           }
         }));`,
        url,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const answers = new Map<string, number>();
    flood.stdout?.on('data', (chunk: Buffer) => {
      for (const status of chunk.toString().split('\n').filter(Boolean)) {
        answers.set(status, (answers.get(status) ?? 0) + 1);
      }
    });
    while ((answers.get('429') ?? 0) < 50) await new Promise((resolve) => setTimeout(resolve, 20));
    const flooded = await timedChanges(url, 60);
    flood.kill('SIGKILL');
    return {
      quietMedianMs: round(median(quiet), 1),
      floodMedianMs: round(median(flooded), 1),
      ratio: round(median(flooded) / median(quiet), 2),
      wrongGuesses: Object.fromEntries(answers),
    };
  } finally {
    await horizon.kill();
    await upstream.close();
  }
}

async function lookupRequests() {
  const live = await startLive();
  try {
    const bee = SEED.users.busyBee.sid;
    const lookup = async (agent: typeof EDITOR) => {
      const headers = { Authorization: basic(agent.name, agent.password) };
      const base = `${live.horizon.url}/api/chat/v2/Services/${SERVICE}`;
      const before = live.fake.fake.log.length;
      await (await fetch(`${base}/Users/${bee}`, { headers })).arrayBuffer();
      const page = (await (await fetch(`${base}/Users/${bee}/Channels?PageSize=50`, { headers })).json()) as {
        channels: { channel_sid: string }[];
      };
      for (let start = 0; start < page.channels.length; start += 6) {
        await Promise.all(
          page.channels
            .slice(start, start + 6)
            .map(async (row) =>
              (await fetch(`${base}/Channels/${row.channel_sid}`, { headers })).arrayBuffer(),
            ),
        );
      }
      return live.fake.fake.log.length - before;
    };
    return { rows: 50, firstAgent: await lookup(EDITOR), secondAgent: await lookup(VIEWER) };
  } finally {
    await live.close();
  }
}

/**
 * 1000 mutes by the console's bulk queue through Horizon (its own process, as deployed) against the fake with
 * Twilio's write limits on. Besides the rate: the 429s, how many changes were in flight at most, how busy the
 * bound's slots were, and where a change's time went (its read and write as the fake saw them, the gap between them
 * where Horizon writes the intent, the whole change as the queue saw it).
 */
export async function bulkMutes(
  latencyMs: number,
  count: number,
  queueOptions: Pick<BulkQueueOptions<unknown, unknown>, 'concurrency' | 'maxConcurrency'> = {},
) {
  const bound = 10; // UPSTREAM_CONCURRENCY's default
  const upstream = await recordingUpstream({ latencyMs, writeLimits: true });
  const horizon = await startLiveProcess(upstream.url, { UPSTREAM_CONCURRENCY: String(bound) });
  try {
    const url = await horizon.listening;
    const user = SEED.users.thousand;
    const memberships = [...upstream.fake.store.members.values()]
      .filter((member) => member.userSid === user.sid)
      .slice(0, count);
    let rateLimited = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const changeMs: number[] = [];
    const queue = createBulkQueue({
      items: memberships,
      id: (member) => member.channelSid,
      run: async (member) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const sent = performance.now();
        try {
          const response = await fetch(
            `${url}/api/chat/v2/Services/${SERVICE}/Users/${user.sid}/Channels/${member.channelSid}`,
            { method: 'POST', body: 'NotificationLevel=muted', headers: changeHeaders(url) },
          );
          const body = await response.text();
          if (response.status === 429) rateLimited++;
          if (!response.ok) throw Object.assign(new Error(body), { status: response.status });
          changeMs.push(performance.now() - sent);
          return response.status;
        } finally {
          inFlight--;
        }
      },
      ...queueOptions,
    });
    const exchangesBefore = upstream.exchanges.length;
    const started = performance.now();
    await queue.start();
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const snapshot = queue.snapshot();
    const muted = memberships.filter((member) => member.notificationLevel === 'muted').length;
    const achieved = snapshot.done / seconds;
    const enforced = 30;
    const boundAllows = bound / ((2 * latencyMs) / 1000);
    const exchanges = upstream.exchanges.slice(exchangesBefore);
    const slotMs = exchanges.reduce((sum, exchange) => sum + exchange.end - exchange.start, 0);
    // A mute that went through: its last read and the write after it, by channel.
    const split = { read: [] as number[], audit: [] as number[], write: [] as number[] };
    const byChannel = new Map<string, Exchange[]>();
    for (const exchange of exchanges) {
      const channel = exchange.path.split('/').pop() ?? '';
      byChannel.set(channel, [...(byChannel.get(channel) ?? []), exchange]);
    }
    for (const list of byChannel.values()) {
      const write = list.findLast((exchange) => exchange.method === 'POST' && exchange.status === 200);
      const read = list.findLast(
        (exchange) => exchange.method === 'GET' && exchange.end <= (write?.start ?? 0),
      );
      if (!read || !write) continue;
      split.read.push(read.end - read.start);
      split.audit.push(write.start - read.end);
      split.write.push(write.end - write.start);
    }
    return {
      latencyMs,
      changes: memberships.length,
      seconds: round(seconds, 1),
      achievedPerSecond: round(achieved, 1),
      enforcedPerSecond: enforced,
      boundAllowsPerSecond: round(boundAllows, 1),
      ratio: round(achieved / Math.min(enforced, boundAllows), 2),
      failed: snapshot.failed,
      lostRows: memberships.length - muted,
      rateLimited,
      twilioRequests: exchanges.length,
      finalConcurrency: snapshot.concurrency,
      maxInFlight,
      /** Share of the bound's slot time Twilio spent answering: 1 = every slot busy the whole run. */
      slotsBusy: round(slotMs / (bound * (ended - started)), 2),
      medianMs: {
        read: round(median(split.read), 0),
        betweenReadAndWrite: round(median(split.audit), 0),
        write: round(median(split.write), 0),
        change: round(median(changeMs), 0),
      },
    };
  } finally {
    await horizon.kill();
    await upstream.close();
  }
}

/** Horizon's own peak RSS (VmHWM) while a 200 MB answer comes from "Twilio". */
async function peakRss() {
  const chunk = Buffer.from(`"${'x'.repeat(1024 * 1024 - 2)}"`);
  const upstream = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    let sent = 0;
    const pump = () => {
      while (sent < 200) {
        sent++;
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      response.end();
    };
    request.resume();
    response.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const horizon = await startLiveProcess(upstreamUrl, { CONSOLE_AUTH: 'none' });
  const rssMb = () => {
    const status = readFileSync(`/proc/${horizon.child.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rss: round(kb('VmRSS') / 1024, 0), peak: round(kb('VmHWM') / 1024, 0) };
  };
  try {
    const url = await horizon.listening;
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    const idle = rssMb();
    const started = performance.now();
    const response = await fetch(`${url}/api/chat/v2/Services/${SERVICE}/Users/${ALICE.sid}`, {
      headers: { 'Accept-Encoding': 'br, gzip' },
    });
    const body = (await response.json()) as { message?: string };
    const elapsed = performance.now() - started;
    const healthStarted = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    return {
      upstreamMb: 200,
      status: response.status,
      message: body.message ?? null,
      answeredInMs: round(elapsed, 0),
      idleRssMb: idle.rss,
      peakRssMb: rssMb().peak,
      healthzAfterMs: round(performance.now() - healthStarted, 1),
    };
  } finally {
    await horizon.kill();
    upstream.closeAllConnections();
    upstream.close();
  }
}

export async function measureHardening(options: { bulkChanges: number; latencies: number[] }) {
  return {
    badInputs: await badInputs(),
    crash: await crashBurst(),
    signInFlood: await signInFlood(),
    lookupRequests: await lookupRequests(),
    bulk: await (async () => {
      const runs = [];
      for (const latency of options.latencies) runs.push(await bulkMutes(latency, options.bulkChanges));
      return runs;
    })(),
    peakRss: await peakRss(),
  };
}

export type HardeningResult = Awaited<ReturnType<typeof measureHardening>>;
