import { resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { launchBrowser, newContext, openConsole, trackApi } from './browser.ts';
import { FakeControl } from './fake-control.ts';
import { startDemoServer } from './processes.ts';

export interface TraceSession {
  page: Page;
  context: BrowserContext;
  api: ReturnType<typeof trackApi>;
  fake: FakeControl;
}

/**
 * The trace scripts' setting: Horizon in demo mode serving `dist`, a browser, and one page with the console open;
 * `run` does the rest. Everything is closed afterwards, whatever happens.
 */
export async function withConsole(
  dist: string,
  run: (session: TraceSession) => Promise<void>,
): Promise<void> {
  const server = await startDemoServer({ HORIZON_STATIC_DIR: resolve(dist) });
  const browser = await launchBrowser();
  try {
    const fake = new FakeControl(server.url);
    const context = await newContext(browser);
    const page = await context.newPage();
    const api = trackApi(page);
    await openConsole(page, server.url);
    await run({ page, context, api, fake });
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}
