import { type APIRequestContext, test as base, expect } from '@playwright/test';
import type { FakeKnobs as AllKnobs, Fault, LogEntry } from '../mocks/fake-twilio.ts';

// The fake's own types: the control endpoints take and return exactly these (DEVELOPERS.md).
export type FakeFault = Fault;
/** Knobs to change; the rest stay as they are (faults have their own endpoint). */
export type FakeKnobs = Partial<Omit<AllKnobs, 'faults'>>;
/** One line of the fake's request log, as `GET /__fake/log` returns it in `{ entries }`. */
export type FakeLogEntry = LogEntry;

/** Test-only control endpoints of the fake Twilio, reachable on Horizon's own origin in demo mode. */
export class FakeTwilio {
  constructor(private readonly request: APIRequestContext) {}

  async reset(): Promise<void> {
    await this.ok(this.request.post('/__fake/reset'), 'POST /__fake/reset');
  }

  async log(): Promise<FakeLogEntry[]> {
    const response = await this.request.get('/__fake/log');
    expect(response.status(), 'GET /__fake/log').toBe(200);
    const json = (await response.json()) as { entries?: unknown };
    if (!Array.isArray(json.entries)) {
      throw new Error(
        `GET /__fake/log: expected { entries: [...] }, got ${JSON.stringify(json).slice(0, 200)}`,
      );
    }
    return json.entries as FakeLogEntry[];
  }

  async clearLog(): Promise<void> {
    await this.ok(this.request.delete('/__fake/log'), 'DELETE /__fake/log');
  }

  async addFault(fault: FakeFault): Promise<void> {
    await this.ok(this.request.post('/__fake/faults', { data: fault }), 'POST /__fake/faults');
  }

  async clearFaults(): Promise<void> {
    await this.ok(this.request.delete('/__fake/faults'), 'DELETE /__fake/faults');
  }

  async setKnobs(knobs: FakeKnobs): Promise<void> {
    await this.ok(this.request.put('/__fake/knobs', { data: knobs }), 'PUT /__fake/knobs');
  }

  private async ok(pending: ReturnType<APIRequestContext['get']>, what: string): Promise<void> {
    const response = await pending;
    expect(response.ok(), `${what} → ${response.status()} ${await response.text()}`).toBe(true);
  }
}

/** The decoded path of a log entry (the fake may log the raw or the decoded path). */
export function decodedPath(entry: FakeLogEntry): string {
  try {
    return decodeURIComponent(entry.path);
  } catch {
    return entry.path;
  }
}

/** A log entry's query or form body as URLSearchParams, whatever shape the fake logged it in. */
export function params(value: unknown): URLSearchParams {
  if (value == null) return new URLSearchParams();
  if (typeof value === 'string') return new URLSearchParams(value.startsWith('?') ? value.slice(1) : value);
  if (typeof value === 'object') {
    const out = new URLSearchParams();
    for (const [key, v] of Object.entries(value)) out.append(key, v == null ? '' : String(v));
    return out;
  }
  return new URLSearchParams();
}

/** Reads Horizon's /api the way the console does (GETs need no extra header). */
export class HorizonApi {
  constructor(private readonly request: APIRequestContext) {}

  async get<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }> {
    const response = await this.request.get(path);
    const text = await response.text();
    return { status: response.status(), body: (text ? JSON.parse(text) : null) as T };
  }

  /** GET that must succeed. */
  async json<T = Record<string, unknown>>(path: string): Promise<T> {
    const { status, body } = await this.get<T>(path);
    expect(status, `GET ${path}`).toBe(200);
    return body;
  }
}

export const test = base.extend<{ fake: FakeTwilio; api: HorizonApi }>({
  // Every test starts from the seed with knobs and faults off and an empty request log, so tests are independent
  // (the fake is one in-memory store shared by the whole run).
  fake: [
    async ({ request }, use) => {
      const fake = new FakeTwilio(request);
      await fake.reset();
      await use(fake);
      await fake.clearFaults();
      await fake.setKnobs({ latencyMs: 0, jitterMs: 0, failureRate: 0, rate429: 0 });
    },
    { auto: true },
  ],
  api: async ({ request }, use) => {
    await use(new HorizonApi(request));
  },
});

export { expect };
