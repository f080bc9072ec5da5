// Twilio's documented write limits, as a knob of the fake (`writeLimits`, off by default; on in the bench): per
// service 30 user writes a second, per conversation 30 participant writes a second. Past a limit the answer is
// 429 / 20429 and the request is never processed (../shared/twilio/SEMANTICS.md, "Errors and rate limits").

export const WRITES_PER_SECOND = 30;
const WINDOW_MS = 1000;

export interface WriteLimiter {
  /** Whether a write to this (decoded) path may be processed now; counts it when it may. */
  admit(method: string, decodedPath: string, now?: number): boolean;
  reset(): void;
}

/** The rate-limited keys a write counts against: its service's user writes, its conversation's participant writes. */
export function writeKeys(decodedPath: string): string[] {
  const keys: string[] = [];
  const service = /\/Services\/(IS[0-9a-fA-F]{32})\//.exec(decodedPath)?.[1] ?? 'default';
  // A user's own records and their memberships (Chat's user channels, Conversations' user conversations).
  const user = /\/Users\/[^/]+(?:\/(?:Channels|Conversations)\/([^/]+))?$/.exec(decodedPath);
  if (user) {
    keys.push(`users:${service}`);
    if (user[1]) keys.push(`participants:${service}:${user[1]}`);
  }
  const participant = /\/(?:Channels|Conversations)\/([^/]+)\/(?:Members|Participants)(?:\/[^/]+)?$/.exec(
    decodedPath,
  );
  if (participant) keys.push(`participants:${service}:${participant[1]}`);
  return keys;
}

export function createWriteLimiter(perSecond = WRITES_PER_SECOND): WriteLimiter {
  const windows = new Map<string, number[]>();
  return {
    admit(method, decodedPath, now = Date.now()) {
      if (method === 'GET' || method === 'HEAD') return true;
      const keys = writeKeys(decodedPath);
      const recent = keys.map((key) => {
        const times = (windows.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
        windows.set(key, times);
        return times;
      });
      if (recent.some((times) => times.length >= perSecond)) return false;
      for (const times of recent) times.push(now);
      return true;
    },
    reset() {
      windows.clear();
    },
  };
}
