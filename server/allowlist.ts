// The one table of everything Horizon forwards to Twilio. Anything not listed here is refused with 403 and never
// leaves the process: the credentials behind this proxy can also send SMS and place calls.

import { PRODUCTS, type Product, type Upstream, URL_SPACE } from '../url-space/url-space.ts';

export type { Product, Upstream };
export type Method = 'GET' | 'POST' | 'DELETE';

/** Placeholders a route pattern may hold: each says which SID shape, if any, the segment may take. */
type Placeholder = 'service' | 'user' | 'channel' | 'member' | 'binding';

type Route = {
  method: Method;
  /** URL-space prefixes (after /api) this route lives under; the first upstream path segment is the API version. */
  products: readonly Product[];
  /** Twilio's path after the version, `{placeholder}` for variable segments. */
  pattern: string;
  query?: readonly string[];
  body?: readonly string[];
  /** A channel's own record (name, attributes): the same for every agent, so the server may cache it. */
  channelMetadata?: true;
};

const PAGING = ['PageSize', 'Page', 'PageToken'] as const;
const CHAT_V2_UPDATE = ['NotificationLevel', 'LastConsumedMessageIndex', 'LastConsumptionTimestamp'] as const;
const CONVERSATIONS_UPDATE = ['NotificationLevel', 'LastReadMessageIndex', 'LastReadTimestamp'] as const;
const CHAT_V1: readonly Product[] = ['chat-v1', 'ip-messaging-v1'];
const CONVERSATIONS: readonly Product[] = ['conversations-v1'];

