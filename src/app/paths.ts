import type { ApiKind } from '../lib/twilio/membership.ts';

/**
 * Every console URL is built and read here. An identity may contain `/`, `#`, `?`, `%` or spaces, so each variable
 * segment is percent-encoded once when built and decoded once when read — from the raw pathname, never from a
 * router's already-decoded copy (which would turn `%2F` into a path separator).
 */

const API_SEGMENT: Record<ApiKind, string> = {
  'chat-v2': 'chat-v2',
  'chat-v1': 'chat-v1',
  conversations: 'conversations',
};

const API_BY_SEGMENT = new Map<string, ApiKind>(
  Object.entries(API_SEGMENT).map(([api, segment]) => [segment, api as ApiKind]),
);

export interface ConsoleLocation {
  api: ApiKind;
  service: string | null;
  user: string | null;
  channel: string | null;
  /** Conversations: a participant's address (`+1555…`, `whatsapp:+…`) whose conversations the view lists. */
  participant?: string;
}

const enc = encodeURIComponent;

export const paths = {
  home: () => '/',
  api: (api: ApiKind) => `/${API_SEGMENT[api]}`,
  service: (api: ApiKind, service: string) => `/${API_SEGMENT[api]}/services/${enc(service)}`,
  user: (api: ApiKind, service: string, user: string) => `${paths.service(api, service)}/users/${enc(user)}`,
  channel: (api: ApiKind, service: string, user: string, channel: string) =>
    `${paths.user(api, service, user)}/channels/${enc(channel)}`,
  /** A participant's conversations, found by address (Conversations only). */
  participant: (service: string, address: string) =>
    `${paths.service('conversations', service)}/participants/${enc(address)}`,
  /** The history page; its filters are the query string (?user=…&channel=…). */
  history: (filters: Record<string, string | undefined> = {}) => {
    const search = new URLSearchParams(
      Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])),
    ).toString();
    return search ? `${HISTORY_PATH}?${search}` : HISTORY_PATH;
  },
};

const HISTORY_PATH = '/history';

export const isHistoryPath = (rawPathname: string) => rawPathname.replace(/\/$/, '') === HISTORY_PATH;

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Reads a raw (still percent-encoded) pathname. Returns null for paths that aren't the console's. */
export function parseConsolePath(rawPathname: string): ConsoleLocation | null {
  const parts = rawPathname.split('/').filter((part, index) => index > 0 || part !== '');
  if (parts.at(-1) === '') parts.pop();
  if (parts.length === 0) return { api: 'chat-v2', service: null, user: null, channel: null };
  const [apiSegment, ...rest] = parts;
  const api = apiSegment === undefined ? undefined : API_BY_SEGMENT.get(apiSegment);
  if (!api) return null;
  const location: ConsoleLocation = { api, service: null, user: null, channel: null };
  if (api === 'conversations' && rest.length === 4 && rest[0] === 'services' && rest[2] === 'participants') {
    const [service, participant] = [decodeSegment(rest[1] ?? ''), decodeSegment(rest[3] ?? '')];
    if (!service || !participant) return null;
    return { ...location, service, participant };
  }
  const fields = ['services', 'users', 'channels'] as const;
  const target = { services: 'service', users: 'user', channels: 'channel' } as const;
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i];
    const value = rest[i + 1];
    if (name !== fields[i / 2] || value === undefined || value === '') return null;
    const decoded = decodeSegment(value);
    if (decoded === null) return null;
    location[target[fields[i / 2] as keyof typeof target]] = decoded;
  }
  return location;
}
