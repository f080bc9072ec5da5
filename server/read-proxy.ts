import type { Target } from './allowlist.ts';
import type { ChannelCache } from './channel-cache.ts';
import { proxied, upstreamFailure } from './http-answers.ts';
import type { UpstreamClient } from './upstream.ts';

// Reads (GET) on the allowlist, forwarded as checked; a channel's own record comes from the shared cache when fresh.

export function createReadProxy(upstream: UpstreamClient, channels: ChannelCache | null) {
  return async function read(target: Target): Promise<Response> {
    const { upstream: base, upstreamPath, query } = target;
    const send = () => upstream.send({ upstream: base, method: 'GET', path: upstreamPath, query });
    try {
      if (channels && target.channelMetadata && target.service && target.channel) {
        const key = `${base}${upstreamPath}?${query}`;
        return proxied(await channels.fetch(key, { service: target.service, channel: target.channel }, send));
      }
      return proxied(await send());
    } catch (error) {
      return upstreamFailure(error).response;
    }
  };
}
