import type { UserRef } from '../../../lib/twilio/queries.ts';

const STORAGE_KEY = 'horizon.recent-users';
const KEEP = 8;

/** The agent's recently viewed users (this browser only), newest first. */
export function recentUsers(): UserRef[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (r): r is UserRef =>
        typeof r === 'object' &&
        r !== null &&
        typeof r.api === 'string' &&
        typeof r.service === 'string' &&
        typeof r.user === 'string',
    );
  } catch {
    return [];
  }
}

/** Called once a user was found: the unknown-user message offers these back. */
export function rememberViewedUser(ref: UserRef): void {
  const same = (r: UserRef) => r.api === ref.api && r.service === ref.service && r.user === ref.user;
  const next = [
    { api: ref.api, service: ref.service, user: ref.user },
    ...recentUsers().filter((r) => !same(r)),
  ];
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next.slice(0, KEEP)));
  } catch {
    // Storage can be disabled (private mode, policy): the list is a convenience.
  }
}
