// The fake's Twilio routes: raw path → one decode per segment → the store → Twilio's JSON.
// Lookups and parameter parsers throw TwilioFailure; answerTwilioRequest turns it into Twilio's error answer.
import { ERROR_CODES, invalidParameter, notFound, TwilioFailure, twilioError } from './errors.ts';
import {
  encodePageToken,
  PAGE_SIZE_LIMITS,
  type PageRequest,
  type PageSlice,
  readPageRequest,
  slicePage,
} from './pagination.ts';
import { isSid, makeSid, messagePositionFromSid } from './sid.ts';
import type {
  ChannelRecord,
  ChannelType,
  MemberRecord,
  NotificationLevel,
  ServiceRecord,
  TwilioStore,
  UserRecord,
} from './store.ts';
import {
  channelJson,
  conversationServiceJson,
  conversationUserJson,
  memberJson,
  messageJson,
  serviceJson,
  userChannelV1Json,
  userChannelV2Json,
  userConversationJson,
  userJson,
} from './wire.ts';

export type TwilioApi = 'chat-v2' | 'chat-v1' | 'ip-messaging-v1' | 'conversations-v1';

/** Each Twilio host is a path prefix in Horizon's URL space (DEVELOPERS.md). */
export const API_PREFIXES: readonly { prefix: string; api: TwilioApi; base: string }[] = [
  { prefix: 'chat/v2', api: 'chat-v2', base: 'https://chat.twilio.com/v2' },
  { prefix: 'chat/v1', api: 'chat-v1', base: 'https://chat.twilio.com/v1' },
  { prefix: 'ip-messaging/v1', api: 'ip-messaging-v1', base: 'https://ip-messaging.twilio.com/v1' },
  { prefix: 'conversations/v1', api: 'conversations-v1', base: 'https://conversations.twilio.com/v1' },
];

export interface TwilioPath {
  api: TwilioApi;
  /** Production base, e.g. https://chat.twilio.com/v2. */
  base: string;
  /** The path after the version, still percent-encoded (e.g. /Services/IS…/Users/alice%40example.com). */
  rawPath: string;
}

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

export interface RouteContext {
  store: TwilioStore;
  accountSid: string;
  path: TwilioPath;
  /** The decoded path segments. */
  segments: string[];
  query: URLSearchParams;
  form: URLSearchParams;
}

export type Params = Record<string, string>;
type Handler = (ctx: RouteContext, params: Params) => Response;

interface Route {
  apis: readonly TwilioApi[];
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string[];
  handle: Handler;
}

