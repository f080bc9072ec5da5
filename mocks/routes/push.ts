// The fake's push routes, one of routes.ts's ROUTE_MODULES:
// Chat v2 user and service bindings, Conversations service bindings and Configuration/Notifications.
import { invalidParameter, notFound } from '../errors.ts';
import { PAGE_SIZE_LIMITS } from '../pagination.ts';
import {
  type BindingRecord,
  type BindingType,
  CHAT_BINDING_TYPES,
  CONVERSATIONS_BINDING_TYPES,
} from '../push.ts';
import {
  chatServiceBindingJson,
  chatUserBindingJson,
  conversationsBindingJson,
  conversationsNotificationsJson,
} from '../push-wire.ts';
import {
  type AddRoute,
  bySeq,
  CONVERSATIONS,
  defineRoutes,
  findService,
  findUser,
  listResponse,
  noContent,
  type Params,
  type RouteContext,
  type TwilioApi,
  V2,
} from './route-kit.ts';

/** The spec: 50 per page for Chat v2 bindings, 100 for Conversations'. */
const CHAT_BINDINGS_PAGE = 50;
const CONVERSATIONS_BINDINGS_PAGE = PAGE_SIZE_LIMITS.default;

function bindingsOf(ctx: RouteContext, serviceSid: string): BindingRecord[] {
  return [...ctx.store.bindings.values()]
    .filter((b) => b.serviceSid === serviceSid)
    .sort((a, b) => a.seq - b.seq);
}

/** BindingType (repeatable) and, where given, Identity (repeatable) filters; echoed into the page URLs. */
function filtered(
  ctx: RouteContext,
  all: BindingRecord[],
  allowed: readonly BindingType[],
  byIdentity: boolean,
) {
  const types = ctx.query.getAll('BindingType');
  const bad = types.find((t) => !(allowed as readonly string[]).includes(t));
  if (bad !== undefined) {
    throw invalidParameter(`Invalid BindingType: '${bad}'. Allowed values: ${allowed.join(', ')}`);
  }
  const identities = byIdentity ? ctx.query.getAll('Identity') : [];
  const rows = all.filter(
    (b) =>
      (types.length === 0 || types.includes(b.bindingType)) &&
      (identities.length === 0 || identities.includes(b.identity)),
  );
  const filters: [string, string][] = [
    ...types.map((t): [string, string] => ['BindingType', t]),
    ...identities.map((i): [string, string] => ['Identity', i]),
  ];
  return { rows, filters };
}

function findBinding(ctx: RouteContext, serviceSid: string, sid: string | undefined, userSid?: string) {
  const binding = sid === undefined ? undefined : ctx.store.bindings.get(sid);
  if (
    !binding ||
    binding.serviceSid !== serviceSid ||
    (userSid !== undefined && binding.userSid !== userSid)
  ) {
    throw notFound(ctx.path.rawPath);
  }
  return binding;
}

export const pushRoutes = defineRoutes((route) => {
  // ---------- Chat v2 ----------

  route(V2, 'GET', 'Services/:service/Users/:user/Bindings', (ctx, p) => {
    const user = findUser(ctx, findService(ctx, p.service), p.user);
    const mine = bindingsOf(ctx, user.serviceSid).filter((b) => b.userSid === user.sid);
    const { rows, filters } = filtered(ctx, mine, CHAT_BINDING_TYPES, false);
    return listResponse(
      ctx,
      'bindings',
      rows,
      bySeq,
      CHAT_BINDINGS_PAGE,
      (b) => chatUserBindingJson(b, ctx.accountSid),
      filters,
    );
  });

  const userBinding = (ctx: RouteContext, p: Params) => {
    const user = findUser(ctx, findService(ctx, p.service), p.user);
    return findBinding(ctx, user.serviceSid, p.binding, user.sid);
  };

  route(V2, 'GET', 'Services/:service/Users/:user/Bindings/:binding', (ctx, p) =>
    Response.json(chatUserBindingJson(userBinding(ctx, p), ctx.accountSid)),
  );

  route(V2, 'DELETE', 'Services/:service/Users/:user/Bindings/:binding', (ctx, p) => {
    ctx.store.bindings.delete(userBinding(ctx, p).sid);
    return noContent();
  });

  /** A service's bindings (list filtered by identity and type, fetch, delete): the same in Chat v2 and Conversations. */
  function serviceBindingRoutes(
    route: AddRoute,
    apis: readonly TwilioApi[],
    types: readonly BindingType[],
    pageSize: number,
    toJson: (binding: BindingRecord, accountSid: string) => unknown,
  ) {
    route(apis, 'GET', 'Services/:service/Bindings', (ctx, p) => {
      const service = findService(ctx, p.service);
      const { rows, filters } = filtered(ctx, bindingsOf(ctx, service.sid), types, true);
      return listResponse(ctx, 'bindings', rows, bySeq, pageSize, (b) => toJson(b, ctx.accountSid), filters);
    });
    const serviceBinding = (ctx: RouteContext, p: Params) =>
      findBinding(ctx, findService(ctx, p.service).sid, p.binding);
    route(apis, 'GET', 'Services/:service/Bindings/:binding', (ctx, p) =>
      Response.json(toJson(serviceBinding(ctx, p), ctx.accountSid)),
    );
    route(apis, 'DELETE', 'Services/:service/Bindings/:binding', (ctx, p) => {
      ctx.store.bindings.delete(serviceBinding(ctx, p).sid);
      return noContent();
    });
  }

  serviceBindingRoutes(route, V2, CHAT_BINDING_TYPES, CHAT_BINDINGS_PAGE, chatServiceBindingJson);

  // ---------- Conversations v1 ----------

  route(CONVERSATIONS, 'GET', 'Services/:service/Configuration/Notifications', (ctx, p) => {
    const service = findService(ctx, p.service);
    return Response.json(conversationsNotificationsJson(service.sid, ctx.accountSid, service.notifications));
  });

  serviceBindingRoutes(
    route,
    CONVERSATIONS,
    CONVERSATIONS_BINDING_TYPES,
    CONVERSATIONS_BINDINGS_PAGE,
    conversationsBindingJson,
  );
});