export const ROUTES: readonly Route[] = [
  // Chat v2
  { method: 'GET', products: ['chat-v2'], pattern: 'Services', query: PAGING },
  { method: 'GET', products: ['chat-v2'], pattern: 'Services/{service}' },
  { method: 'GET', products: ['chat-v2'], pattern: 'Services/{service}/Users', query: PAGING },
  { method: 'GET', products: ['chat-v2'], pattern: 'Services/{service}/Users/{user}' },
  {
    method: 'GET',
    products: ['chat-v2'],
    pattern: 'Services/{service}/Users/{user}/Channels',
    query: PAGING,
  },
  { method: 'GET', products: ['chat-v2'], pattern: 'Services/{service}/Users/{user}/Channels/{channel}' },
  {
    method: 'POST',
    products: ['chat-v2'],
    pattern: 'Services/{service}/Users/{user}/Channels/{channel}',
    body: CHAT_V2_UPDATE,
  },
  { method: 'DELETE', products: ['chat-v2'], pattern: 'Services/{service}/Users/{user}/Channels/{channel}' },
  {
    method: 'GET',
    products: ['chat-v2'],
    pattern: 'Services/{service}/Channels',
    query: [...PAGING, 'Type'],
  },
  {
    method: 'GET',
    products: ['chat-v2'],
    pattern: 'Services/{service}/Channels/{channel}',
    channelMetadata: true,
  },
  { method: 'GET', products: ['chat-v2'], pattern: 'Services/{service}/Channels/{channel}/Members/{member}' },
  {
    method: 'GET',
    products: ['chat-v2'],
    pattern: 'Services/{service}/Channels/{channel}/Messages',
    query: [...PAGING, 'Order'],
  },
  // Push diagnosis: a user's device registrations (bindings) and the service's push settings (Chat v2's are in the
  // service record). Removing a binding can't be undone at Twilio; the console says so before sending it.
  {
    method: 'GET',
    products: ['chat-v2'],
    pattern: 'Services/{service}/Users/{user}/Bindings',
    query: [...PAGING, 'BindingType'],
  },
  { method: 'DELETE', products: ['chat-v2'], pattern: 'Services/{service}/Users/{user}/Bindings/{binding}' },
  {
    method: 'GET',
    products: CONVERSATIONS,
    pattern: 'Services/{service}/Configuration/Notifications',
  },
  {
    method: 'GET',
    products: ['conversations-v1'],
    pattern: 'Services/{service}/Bindings',
    query: [...PAGING, 'Identity', 'BindingType'],
  },
  { method: 'DELETE', products: ['conversations-v1'], pattern: 'Services/{service}/Bindings/{binding}' },
  // Chat v1 (and its ip-messaging alias): the user's channels, read only
  { method: 'GET', products: CHAT_V1, pattern: 'Services/{service}/Users/{user}/Channels', query: PAGING },
  // Conversations v1: exactly what the console's Conversations adapter reads and writes (no Chat path). The user and
  // their list of conversations in both forms: the default service's `/v1/Users/…` and `/v1/Services/{IS}/Users/…`;
  // everything else service-scoped only, so each change names its service in the audit trail.
  { method: 'GET', products: CONVERSATIONS, pattern: 'Configuration' },
  { method: 'GET', products: CONVERSATIONS, pattern: 'Services', query: PAGING },
  ...['', 'Services/{service}/'].flatMap((scope): Route[] => [
    { method: 'GET', products: CONVERSATIONS, pattern: `${scope}Users/{user}` },
    { method: 'GET', products: CONVERSATIONS, pattern: `${scope}Users/{user}/Conversations`, query: PAGING },
  ]),
  {
    method: 'GET',
    products: CONVERSATIONS,
    pattern: 'Services/{service}/Users/{user}/Conversations/{channel}',
  },
  {
    method: 'POST',
    products: CONVERSATIONS,
    pattern: 'Services/{service}/Users/{user}/Conversations/{channel}',
    body: CONVERSATIONS_UPDATE,
  },
  {
    method: 'GET',
    products: CONVERSATIONS,
    pattern: 'Services/{service}/ParticipantConversations',
    query: [...PAGING, 'Address'],
  },
  { method: 'GET', products: CONVERSATIONS, pattern: 'Services/{service}/Conversations/{channel}' },
  {
    method: 'GET',
    products: CONVERSATIONS,
    pattern: 'Services/{service}/Conversations/{channel}/Messages',
    query: [...PAGING, 'Order'],
  },
  // Removal is the participant's deletion, as Twilio removes someone from a conversation (the DELETE takes a MB SID).
  ...(['GET', 'DELETE'] as const).map(
    (method): Route => ({
      method,
      products: CONVERSATIONS,
      pattern: 'Services/{service}/Conversations/{channel}/Participants/{member}',
    }),
  ),
];

const SID_PATTERNS: Record<Placeholder, { prefix: string; sidOnly: boolean }> = {
  service: { prefix: 'IS', sidOnly: true },
  // Twilio accepts an identity for users and members and a unique_name for channels/conversations.
  user: { prefix: 'US', sidOnly: false },
  channel: { prefix: 'CH', sidOnly: false },
  member: { prefix: 'MB', sidOnly: false },
  binding: { prefix: 'BS', sidOnly: true },
};

