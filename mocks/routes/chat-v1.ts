// Chat v1 (and its ip-messaging alias): the user's channels, list only.
import { userChannelV1Json } from '../wire.ts';
import { userChannelList } from './chat-v2.ts';
import { defineRoutes, V1 } from './route-kit.ts';

export const chatV1Routes = defineRoutes((route) => {
  route(V1, 'GET', 'Services/:service/Users/:user/Channels', (ctx, p) =>
    userChannelList(ctx, p, (m, c) => userChannelV1Json(m, c, ctx.accountSid, ctx.path.base)),
  );
});
