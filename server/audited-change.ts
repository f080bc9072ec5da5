import type { Context } from 'hono';
import type { Agent } from './agents.ts';
import { checkBody, matchRoute, type Target } from './allowlist.ts';
import { newAuditId } from './audit/audit-id.ts';
import type { AuditEntry, AuditResult, AuditTrail } from './audit/trail.ts';
import { changesNothing, valuesIn } from './change-effect.ts';
import type { ChannelCache } from './channel-cache.ts';
import type { ServerConfig } from './config.ts';
import { type HorizonEnv, proxied, rawTarget, twilioError, upstreamFailure } from './http-answers.ts';
import { readCapped } from './read-capped.ts';
import { sameOriginProblem } from './request-guards.ts';
import type { UpstreamClient, UpstreamResponse } from './upstream.ts';

// The one path every change to Twilio takes, from the console (HTTP) or from the server itself (a schedule): the
// allowlist and role checks, a read of the record as it is, the intent written durably, the change forwarded, its
// outcome written. If the intent can't be written the change is not sent (503); after kill -9 between the two, the
// intent reads 'unknown' at the next start.

export type ChangeRequest = {
  agent: Agent;
  method: string;
  /** The path after `/api/`, raw (percent-encoded), e.g. `chat/v2/Services/IS…/Users/alice%40x/Channels/CH…`. */
  path: string;
  /** Form parameters (POST); none for DELETE. */
  form?: URLSearchParams | null;
  /** The agent's reason or ticket number, at most MAX_REASON_LENGTH characters. */
  reason?: string | null;
  /** The audit entry this change reverts. */
  revertOf?: string | null;
  /** The schedule that makes this change. */
  scheduleId?: string | null;
  /** Values the record must still hold (a revert: what the reverted change wrote); otherwise 409 with today's. */
  expect?: Record<string, string> | null;
};

export const MAX_REASON_LENGTH = 200;
const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The id of the audit entry a change made, for undo and revert (`revertOf`). */
export const AUDIT_ID_HEADER = 'X-Horizon-Audit-Id';

type Body = { contentType: string | null; text: string };

function parseJson(body: Uint8Array): unknown {
  if (body.byteLength === 0) return null;
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return null;
  }
}

