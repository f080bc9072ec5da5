import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Agent } from './agents.ts';
import {
  UpstreamBusyError,
  type UpstreamResponse,
  UpstreamTimeoutError,
  UpstreamTooLargeError,
  UpstreamUnavailableError,
} from './upstream.ts';

// What every part of the handler answers with: Twilio-shaped refusals, a forwarded Twilio answer, and the request
// as the client sent it.

export type HorizonEnv = {
  // @hono/node-server passes the raw Node request, which keeps the request target exactly as sent.
  Bindings: { incoming?: IncomingMessage };
  Variables: { agent: Agent | null };
};

export const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A body shaped like Twilio's errors, so the console parses Horizon's refusals the same way as Twilio's. Without a
 * `more_info` link: the refusal is Horizon's, and Twilio's page for a code (if there is one) explains Twilio's error,
 * not this one (20001, 20502, 20504 have no page we could confirm).
 */
export function twilioError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify({ code, message, more_info: null, status }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** The request target as the client sent it: before any URL normalisation could drop `..` or `.` segments. */
export function rawTarget(c: Context<HorizonEnv>): string {
  const incoming = c.env?.incoming?.url;
  if (typeof incoming === 'string' && incoming.length > 0) return incoming.replace(/^[a-z]+:\/\/[^/]*/i, '');
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

export function remoteAddress(c: Context<HorizonEnv>): string | null {
  const address = c.env?.incoming?.socket?.remoteAddress;
  return address ? address.replace(/^::ffff:/, '') : null;
}

export function proxied(response: UpstreamResponse): Response {
  const headers: Record<string, string> = {};
  if (response.contentType) headers['Content-Type'] = response.contentType;
  if (response.retryAfter) headers['Retry-After'] = response.retryAfter;
  headers['Cache-Control'] = 'no-store';
  const empty = response.status === 204 || response.status === 304;
  return new Response(empty ? null : response.body, { status: response.status, headers });
}

export type UpstreamFailure = {
  response: Response;
  status: number;
  code: number;
  message: string;
  /** Whether the request may have reached Twilio (a timeout or a dropped connection) or surely did not. */
  mayHaveReachedTwilio: boolean;
};

export function upstreamFailure(error: unknown): UpstreamFailure {
  const failure = (
    status: number,
    code: number,
    message: string,
    mayHaveReachedTwilio: boolean,
    headers = {},
  ) => ({
    response: twilioError(status, code, message, headers),
    status,
    code,
    message,
    mayHaveReachedTwilio,
  });
  if (error instanceof UpstreamTimeoutError) return failure(504, 20504, error.message, error.sent);
  if (error instanceof UpstreamUnavailableError) return failure(502, 20502, error.message, true);
  if (error instanceof UpstreamTooLargeError) return failure(502, 20502, error.message, true);
  // Same answer as Twilio's own concurrency limit, so the console's 429 back-off handles it.
  if (error instanceof UpstreamBusyError)
    return failure(429, 20429, error.message, false, { 'Retry-After': '1' });
  throw error;
}
