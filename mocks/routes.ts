// The fake's Twilio router: raw path → one decode per segment → the first matching route of ROUTE_MODULES.
// Each API's routes live in their own module under routes/; add a module to the list to serve more resources.
// Lookups and parameter parsers throw TwilioFailure; answerTwilioRequest turns it into Twilio's error answer.
import { PRODUCTS, URL_SPACE } from '../url-space/url-space.ts';
import { notFound, TwilioFailure, twilioError } from './errors.ts';
import { chatV1Routes } from './routes/chat-v1.ts';
import { chatV2Routes } from './routes/chat-v2.ts';
import { conversationsRoutes } from './routes/conversations.ts';
import { pushRoutes } from './routes/push.ts';
import type { Params, Route, TwilioApi, TwilioPath } from './routes/route-kit.ts';
import type { TwilioStore } from './store.ts';

export type { TwilioApi, TwilioPath };

/** Every route the fake serves, module by module. */
export const ROUTE_MODULES: readonly (readonly Route[])[] = [
  chatV2Routes,
  chatV1Routes,
  conversationsRoutes,
  pushRoutes,
];
const ROUTES = ROUTE_MODULES.flat();

/** Each Twilio host is a path prefix in Horizon's URL space (url-space/url-space.ts, DEVELOPERS.md). */
export const API_PREFIXES: readonly { prefix: string; api: TwilioApi; base: string }[] = PRODUCTS.map(
  (api) => ({
    prefix: URL_SPACE[api].prefix,
    api,
    base: URL_SPACE[api].productionBase,
  }),
);

/**
 * Finds the Twilio API in a pathname (`/chat/v2/…`, or behind any mount point such as `/api/chat/v2/…`). Works on
 * the raw, still-encoded pathname: an encoded `/` (%2F) inside an identity can never look like a separator.
 */
export function locateTwilioPath(pathname: string): TwilioPath | undefined {
  let best: { index: number; entry: (typeof API_PREFIXES)[number] } | undefined;
  for (const entry of API_PREFIXES) {
    const index = `${pathname}/`.indexOf(`/${entry.prefix}/`);
    if (index >= 0 && (best === undefined || index < best.index)) best = { index, entry };
  }
  if (!best) return undefined;
  const rawPath = pathname.slice(best.index + best.entry.prefix.length + 1);
  return { api: best.entry.api, base: best.entry.base, rawPath };
}

/** Decodes each segment exactly once; undefined for malformed percent-encoding. */
function decodeSegments(rawPath: string): string[] | undefined {
  const raw = rawPath.split('/').slice(1);
  try {
    return raw.map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

export function answerTwilioRequest(
  store: TwilioStore,
  accountSid: string,
  method: string,
  url: URL,
  path: TwilioPath,
  form: URLSearchParams,
): Response {
  const segments = decodeSegments(path.rawPath);
  if (!segments) return notFound(path.rawPath).toResponse();
  let methodMismatch = false;
  for (const candidate of ROUTES) {
    if (!candidate.apis.includes(path.api) || candidate.pattern.length !== segments.length) continue;
    const params: Params = {};
    const matches = candidate.pattern.every((part, i) => {
      const value = segments[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = value;
        return value !== '';
      }
      return part === value;
    });
    if (!matches) continue;
    if (candidate.method !== method) {
      methodMismatch = true;
      continue;
    }
    try {
      return candidate.handle({ store, accountSid, path, segments, query: url.searchParams, form }, params);
    } catch (error) {
      if (error instanceof TwilioFailure) return error.toResponse();
      throw error;
    }
  }
  if (methodMismatch) return twilioError(405, 20004, 'Method not allowed');
  return notFound(path.rawPath).toResponse();
}