function recordField(record: unknown, key: string): string | null {
  if (!record || typeof record !== 'object') return null;
  const value = (record as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

function errorCodeOf(record: unknown): number | null {
  const code = record && typeof record === 'object' ? (record as { code?: unknown }).code : null;
  return typeof code === 'number' ? code : null;
}

export type ChangePathOptions = {
  trail: AuditTrail;
  upstream: UpstreamClient;
  channels: ChannelCache | null;
  log: (line: string) => void;
};

export function createChangePath({ trail, upstream, channels, log }: ChangePathOptions) {
  function entryFor(request: ChangeRequest, target: Target | null): AuditEntry {
    return {
      id: newAuditId(),
      time: new Date().toISOString(),
      agent: request.agent.name,
      role: request.agent.role,
      method: request.method,
      path: `/api/${request.path}`,
      product: target?.product ?? null,
      service: target?.service ?? null,
      user: target?.user ?? null,
      userSid: null,
      channel: target?.channel ?? null,
      channelSid: null,
      params: {},
      before: null,
      after: null,
      outcome: 'refused',
      refusal: null,
      status: null,
      errorCode: null,
      reason: request.reason ?? null,
      revertOf: request.revertOf ?? null,
      scheduleId: request.scheduleId ?? null,
    };
  }

  /** Records a refusal, then answers with it (even if the record fails: the change stays refused). */
  async function refuse(
    request: ChangeRequest,
    target: Target | null,
    status: number,
    code: number,
    message: string,
  ): Promise<Response> {
    const entry = { ...entryFor(request, target), refusal: message, status, errorCode: code };
    await trail
      .refuse(entry)
      .catch((error: Error) => log(`audit write failed for a refusal: ${error.message}`));
    return twilioError(status, code, message);
  }

  async function change(request: ChangeRequest, body: Body): Promise<Response> {
    const match = matchRoute(request.method, request.path, new URLSearchParams());
    const known = match.ok ? match.target : null;
    if (request.agent.role !== 'editor') {
      return refuse(
        request,
        known,
        403,
        20403,
        `${request.agent.name} is a viewer: viewers can't change anything`,
      );
    }
    if (!match.ok) return refuse(request, null, 403, 20403, match.message);
    const target = match.target;
    const form = checkBody(target, body.contentType, body.text);
    if (!(form instanceof URLSearchParams)) return refuse(request, target, 403, 20403, form.message);
    const reason = request.reason ?? null;
    if (reason !== null && (reason.length > MAX_REASON_LENGTH || /\p{Cc}/u.test(reason))) {
      return refuse(
        request,
        target,
        400,
        20001,
        `a reason is at most ${MAX_REASON_LENGTH} characters, one line`,
      );
    }
    const entry: AuditEntry = { ...entryFor(request, target), params: Object.fromEntries(form) };

    // Nothing unaudited: if the trail can't be written, the change is not sent.
    const unwritable = (error: unknown) => {
      log(`audit trail unavailable, change refused: ${(error as Error).message}`);
      return twilioError(503, 20503, 'the audit trail cannot be written, so Horizon is not sending changes');
    };
    try {
      await trail.ready();
    } catch (error) {
      return unwritable(error);
    }

    const { upstream: base, upstreamPath } = target;
    let before: UpstreamResponse;
    try {
      before = await upstream.send({ upstream: base, method: 'GET', path: upstreamPath });
    } catch (error) {
      const failure = upstreamFailure(error);
      const refusal = `could not read the record before changing it: ${failure.message}`;
      await trail
        .refuse({ ...entry, refusal, status: failure.status, errorCode: failure.code })
        .catch((auditError: Error) => log(`audit write failed: ${auditError.message}`));
      return failure.response;
    }
    const beforeRecord = before.status === 200 ? parseJson(before.body) : null;
    if (request.expect && beforeRecord) {
      const expected = request.expect;
      const now = valuesIn(beforeRecord, Object.keys(expected));
      const moved = Object.keys(expected).filter((key) => now[key] !== expected[key]);
      if (moved.length > 0) {
        const message = `changed since: ${moved.map((key) => `${key} is now ${now[key] ?? 'unset'}`).join(', ')}`;
        await trail
          .refuse({ ...entry, before: beforeRecord, refusal: message, status: 409, errorCode: 20409 })
          .catch((error: Error) => log(`audit write failed for a refusal: ${error.message}`));
        return Response.json(
          { code: 20409, message, more_info: null, status: 409, current: now },
          { status: 409 },
        );
      }
    }
    // The id is taken here, just before the intent is written, so ids follow the order intents reach the trail.
    const intent: AuditEntry = {
      ...entry,
      id: newAuditId(),
      // A Conversations participant's path holds only its MB SID; its record names the chat identity.
      user: entry.user ?? recordField(beforeRecord, 'identity'),
      before: beforeRecord,
      outcome: 'pending',
    };
    try {
      await trail.begin(intent);
    } catch (error) {
      return unwritable(error);
    }

    const finish = async (result: AuditResult, answer: Response): Promise<Response> => {
      if (result.outcome === 'forwarded') channels?.drop(target.service, [target.channel, result.channelSid]);
      try {
        await trail.finish(intent.id, result);
      } catch (error) {
        // The change reached Twilio but its outcome could not be written: the intent stays (read as 'unknown'
        // after a restart), the server log has the outcome, and the agent is told.
        log(
          `audit outcome not written for ${intent.id}: ${(error as Error).message}; ${JSON.stringify(result)}`,
        );
        return twilioError(
          500,
          20500,
          `Twilio answered ${result.status}, but the audit trail could not be written`,
        );
      }
      // A new Response rather than headers.set: @hono/node-server may send the headers an answer was built with.
      const headers = new Headers(answer.headers);
      headers.set(AUDIT_ID_HEADER, intent.id);
      return new Response(answer.body, { status: answer.status, headers });
    };

    // Nothing to send: the record already holds it. Recorded as 'unchanged', answered with the record as it is.
    if (target.method === 'POST' && changesNothing(beforeRecord, form)) {
      return finish(
        {
          outcome: 'unchanged',
          after: beforeRecord,
          userSid: recordField(beforeRecord, 'user_sid'),
          channelSid: channelSidOf(beforeRecord),
          status: 200,
          errorCode: null,
          refusal: null,
        },
        proxied(before),
      );
    }

    let after: UpstreamResponse;
    try {
      after = await upstream.send({
        upstream: base,
        method: target.method,
        path: upstreamPath,
        form: target.method === 'POST' ? form : undefined,
      });
    } catch (error) {
      const failure = upstreamFailure(error);
      const sids = { userSid: recordField(beforeRecord, 'user_sid'), channelSid: channelSidOf(beforeRecord) };
      // A timeout may still have changed the record at Twilio: "forwarded" with no answer says exactly that.
      const result: AuditResult = failure.mayHaveReachedTwilio
        ? {
            outcome: 'forwarded',
            after: null,
            status: failure.status,
            errorCode: failure.code,
            refusal: null,
            ...sids,
          }
        : {
            outcome: 'refused',
            after: null,
            status: failure.status,
            errorCode: failure.code,
            refusal: failure.message,
            ...sids,
          };
      return finish(result, failure.response);
    }
    const afterJson = parseJson(after.body);
    const ok = after.status >= 200 && after.status < 300;
    const fromRecords = (read: (record: unknown) => string | null) =>
      (ok ? read(afterJson) : null) ?? read(beforeRecord);
    return finish(
      {
        outcome: 'forwarded',
        after: ok ? afterJson : null,
        userSid: fromRecords((record) => recordField(record, 'user_sid')),
        channelSid: fromRecords(channelSidOf),
        status: after.status,
        errorCode: ok ? null : errorCodeOf(afterJson),
        refusal: null,
      },
      proxied(after),
    );
  }

  /** A change from the server itself (a schedule, a revert): the same checks, trail and answer as from the console. */
  function performChange(request: ChangeRequest): Promise<Response> {
    const text = request.form ? request.form.toString() : '';
    return change(request, { contentType: request.form ? FORM_TYPE : null, text });
  }

  return { change, refuse, performChange };
}

const channelSidOf = (record: unknown) =>
  recordField(record, 'channel_sid') ?? recordField(record, 'conversation_sid');

export type ChangePath = ReturnType<typeof createChangePath>;

/** `X-Horizon-Reason`: percent-encoded UTF-8 (headers are Latin-1), so any language fits. */
function readReason(header: string | undefined): string | null | Error {
  if (header === undefined || header === '') return null;
  try {
    return decodeURIComponent(header);
  } catch {
    return new Error('X-Horizon-Reason must be percent-encoded UTF-8');
  }
}

/** POST/DELETE under /api from the console: the CSRF rules and the body limit, then the one change path. */
export function createChangeRoute(config: ServerConfig, path: ChangePath) {
  return async (c: Context<HorizonEnv>): Promise<Response> => {
    const target = rawTarget(c);
    const queryStart = target.indexOf('?');
    const rawPath = (queryStart === -1 ? target : target.slice(0, queryStart)).replace(/^\/api\//, '');
    const reason = readReason(c.req.header('x-horizon-reason'));
    const request: ChangeRequest = {
      agent: c.get('agent') as Agent,
      method: c.req.method,
      path: rawPath,
      reason: reason instanceof Error ? null : reason,
      revertOf: c.req.header('x-horizon-revert-of')?.slice(0, 64) ?? null,
    };
    const known = matchRoute(c.req.method, rawPath, new URLSearchParams());
    const knownTarget = known.ok ? known.target : null;
    const csrf = sameOriginProblem(c, config);
    if (csrf) return path.refuse(request, knownTarget, 403, 20403, csrf);
    if (queryStart !== -1) {
      return path.refuse(request, knownTarget, 403, 20403, 'changes take no query parameters');
    }
    if (reason instanceof Error) return path.refuse(request, knownTarget, 400, 20001, reason.message);
    const bytes = await readCapped(
      c.req.raw.body,
      c.req.header('content-length') ?? null,
      config.bodyLimitBytes,
    );
    if (bytes === null) {
      return path.refuse(
        request,
        knownTarget,
        413,
        20413,
        `request body over ${config.bodyLimitBytes} bytes`,
      );
    }
    const text = Buffer.from(bytes).toString('utf8');
    return path.change(request, { contentType: c.req.header('content-type') ?? null, text });
  };
}
