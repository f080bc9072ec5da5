import { matchRoute, type Target } from './allowlist.ts';
import { newAuditId } from './audit/audit-id.ts';
import type { AuditEntry, AuditTrail } from './audit/trail.ts';
import { type MembershipAccess, RetryableError } from './db/schedules.ts';
import type { UpstreamClient, UpstreamResponse } from './upstream.ts';

// How a schedule reads and changes a membership when it runs, with no agent's request behind it: through the same
// allowlist and upstream as the proxy, and the same write-ahead audit (intent before sending, outcome after), as the
// agent who scheduled it, with the schedule's id. Seam: when the hardening issue's performChange lands, setLevel
// becomes a call to it (one change path for requests and schedules).

function targetOf(path: string): Target {
  const match = matchRoute('POST', path.replace(/^\/api\//, ''), new URLSearchParams());
  if (!match.ok) throw new Error(match.message);
  if (!match.target.bodyParams.includes('NotificationLevel'))
    throw new Error(`${path} has no notification level`);
  return match.target;
}

const isRetryable = (status: number) => status === 429 || status >= 500;

function parse(response: UpstreamResponse): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(response.body).toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function send(upstream: UpstreamClient, request: Parameters<UpstreamClient['send']>[0]) {
  try {
    return await upstream.send(request);
  } catch (error) {
    // Timeouts, an unreachable Twilio, a full queue: worth another try later.
    throw new RetryableError((error as Error).message);
  }
}

export function membershipAccess(upstream: UpstreamClient, trail: AuditTrail): MembershipAccess {
  const entryFor = (
    target: Target,
    path: string,
    as: { agent: string; scheduleId: string; reason: string | null },
  ) =>
    ({
      id: newAuditId(),
      time: new Date().toISOString(),
      agent: as.agent,
      role: 'editor',
      method: 'POST',
      path,
      product: target.product,
      service: target.service,
      user: target.user,
      userSid: null,
      channel: target.channel,
      channelSid: null,
      params: {},
      before: null,
      after: null,
      outcome: 'pending',
      refusal: null,
      status: null,
      errorCode: null,
      reason: as.reason,
      revertOf: null,
      scheduleId: as.scheduleId,
    }) satisfies AuditEntry;

  async function read(target: Target) {
    const response = await send(upstream, {
      upstream: target.upstream,
      method: 'GET',
      path: target.upstreamPath,
    });
    if (isRetryable(response.status)) throw new RetryableError(`Twilio answered ${response.status}`);
    return { status: response.status, record: parse(response) };
  }

  return {
    async level(path) {
      const { status, record } = await read(targetOf(path));
      if (status === 404) return null;
      if (status !== 200) throw new Error(`reading the membership: Twilio answered ${status}`);
      const level = record?.notification_level;
      return typeof level === 'string' ? level : null;
    },

    async setLevel(path, level, as) {
      const target = targetOf(path);
      const before = await read(target);
      const form = new URLSearchParams({ NotificationLevel: level });
      const entry = {
        ...entryFor(target, path, as),
        params: { NotificationLevel: level },
        before: before.record,
      };
      await trail.ready();
      await trail.begin(entry);
      let response: UpstreamResponse;
      try {
        response = await upstream.send({
          upstream: target.upstream,
          method: 'POST',
          path: target.upstreamPath,
          form,
        });
      } catch (error) {
        await trail.finish(entry.id, {
          outcome: 'forwarded',
          after: null,
          status: 504,
          errorCode: 20504,
          refusal: null,
          userSid: null,
          channelSid: null,
        });
        throw new RetryableError((error as Error).message);
      }
      const record = parse(response);
      const ok = response.status >= 200 && response.status < 300;
      const sid = (key: string) =>
        typeof before.record?.[key] === 'string' ? (before.record[key] as string) : null;
      await trail.finish(entry.id, {
        outcome: 'forwarded',
        after: ok ? record : null,
        status: response.status,
        errorCode: ok ? null : typeof record?.code === 'number' ? record.code : null,
        refusal: null,
        userSid: sid('user_sid'),
        channelSid: sid('channel_sid') ?? sid('conversation_sid'),
      });
      if (isRetryable(response.status)) throw new RetryableError(`Twilio answered ${response.status}`);
      if (!ok) throw new Error(`Twilio refused it: ${String(record?.message ?? response.status)}`);
    },

    async recordSkip(path, why, as) {
      const target = targetOf(path);
      await trail.refuse({ ...entryFor(target, path, as), outcome: 'refused', refusal: why });
    },
  };
}
