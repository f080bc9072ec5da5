// The fake Twilio's control endpoints (DEVELOPERS.md), reached on Horizon's own origin in demo mode with
// HORIZON_FAKE_CONTROL=1.

import type { FakeKnobs as AllKnobs, LogEntry } from '../../mocks/fake-twilio.ts';

/** One line of the fake's request log (`GET /__fake/log` answers `{ entries }`). */
export type FakeLogEntry = LogEntry;

/** Knobs to change; the rest stay as they are. */
export type FakeKnobs = Partial<Omit<AllKnobs, 'faults'>>;

export class FakeControl {
  constructor(private readonly origin: string) {}

  private async call(method: string, route: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.origin}/__fake/${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${method} /__fake/${route} → ${response.status} ${await response.text()}`);
    }
    return response;
  }

  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }

  async knobs(knobs: FakeKnobs): Promise<void> {
    await this.call('PUT', 'knobs', { latencyMs: 0, jitterMs: 0, failureRate: 0, rate429: 0, ...knobs });
  }

  async clearLog(): Promise<void> {
    await this.call('DELETE', 'log');
  }

  async log(): Promise<FakeLogEntry[]> {
    const json = (await (await this.call('GET', 'log')).json()) as { entries?: unknown };
    if (!Array.isArray(json.entries)) throw new Error('GET /__fake/log: expected { entries: [...] }');
    return json.entries as FakeLogEntry[];
  }
}

/** What a logged Twilio request was, for counting requests per job. */
export function requestKind(entry: FakeLogEntry): string {
  const path = entry.path.replace(/^\/(chat|ip-messaging|conversations)\/v\d+/, '');
  const method = entry.method;
  if (/^\/Services$/.test(path)) return `${method} services`;
  if (/^\/Services\/[^/]+$/.test(path)) return `${method} service`;
  // The user and their list also in Conversations' short form for the default service (`/v1/Users/…`).
  if (/^(\/Services\/[^/]+)?\/Users\/[^/]+$/.test(path)) return `${method} user`;
  if (/^(\/Services\/[^/]+)?\/Users\/[^/]+\/(Channels|Conversations)$/.test(path))
    return `${method} user's channel list`;
  if (/^\/Services\/[^/]+\/Users\/[^/]+\/(Channels|Conversations)\/[^/]+$/.test(path))
    return `${method} user's channel (membership)`;
  if (/^\/Services\/[^/]+\/(Channels|Conversations)\/[^/]+$/.test(path)) return `${method} channel`;
  if (/^\/Services\/[^/]+\/(Channels|Conversations)\/[^/]+\/Messages$/.test(path))
    return `${method} messages`;
  if (/^\/Services\/[^/]+\/(Channels|Conversations)\/[^/]+\/(Members|Participants)(\/[^/]+)?$/.test(path))
    return `${method} members`;
  return `${method} ${path.replace(/\/(IS|US|CH|MB|RL)[0-9a-f]{32}/g, '/$1…')}`;
}

export function countKinds(entries: readonly FakeLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) {
    const kind = requestKind(entry);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
