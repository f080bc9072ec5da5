import { matchRoute, type Target } from './allowlist.ts';
import type { ChangePath } from './audited-change.ts';
import { type MembershipAccess, RetryableError } from './db/schedules.ts';
import type { UpstreamClient } from './upstream.ts';

// How a schedule reads and changes a membership when it runs, with no agent's request behind it: the read through
// the proxy's upstream, the change through the app's one audited change path (performChange), as the agent who
// scheduled it, with the schedule's id.

function targetOf(path: string): Target {
  const match = matchRoute('POST', path.replace(/^\/api\//, ''), new URLSearchParams());
  if (!match.ok) throw new Error(match.message);
  if (!match.target.bodyParams.includes('NotificationLevel'))
    throw new Error(`${path} has no notification level`);
  return match.target;
}

/** Twilio busy or failing, or Horizon's trail unwritable (503): worth another try later. */
const isRetryable = (status: number) => status === 429 || status >= 500;

export function membershipAccess(
  upstream: UpstreamClient,
  changes: () => Pick<ChangePath, 'performChange' | 'refuse'>,
): MembershipAccess {
  // The agent was an editor when they scheduled it; the change path checks and records it as them.
  const agentOf = (name: string) => ({ name, role: 'editor' as const });

  return {
    async level(path) {
      const target = targetOf(path);
      let response: Awaited<ReturnType<UpstreamClient['send']>>;
      try {
        response = await upstream.send({
          upstream: target.upstream,
          method: 'GET',
          path: target.upstreamPath,
        });
      } catch (error) {
        throw new RetryableError((error as Error).message);
      }
      if (isRetryable(response.status)) throw new RetryableError(`Twilio answered ${response.status}`);
      if (response.status === 404) return null;
      if (response.status !== 200)
        throw new Error(`reading the membership: Twilio answered ${response.status}`);
      const record = JSON.parse(Buffer.from(response.body).toString('utf8')) as {
        notification_level?: unknown;
      };
      return typeof record.notification_level === 'string' ? record.notification_level : null;
    },

    async setLevel(path, level, as) {
      const answer = await changes().performChange({
        agent: agentOf(as.agent),
        method: 'POST',
        path: path.replace(/^\/api\//, ''),
        form: new URLSearchParams({ NotificationLevel: level }),
        reason: as.reason,
        scheduleId: as.scheduleId,
      });
      if (answer.ok) return;
      const body = (await answer.json().catch(() => ({}))) as { message?: string };
      const message = `${answer.status}: ${body.message ?? 'not changed'}`;
      if (isRetryable(answer.status)) throw new RetryableError(message);
      throw new Error(`Twilio refused it: ${message}`);
    },

    async recordSkip(path, why, as, status = 409) {
      const request = {
        agent: agentOf(as.agent),
        method: 'POST',
        path: path.replace(/^\/api\//, ''),
        reason: as.reason,
        scheduleId: as.scheduleId,
      };
      await changes().refuse(request, targetOf(path), status, status === 409 ? 20409 : 20502, why);
    },
  };
}
