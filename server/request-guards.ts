import type { Context, MiddlewareHandler } from 'hono';
import type { ServerConfig } from './config.ts';
import { type HorizonEnv, twilioError } from './http-answers.ts';

// Checks on where a request comes from: the Host it names (DNS rebinding) and, for changes, the same-origin rules
// that stop another site's page from sending one (CSRF).

/** The host name of a Host header, lowercase, without port or IPv6 brackets; null when malformed. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(header.trim());
  return match?.[1] ? match[1].toLowerCase().replace(/^\[|\]$/g, '') : null;
}

/**
 * Refuses a Host this server does not answer for (421 Misdirected Request), before sign-in or anything else: a page
 * on attacker.example that rebinds its name to 127.0.0.1 would otherwise be same-origin with Horizon. /healthz is
 * exempt, for probes that address the server by IP.
 */
export function allowedHosts(config: ServerConfig): MiddlewareHandler<HorizonEnv> {
  const allowed = new Set(config.allowedHosts);
  return async (c, next) => {
    if (new URL(c.req.url).pathname === '/healthz') return next();
    const name = hostName(c.req.header('host'));
    if (name && allowed.has(name)) return next();
    return twilioError(
      421,
      20421,
      'this server does not answer for that host name (set CONSOLE_ALLOWED_HOSTS or CONSOLE_PUBLIC_ORIGIN)',
    );
  };
}

/** Why a change request fails the same-origin rules, or null when it passes. */
export function sameOriginProblem(c: Context<HorizonEnv>, config: ServerConfig): string | null {
  if (c.req.header('x-horizon-client') !== 'console') {
    return 'changes must come from the Horizon console (X-Horizon-Client header missing)';
  }
  // The request's own origin is trustworthy here only because allowedHosts already checked its Host.
  const expected = config.publicOrigin ?? new URL(c.req.url).origin;
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  if (!site && !origin) return 'changes need a same-origin Origin or Sec-Fetch-Site header';
  if (site !== undefined && site !== 'same-origin')
    return `cross-site change refused (Sec-Fetch-Site: ${site})`;
  if (origin !== undefined && origin !== expected) return `cross-origin change refused (Origin: ${origin})`;
  return null;
}
