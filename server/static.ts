import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { PRECOMPRESSED } from './precompress.ts';

// Serves the built console (dist/): hashed assets cached forever, everything else revalidated, and index.html for
// the console's own client-side routes (/chat-v2/services/IS…/users/…).

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// Vite puts content-hashed files under /assets/: their URL changes whenever their bytes do.
const IMMUTABLE = 'public, max-age=31536000, immutable';

// Text files the build precompressed: server/precompress.ts writes `<file>.br` and `<file>.gz` next to each file
// PRECOMPRESSED matches (one pattern for the writer and this reader).
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The content codings the client accepts (q > 0), lower-cased; `*` stands for any not named. */
export function acceptedEncodings(header: string | null): (name: string) => boolean {
  const named = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    named.set(token, q ? Number(q.slice(2)) || 0 : 1);
  }
  return (name) => {
    const q = named.get(name) ?? named.get('*') ?? 0;
    return q > 0;
  };
}

async function fileResponse(
  path: string,
  cacheControl: string,
  head: boolean,
  acceptEncoding: string | null,
): Promise<Response | null> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const headers: Record<string, string> = {
    'Content-Type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Cache-Control': cacheControl,
  };
  let sendPath = path;
  if (PRECOMPRESSED.test(path)) {
    headers.Vary = 'Accept-Encoding';
    const accepts = acceptedEncodings(acceptEncoding);
    for (const encoding of ENCODINGS) {
      if (!accepts(encoding.name)) continue;
      const packed = await stat(path + encoding.suffix).catch(() => null);
      // A precompressed copy older than the file is stale (a file replaced in place): send the file itself.
      if (!packed?.isFile() || packed.mtimeMs < info.mtimeMs) continue;
      sendPath = path + encoding.suffix;
      headers['Content-Encoding'] = encoding.name;
      headers['Content-Length'] = String(packed.size);
      break;
    }
  }
  if (head) return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(createReadStream(sendPath)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

export function createStaticHandler(dir: string) {
  const root = resolve(dir);
  return async (request: Request): Promise<Response | null> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const head = request.method === 'HEAD';
    const acceptEncoding = request.headers.get('accept-encoding');
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return null;
    }
    const file = resolve(root, `.${pathname}`);
    const inside = file === root || file.startsWith(root + sep);
    if (inside && !pathname.endsWith('/') && !pathname.includes('\0')) {
      const cache = pathname.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
      const found = await fileResponse(file, cache, head, acceptEncoding);
      if (found) return found;
    }
    // A missing hashed asset is a real 404 (an old tab after a deploy), not the app shell.
    if (pathname.startsWith('/assets/')) return null;
    const accept = request.headers.get('accept') ?? '';
    if (!accept.includes('text/html') && !accept.includes('*/*')) return null;
    return fileResponse(resolve(root, 'index.html'), 'no-cache', head, acceptEncoding);
  };
}
