import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Compressed sizes the way size-limit's file plugin computes them (gzip level 9, brotli quality 11), so the bench
// and the `npm test` budget agree byte for byte.

export interface AssetSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export function assetSize(distDir: string, file: string): AssetSize {
  const bytes = readFileSync(join(distDir, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The JS and CSS files dist/index.html itself loads: its module script(s), modulepreloads and stylesheets. */
export function firstViewFiles(distDir: string): { js: string[]; css: string[] } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const js = new Set<string>();
  const css = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const src = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (!src || /^[a-z]+:\/\//i.test(src)) continue;
    const file = src.replace(/^\//, '');
    if (tag.startsWith('<script') && /type="module"/.test(tag)) js.add(file);
    else if (/rel="modulepreload"/.test(tag)) js.add(file);
    else if (/rel="stylesheet"/.test(tag)) css.add(file);
  }
  return { js: [...js], css: [...css] };
}

/** Every JS and CSS file of the build (source maps excluded). */
export function allAssets(distDir: string): string[] {
  return readdirSync(join(distDir, 'assets'))
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => `assets/${name}`)
    .sort();
}

export function sum(sizes: readonly AssetSize[]): Omit<AssetSize, 'file'> {
  return sizes.reduce(
    (total, s) => ({ raw: total.raw + s.raw, gzip: total.gzip + s.gzip, brotli: total.brotli + s.brotli }),
    {
      raw: 0,
      gzip: 0,
      brotli: 0,
    },
  );
}