const sidPattern = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);
// A segment that starts like a SID of its own kind (e.g. "US" + hex) but isn't one is a typo or a probe.
const sidLookalike = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{16,}$`);

const QUERY_VALUES: Record<string, RegExp> = {
  PageSize: /^[0-9]{1,4}$/,
  Page: /^[0-9]{1,6}$/,
  PageToken: /^[A-Za-z0-9+/=_.~:-]{1,512}$/,
  Order: /^(asc|desc)$/,
  Type: /^(public|private)$/,
  // The console checks an address's form (E.164, whatsapp:, messenger:) before sending; here: printable, bounded.
  Address: /^[!-~]{1,100}$/,
  BindingType: /^(apn|gcm|fcm|twilsock)$/,
  // Identities are the app's own strings: anything printable, of a sane length.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  Identity: /^[^\u0000-\u001f\u007f]{1,256}$/,
};

const BODY_VALUES: Record<string, RegExp> = {
  NotificationLevel: /^(default|muted)$/,
  // An empty value is how twilio-node sends null: it clears the read horizon.
  LastConsumedMessageIndex: /^([0-9]{1,10})?$/,
  LastReadMessageIndex: /^([0-9]{1,10})?$/,
  LastConsumptionTimestamp: /^[0-9TZ:.+-]{0,40}$/,
  LastReadTimestamp: /^[0-9TZ:.+-]{0,40}$/,
};

export type Target = {
  product: Product;
  upstream: Upstream;
  method: Method;
  /** Path on the upstream base, percent-encoded segments exactly as received (`/v2/Services/IS…/Users/a%2Fb/…`). */
  upstreamPath: string;
  query: URLSearchParams;
  /** Decoded values of the named segments. */
  service: string | null;
  user: string | null;
  channel: string | null;
  member: string | null;
  /** Parameter names the route accepts in a form body (mutations). */
  bodyParams: readonly string[];
  /** The answer is a channel's own record, which the shared channel cache may hold. */
  channelMetadata: boolean;
};

export type Refusal = { ok: false; message: string };
export type Match = { ok: true; target: Target } | Refusal;

const refuse = (message: string): Refusal => ({ ok: false, message });

/**
 * Whether a decoded segment would climb or stay in place if anything between Horizon and Twilio decoded it once more
 * and re-split the path: `.`, `..`, or `..`/`.` steps inside it (`../x`, `x/../y`, `x/..`, and the same with `\`).
 * Forwarded still encoded, Twilio reads these as one opaque segment today; a decoding hop in between would turn a
 * DELETE on a membership into one on the service. Identities may hold a `/` (README's `zoë smith/ops#1?50%+`), so a
 * decoded `/` alone is allowed: only the traversal shapes are refused.
 */
export function isDotSegmentShape(decoded: string): boolean {
  return decoded.split(/[/\\]/).some((step) => step === '.' || step === '..');
}

