// What every route module of the fake shares: the request context, lookups that throw Twilio's 404, list envelopes
// with cursor paging, and form-parameter parsers that throw Twilio's 400. Modules register routes with `defineRoutes`.
import type { Product } from '../../url-space/url-space.ts';
import { invalidParameter, notFound } from '../errors.ts';
import {
  encodePageToken,
  type PageRequest,
  type PageSlice,
  readPageRequest,
  slicePage,
} from '../pagination.ts';
import type {
  ChannelRecord,
  MemberRecord,
  NotificationLevel,
  ServiceRecord,
  TwilioStore,
  UserRecord,
} from '../store.ts';

export type TwilioApi = Product;

export interface TwilioPath {
  api: TwilioApi;
  /** Production base, e.g. https://chat.twilio.com/v2. */
  base: string;
  /** The path after the version, still percent-encoded (e.g. /Services/IS…/Users/alice%40example.com). */
  rawPath: string;
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
export type Handler = (ctx: RouteContext, params: Params) => Response;

export interface Route {
  apis: readonly TwilioApi[];
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string[];
  handle: Handler;
}

export type AddRoute = (
  apis: readonly TwilioApi[],
  method: Route['method'],
  pattern: string,
  handle: Handler,
) => void;

/** A route module: `defineRoutes((route) => { route(APIS, 'GET', 'Services/:service', handler); … })`. */
export function defineRoutes(register: (route: AddRoute) => void): readonly Route[] {
  const routes: Route[] = [];
  register((apis, method, pattern, handle) =>
    routes.push({ apis, method, pattern: pattern.split('/').filter(Boolean), handle }),
  );
  return routes;
}

export const V2: readonly TwilioApi[] = ['chat-v2'];
export const V1: readonly TwilioApi[] = ['chat-v1', 'ip-messaging-v1'];
export const CONVERSATIONS: readonly TwilioApi[] = ['conversations-v1'];

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

/** `:service` when the route has one; otherwise the account's default conversation service. */
export function conversationsService(ctx: RouteContext, params: Params): ServiceRecord {
  if (params.service !== undefined) return findService(ctx, params.service);
  const sid = ctx.store.defaultConversationServiceSid;
  const service = sid === null ? undefined : ctx.store.services.get(sid);
  if (!service) throw notFound(ctx.path.rawPath);
  return service;
}

export function findChannel(
  ctx: RouteContext,
  service: ServiceRecord,
  sidOrName: string | undefined,
): ChannelRecord {
  const channel = sidOrName === undefined ? undefined : ctx.store.findChannel(service.sid, sidOrName);
  if (!channel) throw notFound(ctx.path.rawPath);
  return channel;
}

export interface Membership {
  user: UserRecord;
  channel: ChannelRecord;
  member: MemberRecord;
}

export function findMembership(ctx: RouteContext, service: ServiceRecord, params: Params): Membership {
  const user = findUser(ctx, service, params.user);
  const channel = findChannel(ctx, service, params.channel);
  const member = ctx.store.findMembership(channel, user);
  if (!member) throw notFound(ctx.path.rawPath);
  return { user, channel, member };
}

/** The channel a membership points at (the store keeps them consistent). */
export function channelOf(ctx: RouteContext, member: { channelSid: string; sid: string }): ChannelRecord {
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
    // URLSearchParams writes `+` as %2B (and a space as +): an address filter survives the round trip.
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

export type Parsed<T> = { present: false } | { present: true; value: T };

export function enumParam<T extends string>(
  form: URLSearchParams,
  name: string,
  allowed: readonly T[],
): Parsed<T> {
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

export function nullableDateParam(form: URLSearchParams, name: string): Parsed<Date | null> {
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
export function updateMembership(
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

/** The channel's messages as positions, newest first for `Order=desc` (messages are derived, never stored). */
export function messagePositions(ctx: RouteContext, channel: ChannelRecord) {
  const order = enumParam(ctx.query, 'Order', ['asc', 'desc'] as const);
  const descending = order.present && order.value === 'desc';
  // Positions are built per request (a few thousand numbers at most).
  const count = channel.messages.count;
  return {
    positions: Array.from({ length: count }, (_, i) => (descending ? count - 1 - i : i)),
    keyOf: (position: number) => (descending ? -position : position),
    filters: (order.present ? [['Order', order.value]] : []) as [string, string][],
  };
}