const routes: Route[] = [];
export function route(apis: readonly TwilioApi[], method: Route['method'], pattern: string, handle: Handler) {
  routes.push({ apis, method, pattern: pattern.split('/').filter(Boolean), handle });
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
  for (const candidate of routes) {
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

// ---------- lookups (each throws Twilio's 404 when the record is missing) ----------

export function findService(ctx: RouteContext, sid: string | undefined): ServiceRecord {
  const service = sid === undefined ? undefined : ctx.store.services.get(sid);
  if (!service) throw notFound(ctx.path.rawPath);
  return service;
}

export function findUser(
  ctx: RouteContext,
  service: ServiceRecord,
  sidOrIdentity: string | undefined,
): UserRecord {
  const user = sidOrIdentity === undefined ? undefined : ctx.store.findUser(service.sid, sidOrIdentity);
  if (!user) throw notFound(ctx.path.rawPath);
  return user;
}

function findChannel(
  ctx: RouteContext,
  service: ServiceRecord,
  sidOrName: string | undefined,
): ChannelRecord {
  const channel = sidOrName === undefined ? undefined : ctx.store.findChannel(service.sid, sidOrName);
  if (!channel) throw notFound(ctx.path.rawPath);
  return channel;
}

/** `:service` when the route has one; otherwise the default Conversations service, the first listed. */
function conversationsService(ctx: RouteContext, params: Params): ServiceRecord {
  if (params.service !== undefined) return findService(ctx, params.service);
  const first = ctx.store.services.values().next().value;
  if (!first) throw notFound(ctx.path.rawPath);
  return first;
}

interface Membership {
  user: UserRecord;
  channel: ChannelRecord;
  member: MemberRecord;
}

function findMembership(ctx: RouteContext, service: ServiceRecord, params: Params): Membership {
  const user = findUser(ctx, service, params.user);
  const channel = findChannel(ctx, service, params.channel);
  const member = ctx.store.findMembership(channel, user);
  if (!member) throw notFound(ctx.path.rawPath);
  return { user, channel, member };
}

/** The channel a membership points at (the store keeps them consistent). */
function channelOf(ctx: RouteContext, member: MemberRecord): ChannelRecord {
  const channel = ctx.store.channels.get(member.channelSid);
  if (!channel) throw new Error(`membership ${member.sid} points at a missing channel`);
  return channel;
}

// ---------- lists ----------

export function listResponse<T>(
  ctx: RouteContext,
  key: string,
  all: readonly T[],
  keyOf: (item: T) => number,
  maxPageSize: number,
  toJson: (item: T) => unknown,
  filters: [string, string][] = [],
): Response {
  const request = readPageRequest(ctx.query, maxPageSize);
  const slice = slicePage(all, keyOf, request);
  return Response.json({ [key]: slice.items.map(toJson), meta: listMeta(ctx, key, request, slice, filters) });
}

function listMeta<T>(
  ctx: RouteContext,
  key: string,
  request: PageRequest,
  slice: PageSlice<T>,
  filters: [string, string][],
) {
  const base = `${ctx.path.base}/${ctx.segments.map((s) => encodeURIComponent(s)).join('/')}`;
  const pageUrl = (page: number, token: string | null) => {
    const query = new URLSearchParams(filters);
    query.set('PageSize', String(request.pageSize));
    query.set('Page', String(page));
    if (token !== null) query.set('PageToken', token);
    return `${base}?${query}`;
  };
  return {
    page: request.page,
    page_size: request.pageSize,
    first_page_url: pageUrl(0, null),
    previous_page_url: slice.previousCursor
      ? pageUrl(Math.max(0, request.page - 1), encodePageToken(slice.previousCursor))
      : null,
    url: pageUrl(request.page, ctx.query.get('PageToken')),
    next_page_url: slice.nextCursor ? pageUrl(request.page + 1, encodePageToken(slice.nextCursor)) : null,
    key,
  };
}

export const bySeq = (record: { seq: number }) => record.seq;
export const noContent = () => new Response(null, { status: 204 });

// ---------- form parameters (PascalCase, form-urlencoded; an empty value means null) ----------

type Parsed<T> = { present: false } | { present: true; value: T };

function enumParam<T extends string>(form: URLSearchParams, name: string, allowed: readonly T[]): Parsed<T> {
  const raw = form.get(name);
  if (raw === null) return { present: false };
  if (!(allowed as readonly string[]).includes(raw)) {
    throw invalidParameter(`Invalid ${name}: '${raw}'. Allowed values: ${allowed.join(', ')}`);
  }
  return { present: true, value: raw as T };
}

function nullableIndexParam(form: URLSearchParams, name: string): Parsed<number | null> {
  const raw = form.get(name);
  if (raw === null) return { present: false };
  if (raw === '') return { present: true, value: null };
  if (!/^\d{1,15}$/.test(raw)) {
    throw invalidParameter(`Invalid ${name}: '${raw}'. It must be a non-negative integer, or empty for null`);
  }
  return { present: true, value: Number(raw) };
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

function nullableDateParam(form: URLSearchParams, name: string): Parsed<Date | null> {
  const raw = form.get(name);
  if (raw === null) return { present: false };
  if (raw === '') return { present: true, value: null };
  const time = ISO_DATE_TIME.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalidParameter(
      `Invalid ${name}: '${raw}'. It must be an ISO 8601 date-time such as 2024-01-02T03:04:05Z`,
    );
  }
  return { present: true, value: new Date(time) };
}

const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['default', 'muted'];

/**
 * The shared update of a membership: Chat v2 user channel and Conversations user conversation differ in names
 * only. Everything is validated before anything changes.
 */
function updateMembership(
  member: MemberRecord,
  form: URLSearchParams,
  names: { index: string; timestamp: string },
) {
  const level = enumParam(form, 'NotificationLevel', NOTIFICATION_LEVELS);
  const index = nullableIndexParam(form, names.index);
  const timestamp = nullableDateParam(form, names.timestamp);
  const now = new Date();
  if (level.present) member.notificationLevel = level.value;
  if (index.present) {
    member.lastConsumedMessageIndex = index.value;
    // Moving the horizon stamps it, as the SDKs do; clearing it clears the stamp. An explicit timestamp wins.
    if (!timestamp.present) member.lastConsumptionTimestamp = index.value === null ? null : now;
  }
  if (timestamp.present) member.lastConsumptionTimestamp = timestamp.value;
  if (level.present || index.present || timestamp.present) member.dateUpdated = now;
}

// ---------- Chat v2 ----------

const V2: readonly TwilioApi[] = ['chat-v2'];
const V1: readonly TwilioApi[] = ['chat-v1', 'ip-messaging-v1'];
const CONVERSATIONS: readonly TwilioApi[] = ['conversations-v1'];

route(V2, 'GET', 'Services', (ctx) =>
  listResponse(ctx, 'services', ctx.store.servicesInOrder(), bySeq, PAGE_SIZE_LIMITS.default, (s) =>
    serviceJson(s, ctx.accountSid),
  ),
);

route(V2, 'GET', 'Services/:service', (ctx, p) =>
  Response.json(serviceJson(findService(ctx, p.service), ctx.accountSid)),
);

route(V2, 'GET', 'Services/:service/Users', (ctx, p) => {
  const service = findService(ctx, p.service);
  return listResponse(ctx, 'users', ctx.store.usersOf(service.sid), bySeq, PAGE_SIZE_LIMITS.default, (u) =>
    userJson(u, ctx.accountSid),
  );
});

route(V2, 'GET', 'Services/:service/Users/:user', (ctx, p) =>
  Response.json(userJson(findUser(ctx, findService(ctx, p.service), p.user), ctx.accountSid)),
);

function userChannelList(
  ctx: RouteContext,
  p: Params,
  toJson: (m: MemberRecord, c: ChannelRecord) => unknown,
) {
  const user = findUser(ctx, findService(ctx, p.service), p.user);
  return listResponse(ctx, 'channels', user.memberships, bySeq, PAGE_SIZE_LIMITS.userChannels, (m) =>
    toJson(m, channelOf(ctx, m)),
  );
}

route(V2, 'GET', 'Services/:service/Users/:user/Channels', (ctx, p) =>
  userChannelList(ctx, p, (m, c) => userChannelV2Json(m, c, ctx.accountSid)),
);

route(V2, 'GET', 'Services/:service/Users/:user/Channels/:channel', (ctx, p) => {
  const { member, channel } = findMembership(ctx, findService(ctx, p.service), p);
  return Response.json(userChannelV2Json(member, channel, ctx.accountSid));
});

route(V2, 'POST', 'Services/:service/Users/:user/Channels/:channel', (ctx, p) => {
  const { member, channel } = findMembership(ctx, findService(ctx, p.service), p);
  updateMembership(member, ctx.form, {
    index: 'LastConsumedMessageIndex',
    timestamp: 'LastConsumptionTimestamp',
  });
  return Response.json(userChannelV2Json(member, channel, ctx.accountSid));
});

route(V2, 'DELETE', 'Services/:service/Users/:user/Channels/:channel', (ctx, p) => {
  const { member } = findMembership(ctx, findService(ctx, p.service), p);
  ctx.store.removeMember(member);
  return noContent();
});

const CHANNEL_TYPES: readonly ChannelType[] = ['public', 'private'];

route(V2, 'GET', 'Services/:service/Channels', (ctx, p) => {
  const service = findService(ctx, p.service);
  const types = ctx.query.getAll('Type');
  const bad = types.find((t) => !(CHANNEL_TYPES as readonly string[]).includes(t));
  if (bad !== undefined) throw invalidParameter(`Invalid Type: '${bad}'. Allowed values: public, private`);
  // The spec: "Can be: public or private and defaults to public".
  const wanted = types.length > 0 ? types : ['public'];
  const channels = ctx.store.channelsOf(service.sid).filter((c) => wanted.includes(c.type));
  return listResponse(
    ctx,
    'channels',
    channels,
    bySeq,
    PAGE_SIZE_LIMITS.default,
    (c) => channelJson(c, ctx.accountSid),
    types.map((t) => ['Type', t]),
  );
});

/** Validates the Channel create/update fields that were sent; undefined means "not sent", null "cleared". */
function readChannelFields(form: URLSearchParams) {
  const type = enumParam(form, 'Type', CHANNEL_TYPES);
  for (const name of ['FriendlyName', 'UniqueName', 'CreatedBy'] as const) {
    const value = form.get(name);
    if (value !== null && value.length > 64) throw invalidParameter(`${name} must be 64 characters or less`);
  }
  const attributes = form.get('Attributes');
  if (attributes !== null && attributes !== '') {
    try {
      JSON.parse(attributes);
    } catch {
      throw invalidParameter(`Invalid Attributes: '${attributes}'. It must be a valid JSON string`);
    }
  }
  const dateCreated = nullableDateParam(form, 'DateCreated');
  const dateUpdated = nullableDateParam(form, 'DateUpdated');
  const uniqueName = form.get('UniqueName');
  if (uniqueName !== null && isSid('CH', uniqueName))
    throw invalidParameter('UniqueName must not look like a Channel SID');
  const emptyToNull = (value: string | null) => (value === null ? undefined : value === '' ? null : value);
  return {
    type: type.present ? type.value : undefined,
    friendlyName: emptyToNull(form.get('FriendlyName')),
    uniqueName: emptyToNull(uniqueName),
    createdBy: emptyToNull(form.get('CreatedBy')),
    attributes: attributes === null ? undefined : attributes === '' ? '{}' : attributes,
    dateCreated: dateCreated.present ? dateCreated.value : undefined,
    dateUpdated: dateUpdated.present ? dateUpdated.value : undefined,
  };
}

function assertUniqueNameFree(ctx: RouteContext, serviceSid: string, uniqueName: string) {
  if (ctx.store.findChannel(serviceSid, uniqueName)) {
    throw new TwilioFailure(
      409,
      ERROR_CODES.channelUniqueNameExists,
      `Channel with provided unique name already exists: ${uniqueName}`,
    );
  }
}

route(V2, 'POST', 'Services/:service/Channels', (ctx, p) => {
  const service = findService(ctx, p.service);
  const fields = readChannelFields(ctx.form);
  const uniqueName = fields.uniqueName ?? null;
  if (uniqueName !== null) assertUniqueNameFree(ctx, service.sid, uniqueName);
  const now = new Date();
  const channel = ctx.store.addChannel({
    // Deterministic like the seed's; the store's seq makes it unique (seed SIDs derive from other names).
    sid: makeSid('CH', `created/${ctx.store.nextSeq()}`),
    serviceSid: service.sid,
    friendlyName: fields.friendlyName ?? null,
    uniqueName,
    attributes: fields.attributes ?? '{}',
    type: fields.type ?? 'public',
    createdBy: fields.createdBy ?? 'system',
    dateCreated: fields.dateCreated ?? now,
    dateUpdated: fields.dateUpdated ?? fields.dateCreated ?? now,
    state: 'active',
    dateInactive: null,
    dateClosed: null,
    messages: { count: 0, gapEvery: 1, gapSize: 0, firstDate: now, stepMs: 60_000, authors: [] },
  });
  return Response.json(channelJson(channel, ctx.accountSid), { status: 201 });
});

route(V2, 'GET', 'Services/:service/Channels/:channel', (ctx, p) =>
  Response.json(channelJson(findChannel(ctx, findService(ctx, p.service), p.channel), ctx.accountSid)),
);

route(V2, 'POST', 'Services/:service/Channels/:channel', (ctx, p) => {
  const service = findService(ctx, p.service);
  const channel = findChannel(ctx, service, p.channel);
  const fields = readChannelFields(ctx.form);
  if (fields.uniqueName != null && fields.uniqueName !== channel.uniqueName) {
    assertUniqueNameFree(ctx, service.sid, fields.uniqueName);
  }
  if (fields.uniqueName !== undefined) ctx.store.setChannelUniqueName(channel, fields.uniqueName);
  if (fields.friendlyName !== undefined) channel.friendlyName = fields.friendlyName;
  if (fields.attributes !== undefined) channel.attributes = fields.attributes;
  if (fields.type !== undefined) channel.type = fields.type;
  if (fields.createdBy !== undefined) channel.createdBy = fields.createdBy;
  if (fields.dateCreated != null) channel.dateCreated = fields.dateCreated;
  channel.dateUpdated = fields.dateUpdated ?? new Date();
  return Response.json(channelJson(channel, ctx.accountSid));
});

route(V2, 'DELETE', 'Services/:service/Channels/:channel', (ctx, p) => {
  ctx.store.deleteChannel(findChannel(ctx, findService(ctx, p.service), p.channel));
  return noContent();
});

route(V2, 'GET', 'Services/:service/Channels/:channel/Members', (ctx, p) => {
  const channel = findChannel(ctx, findService(ctx, p.service), p.channel);
  const identities = ctx.query.getAll('Identity');
  const members =
    identities.length > 0 ? channel.members.filter((m) => identities.includes(m.identity)) : channel.members;
  return listResponse(
    ctx,
    'members',
    members,
    bySeq,
    PAGE_SIZE_LIMITS.default,
    (m) => memberJson(m, ctx.accountSid),
    identities.map((i) => ['Identity', i]),
  );
});

route(V2, 'GET', 'Services/:service/Channels/:channel/Members/:member', (ctx, p) => {
  const channel = findChannel(ctx, findService(ctx, p.service), p.channel);
  const member = p.member === undefined ? undefined : ctx.store.findMember(channel, p.member);
  if (!member) throw notFound(ctx.path.rawPath);
  return Response.json(memberJson(member, ctx.accountSid));
});

route(V2, 'GET', 'Services/:service/Channels/:channel/Messages', (ctx, p) => {
  const channel = findChannel(ctx, findService(ctx, p.service), p.channel);
  const order = enumParam(ctx.query, 'Order', ['asc', 'desc'] as const);
  const descending = order.present && order.value === 'desc';
  // Positions are built per request (a few thousand numbers at most); the messages themselves are derived.
  const count = channel.messages.count;
  const positions = Array.from({ length: count }, (_, i) => (descending ? count - 1 - i : i));
  return listResponse(
    ctx,
    'messages',
    positions,
    (position) => (descending ? -position : position),
    PAGE_SIZE_LIMITS.default,
    (position) => messageJson(channel, position, ctx.accountSid),
    order.present ? [['Order', order.value]] : [],
  );
});

route(V2, 'GET', 'Services/:service/Channels/:channel/Messages/:message', (ctx, p) => {
  const channel = findChannel(ctx, findService(ctx, p.service), p.channel);
  const position = messagePositionFromSid(channel.sid, p.message ?? '');
  if (position === undefined || position >= channel.messages.count) throw notFound(ctx.path.rawPath);
  return Response.json(messageJson(channel, position, ctx.accountSid));
});

// ---------- Chat v1 (and its ip-messaging alias): user channels list only ----------

route(V1, 'GET', 'Services/:service/Users/:user/Channels', (ctx, p) =>
  userChannelList(ctx, p, (m, c) => userChannelV1Json(m, c, ctx.accountSid, ctx.path.base)),
);

// ---------- Conversations v1 ----------

route(CONVERSATIONS, 'GET', 'Services', (ctx) =>
  listResponse(ctx, 'services', ctx.store.servicesInOrder(), bySeq, PAGE_SIZE_LIMITS.default, (s) =>
    conversationServiceJson(s, ctx.accountSid),
  ),
);

route(CONVERSATIONS, 'GET', 'Services/:service', (ctx, p) =>
  Response.json(conversationServiceJson(findService(ctx, p.service), ctx.accountSid)),
);

for (const prefix of ['', 'Services/:service/']) {
  const serviceScoped = prefix !== '';

  route(CONVERSATIONS, 'GET', `${prefix}Users/:user`, (ctx, p) => {
    const user = findUser(ctx, conversationsService(ctx, p), p.user);
    return Response.json(conversationUserJson(user, ctx.accountSid, serviceScoped));
  });

  route(CONVERSATIONS, 'GET', `${prefix}Users/:user/Conversations`, (ctx, p) => {
    const user = findUser(ctx, conversationsService(ctx, p), p.user);
    return listResponse(
      ctx,
      'conversations',
      user.memberships,
      bySeq,
      PAGE_SIZE_LIMITS.userConversations,
      (m) => userConversationJson(m, channelOf(ctx, m), ctx.accountSid, serviceScoped),
    );
  });

  const conversationPath = `${prefix}Users/:user/Conversations/:channel`;

  route(CONVERSATIONS, 'GET', conversationPath, (ctx, p) => {
    const { member, channel } = findMembership(ctx, conversationsService(ctx, p), p);
    return Response.json(userConversationJson(member, channel, ctx.accountSid, serviceScoped));
  });

  route(CONVERSATIONS, 'POST', conversationPath, (ctx, p) => {
    const { member, channel } = findMembership(ctx, conversationsService(ctx, p), p);
    updateMembership(member, ctx.form, { index: 'LastReadMessageIndex', timestamp: 'LastReadTimestamp' });
    return Response.json(userConversationJson(member, channel, ctx.accountSid, serviceScoped));
  });

  route(CONVERSATIONS, 'DELETE', conversationPath, (ctx, p) => {
    const { member } = findMembership(ctx, conversationsService(ctx, p), p);
    ctx.store.removeMember(member);
    return noContent();
  });
}
