import type { Browser, Page } from '@playwright/test';
import { channelRows, fillLookup, lookUpButton, newContext, openConsole, trackApi } from '../lib/browser.ts';
import { type AssetSize, allAssets, assetSize, firstViewFiles, sum } from '../lib/sizes.ts';

// 1. Bytes: the JS and CSS the browser loads for the first view (the home page with the lookup form), what a lookup
// adds, and what opening a channel adds (lazy chunks), as seen on the network and sized from dist/.

export interface LoadedAsset extends AssetSize {
  /** Body bytes on the wire as served (Content-Encoding applied, if any). */
  transferred: number;
  contentEncoding: string | null;
}

export interface BytesResult {
  firstView: {
    js: LoadedAsset[];
    css: LoadedAsset[];
    totals: Record<'js' | 'css', ReturnType<typeof sum> & { transferred: number }>;
  };
  afterLookup: LoadedAsset[];
  afterOpeningDrawer: LoadedAsset[];
  /** Files index.html references (what size-limit checks in `npm test`). */
  indexHtml: { js: string[]; css: string[]; jsTotal: ReturnType<typeof sum> };
  /** All JS/CSS in dist/, with whether the first view loads it. */
  dist: Array<AssetSize & { firstView: boolean }>;
}

function recorder(page: Page, distDir: string) {
  const seen: LoadedAsset[] = [];
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    const type = request.resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      (async () => {
        const response = await request.response();
        const sizes = await request.sizes();
        const file = new URL(request.url()).pathname.replace(/^\//, '');
        let size: AssetSize;
        try {
          size = assetSize(distDir, file);
        } catch {
          const body = (await response?.body()) ?? Buffer.alloc(0);
          size = { file, raw: body.length, gzip: Number.NaN, brotli: Number.NaN };
        }
        seen.push({
          ...size,
          transferred: sizes.responseBodySize,
          contentEncoding: (await response?.headerValue('content-encoding')) ?? null,
        });
      })(),
    );
  });
  return {
    async take(): Promise<LoadedAsset[]> {
      await Promise.all(pending.splice(0));
      return seen.splice(0);
    },
  };
}

export async function measureBytes(browser: Browser, origin: string, distDir: string): Promise<BytesResult> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const api = trackApi(page);
  const loaded = recorder(page, distDir);

  await openConsole(page, origin);
  await api.idle();
  const first = await loaded.take();

  await fillLookup(page, 'alice@example.com');
  await lookUpButton(page).click();
  await channelRows(page).first().waitFor();
  await api.idle();
  const afterLookup = await loaded.take();

  await channelRows(page).first().locator('a[href], button').first().click();
  await page.getByRole('dialog').first().waitFor();
  await api.idle();
  const afterOpeningDrawer = await loaded.take();
  await context.close();

  const js = first.filter((a) => a.file.endsWith('.js'));
  const css = first.filter((a) => a.file.endsWith('.css'));
  const totals = (assets: LoadedAsset[]) => ({
    ...sum(assets),
    transferred: assets.reduce((t, a) => t + a.transferred, 0),
  });
  const html = firstViewFiles(distDir);
  const firstViewSet = new Set([...html.js, ...html.css, ...first.map((a) => a.file)]);
  return {
    firstView: { js, css, totals: { js: totals(js), css: totals(css) } },
    afterLookup,
    afterOpeningDrawer,
    indexHtml: { ...html, jsTotal: sum(html.js.map((f) => assetSize(distDir, f))) },
    dist: allAssets(distDir).map((file) => ({
      ...assetSize(distDir, file),
      firstView: firstViewSet.has(file),
    })),
  };
}
