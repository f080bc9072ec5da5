import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { acceptedEncodings } from './static.ts';

// Compresses Horizon's JSON answers (Twilio's pages, the audit trail) of 1 KB or more when the client accepts it:
// a 50-row channel page is ~42 KB of JSON and ~4 KB compressed. The bodies are already whole in memory (the proxy
// buffers Twilio's answer), so this compresses synchronously, at settings fast enough for the proxy's 2 ms budget.
const MIN_BYTES = 1024;

export function compressJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type') ?? '';
    if (
      !res.body ||
      !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type) ||
      res.headers.has('Content-Encoding')
    )
      return;
    if (c.req.method === 'HEAD') return;
    const vary = res.headers.get('Vary');
    const varyHeader = vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding';
    const accepts = acceptedEncodings(c.req.header('accept-encoding') ?? null);
    const encoding = accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
    const raw = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    headers.set('Vary', varyHeader);
    let body: Uint8Array<ArrayBuffer> = raw;
    if (encoding && raw.byteLength >= MIN_BYTES) {
      const packed =
        encoding === 'br'
          ? brotliCompressSync(raw, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 4,
                [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              },
            })
          : gzipSync(raw, { level: 6 });
      body = new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) as Uint8Array<ArrayBuffer>;
      headers.set('Content-Encoding', encoding);
    }
    headers.set('Content-Length', String(body.byteLength));
    c.res = undefined;
    c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
  };
}
