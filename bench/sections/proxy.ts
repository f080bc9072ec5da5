import { randomBytes } from 'node:crypto';
import http from 'node:http';
import autocannon from 'autocannon';
import { SEED } from '../../mocks/seed.ts';
import { type Running, startDemoServer, startLiveServer, startStandaloneFake } from '../lib/processes.ts';
import { round, type Summary, summarize } from '../lib/stats.ts';

// 6. Proxy overhead. Three ways to GET the same Twilio resource (alice's channel list, 6 records), each its own
// process on loopback:
//   direct  — the standalone fake (mocks/standalone-server.ts) with Basic auth;
//   live    — Horizon in live mode forwarding to that fake (/api/…): the real proxy path, one extra HTTP hop;
//   demo    — Horizon in demo mode answering from its in-process fake (/api/…): the proxy code without the hop.
// Latency: sequential requests over one keep-alive connection, the three interleaved, after a warm-up; overhead =
// (live or demo) − direct at the same percentile. Throughput: autocannon, 100 connections, LOAD_SECONDS each.

export interface LoadResult {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  ok: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

export interface ProxyResult {
  resource: string;
  samples: number;
  latency: Record<'direct' | 'live' | 'demo', Summary>;
  overhead: { live: { p50: number; p99: number }; demo: { p50: number; p99: number } };
  load: Record<'direct' | 'live' | 'demo', LoadResult>;
}

function timedGet(agent: http.Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const request = http.get(url, { agent, headers }, (response) => {
      response.on('data', () => undefined);
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`GET ${url} → ${response.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - start) / 1e6);
      });
    });
    request.on('error', reject);
  });
}

async function load(url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  const result = await autocannon({ url, connections: 100, duration: seconds, headers });
  return {
    connections: 100,
    seconds,
    requestsPerSecond: round(result.requests.average, 0),
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    ok: result['2xx'],
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function measureProxy({
  samples,
  loadSeconds,
}: {
  samples: number;
  loadSeconds: number;
}): Promise<ProxyResult> {
  const credentials = { accountSid: SEED.accountSid, authToken: randomBytes(16).toString('hex') };
  const basic = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
  const twilioPath = `/chat/v2/Services/${SEED.services.support.sid}/Users/${encodeURIComponent(SEED.users.alice.identity)}/Channels`;
  const started: Running[] = [];
  try {
    const fake = await startStandaloneFake(credentials);
    started.push(fake);
    const live = await startLiveServer(fake.url, credentials);
    started.push(live);
    const demo = await startDemoServer({ HORIZON_FAKE_CONTROL: '' });
    started.push(demo);

    const targets = {
      direct: { url: `${fake.url}${twilioPath}`, headers: { authorization: basic } },
      live: { url: `${live.url}/api${twilioPath}`, headers: {} },
      demo: { url: `${demo.url}/api${twilioPath}`, headers: {} },
    } as const;
    const names = ['direct', 'live', 'demo'] as const;
    const agents = Object.fromEntries(
      names.map((name) => [name, new http.Agent({ keepAlive: true, maxSockets: 1 })]),
    ) as Record<(typeof names)[number], http.Agent>;
    const times: Record<(typeof names)[number], number[]> = { direct: [], live: [], demo: [] };
    const warmUp = Math.min(200, samples);
    for (let i = 0; i < samples + warmUp; i++) {
      // Rotate the order so no target always goes first after the others.
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length] as (typeof names)[number];
        const ms = await timedGet(agents[name], targets[name].url, targets[name].headers);
        if (i >= warmUp) times[name].push(ms);
      }
    }
    for (const agent of Object.values(agents)) agent.destroy();
    const latency = {
      direct: summarize(times.direct),
      live: summarize(times.live),
      demo: summarize(times.demo),
    };
    const overhead = (name: 'live' | 'demo') => ({
      p50: round(latency[name].median - latency.direct.median, 3),
      p99: round(latency[name].p99 - latency.direct.p99, 3),
    });

    const loadResults = {} as Record<(typeof names)[number], LoadResult>;
    for (const name of names) {
      loadResults[name] = await load(targets[name].url, targets[name].headers, loadSeconds);
    }
    return {
      resource: `GET ${twilioPath}`,
      samples,
      latency,
      overhead: { live: overhead('live'), demo: overhead('demo') },
      load: loadResults,
    };
  } finally {
    for (const process of started.reverse()) await process.stop();
  }
}
