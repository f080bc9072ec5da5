// The one table of Horizon's URL space: each Twilio API is a path prefix (after the console's `/api`), answered by
// one upstream host at one version. The proxy (server/), the fake (mocks/) and the console (src/) all read it from
// here. It imports nothing, so every part of the repository may import it (DEVELOPERS.md, "The URL space").

export type Product = 'chat-v2' | 'chat-v1' | 'ip-messaging-v1' | 'conversations-v1';
/** Which configured base (TWILIO_CHAT_BASE_URL / TWILIO_CONVERSATIONS_BASE_URL) a product is forwarded to. */
export type Upstream = 'chat' | 'conversations';

export type UrlSpaceEntry = {
  /** The path segments of the prefix, e.g. ['chat', 'v2'] for `/api/chat/v2/…`. */
  segments: readonly [string, string];
  /** The prefix as one string, e.g. 'chat/v2'. */
  prefix: string;
  upstream: Upstream;
  /** The first path segment on the upstream host. */
  version: string;
  /** Twilio's production base for this product, as its answers' `url`/`meta` fields spell it. */
  productionBase: string;
};

const entry = (
  first: string,
  version: string,
  upstream: Upstream,
  productionBase: string,
): UrlSpaceEntry => ({
  segments: [first, version],
  prefix: `${first}/${version}`,
  upstream,
  version,
  productionBase,
});

export const URL_SPACE: Readonly<Record<Product, UrlSpaceEntry>> = {
  'chat-v2': entry('chat', 'v2', 'chat', 'https://chat.twilio.com/v2'),
  'chat-v1': entry('chat', 'v1', 'chat', 'https://chat.twilio.com/v1'),
  // The legacy alias of Chat v1: same resources, its own production host in Twilio's answers.
  'ip-messaging-v1': entry('ip-messaging', 'v1', 'chat', 'https://ip-messaging.twilio.com/v1'),
  'conversations-v1': entry('conversations', 'v1', 'conversations', 'https://conversations.twilio.com/v1'),
};

export const PRODUCTS = Object.keys(URL_SPACE) as readonly Product[];
