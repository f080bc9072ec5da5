// Chat v2: services, users, the user's channels (read, update, remove), channels, members and messages.
import { ERROR_CODES, invalidParameter, notFound, TwilioFailure } from '../errors.ts';
import { PAGE_SIZE_LIMITS } from '../pagination.ts';
import { isSid, makeSid, messagePositionFromSid } from '../sid.ts';
import type { ChannelRecord, ChannelType, MemberRecord } from '../store.ts';
import { channelJson, memberJson, messageJson, serviceJson, userChannelV2Json, userJson } from '../wire.ts';
import {
  bySeq,
  channelOf,
  defineRoutes,
  enumParam,
  findChannel,
  findMembership,
  findService,
  findUser,
  listResponse,
  messagePositions,
  noContent,
  nullableDateParam,
  type Params,
  type RouteContext,
  updateMembership,
  V2,
} from './route-kit.ts';

/** The user's channels, shared by Chat v2 and Chat v1 (which differ in the record's shape only). */
export function userChannelList(
  ctx: RouteContext,
  p: Params,
  toJson: (m: MemberRecord, c: ChannelRecord) => unknown,
) {
  const user = findUser(ctx, findService(ctx, p.service), p.user);
  return listResponse(ctx, 'channels', user.memberships, bySeq, PAGE_SIZE_LIMITS.userChannels, (m) =>
    toJson(m, channelOf(ctx, m)),
  );
}

const CHANNEL_TYPES: readonly ChannelType[] = ['public', 'private'];

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

export const chatV2Routes = defineRoutes((route) => {
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
      identities.length > 0
        ? channel.members.filter((m) => identities.includes(m.identity))
        : channel.members;
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
    const { positions, keyOf, filters } = messagePositions(ctx, channel);
    return listResponse(
      ctx,
      'messages',
      positions,
      keyOf,
      PAGE_SIZE_LIMITS.default,
      (position) => messageJson(channel, position, ctx.accountSid),
      filters,
    );
  });

  route(V2, 'GET', 'Services/:service/Channels/:channel/Messages/:message', (ctx, p) => {
    const channel = findChannel(ctx, findService(ctx, p.service), p.channel);
    const position = messagePositionFromSid(channel.sid, p.message ?? '');
    if (position === undefined || position >= channel.messages.count) throw notFound(ctx.path.rawPath);
    return Response.json(messageJson(channel, position, ctx.accountSid));
  });
});