/** Checks one raw (still percent-encoded) path segment and returns it decoded, or a reason to refuse. */
export function checkSegment(raw: string): { ok: true; decoded: string } | Refusal {
  if (raw === '') return refuse('empty path segments are not allowed');
  // RFC 3986 segment characters only: a raw `#`, `?`, space or quote would be reinterpreted by the next URL parser.
  if (!/^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/.test(raw)) {
    return refuse(`path segment "${raw}" has characters that must be percent-encoded`);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return refuse(`path segment "${raw}" is not valid percent-encoding`);
  }
  if (isDotSegmentShape(decoded)) {
    return refuse(`path segment "${raw}" decodes to a "." or ".." path step, which is not allowed`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    return refuse('control characters in a path segment are not allowed');
  return { ok: true, decoded };
}

/**
 * Matches `method` + the path after `/api/` (raw, still percent-encoded) + query against the table.
 * Body parameters are checked separately with `checkBody` once the body has been read.
 */
export function matchRoute(method: string, rawPath: string, query: URLSearchParams): Match {
  const display = `${method} /api/${rawPath}`;
  const product = PRODUCTS.find((name) => rawPath.startsWith(`${URL_SPACE[name].prefix}/`));
  if (!product) return refuse(`${display} is not a Twilio API Horizon forwards`);
  const { prefix, upstream, version } = URL_SPACE[product];
  const rawSegments = rawPath.slice(prefix.length + 1).split('/');
  const decodedSegments: string[] = [];
  for (const raw of rawSegments) {
    const checked = checkSegment(raw);
    if (!checked.ok) return refuse(`${display}: ${checked.message}`);
    decodedSegments.push(checked.decoded);
  }

  let pathMatched = false;
  let lastProblem: string | null = null;
  for (const route of ROUTES) {
    if (!route.products.includes(product)) continue;
    const parts = route.pattern.split('/');
    if (parts.length !== rawSegments.length) continue;
    const named: Partial<Record<Placeholder, string>> = {};
    let matches = true;
    for (const [index, part] of parts.entries()) {
      const raw = rawSegments[index] as string;
      const decoded = decodedSegments[index] as string;
      if (part.startsWith('{')) {
        const placeholder = part.slice(1, -1) as Placeholder;
        const { prefix: sidPrefix, sidOnly } = SID_PATTERNS[placeholder];
        const isSid = sidPattern(sidPrefix).test(decoded);
        if (!isSid && (sidOnly || sidLookalike(sidPrefix).test(decoded))) {
          lastProblem = `"${decoded}" is not a valid ${placeholder} SID (${sidPrefix} followed by 32 hex digits)`;
          matches = false;
          break;
        }
        named[placeholder] = decoded;
      } else if (raw !== part) {
        // Literal segments must be exactly Twilio's spelling: no encoded or case-shifted variants.
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    pathMatched = true;
    if (route.method !== method) continue;

    const forwarded = new URLSearchParams();
    const allowedQuery = route.query ?? [];
    const unknown = [...new Set([...query.keys()].filter((key) => !allowedQuery.includes(key)))];
    if (unknown.length > 0) {
      return refuse(
        `${display}: query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not allowed` +
          (allowedQuery.length ? ` (allowed: ${allowedQuery.join(', ')})` : ' (this route takes none)'),
      );
    }
    for (const key of allowedQuery) {
      const values = query.getAll(key);
      if (values.length === 0) continue;
      if (values.length > 1) return refuse(`${display}: query parameter ${key} given more than once`);
      const value = values[0] as string;
      if (!(QUERY_VALUES[key] as RegExp).test(value)) {
        return refuse(`${display}: query parameter ${key} has an invalid value`);
      }
      forwarded.set(key, value);
    }

    return {
      ok: true,
      target: {
        product,
        upstream,
        method: route.method,
        upstreamPath: `/${version}/${rawSegments.join('/')}`,
        query: forwarded,
        service: named.service ?? null,
        user: named.user ?? null,
        channel: named.channel ?? null,
        member: named.member ?? null,
        bodyParams: route.body ?? [],
        channelMetadata: route.channelMetadata === true,
      },
    };
  }
  if (pathMatched) return refuse(`${display}: method ${method} is not allowed on this resource`);
  return refuse(`${display} is not on Horizon's allowlist${lastProblem ? `: ${lastProblem}` : ''}`);
}

/** Parses and checks a form body for a mutation; returns what to forward (re-serialised from what was checked). */
export function checkBody(
  target: Target,
  contentType: string | null,
  text: string,
): URLSearchParams | Refusal {
  if (target.method === 'DELETE') {
    return text.length === 0 ? new URLSearchParams() : refuse('DELETE takes no request body');
  }
  if (!contentType || !/^application\/x-www-form-urlencoded(;|$)/i.test(contentType.trim())) {
    return refuse('mutations must be sent as application/x-www-form-urlencoded');
  }
  const body = new URLSearchParams(text);
  const unknown = [...new Set([...body.keys()].filter((key) => !target.bodyParams.includes(key)))];
  if (unknown.length > 0) {
    return refuse(
      `body parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not allowed ` +
        `(allowed: ${target.bodyParams.join(', ')})`,
    );
  }
  const forwarded = new URLSearchParams();
  for (const key of target.bodyParams) {
    const values = body.getAll(key);
    if (values.length === 0) continue;
    if (values.length > 1) return refuse(`body parameter ${key} given more than once`);
    const value = values[0] as string;
    if (!(BODY_VALUES[key] as RegExp).test(value))
      return refuse(`body parameter ${key} has an invalid value`);
    forwarded.set(key, value);
  }
  if ([...forwarded.keys()].length === 0) {
    return refuse(`nothing to update: send at least one of ${target.bodyParams.join(', ')}`);
  }
  return forwarded;
}
