import type { CDPSession } from '@playwright/test';

// A Chromium trace over CDP (Tracing domain): start it with some categories, stop it for the events.

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

/** Starts tracing; the returned function ends it and resolves with every event collected. */
export async function startTrace(
  cdp: CDPSession,
  categories: string[],
): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const complete = new Promise<void>((done) => cdp.once('Tracing.tracingComplete', () => done()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: categories },
  });
  return async () => {
    await cdp.send('Tracing.end');
    await complete;
    return events;
  };
}
