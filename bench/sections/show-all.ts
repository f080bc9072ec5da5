import type { Browser, CDPSession, Page } from '@playwright/test';
import {
  allRowsResult,
  armAllRows,
  channelRows,
  fillLookup,
  lookUpButton,
  newContext,
  openConsole,
  trackApi,
} from '../lib/browser.ts';
import type { FakeControl } from '../lib/fake-control.ts';
import { type Summary, summarize } from '../lib/stats.ts';

// 4. Show all on the 1000-channel user (issue 5's feature). When the console has no "Show all" button this
// reports "not available" instead of failing.
//  - time to all rows usable: click → the table holds (or, virtualised, announces via aria-rowcount) all rows, and
//    the main thread has finished its long tasks (the later of the two);
//  - scroll: the table's scroller is scrolled top to bottom by SCROLL_STEP px per animation frame; each frame's
//    cost is the time from the frame's start (rAF time stamp, before scroll handlers run) to the end of its paint
//    (a task posted from rAF), and the interval between frames shows dropped frames;
//  - the same scroll as a person's mouse wheel makes it: Chromium's synthesized scroll gesture over the scroller
//    (Input.synthesizeScrollGesture, WHEEL_SPEED px/s: SCROLL_STEP px a frame at 60 Hz), scrolled by the
//    compositor, with the frames recorded the same way. The scrollTop loop above forces a layout a wheel doesn't,
//    and a wheel's frames are the ones an agent sees;
//  - JS heap (CDP Runtime.getHeapUsage after a forced GC) before the click and with all rows shown.

const SCROLL_STEP = 100;
const WHEEL_SPEED = SCROLL_STEP * 60;

export type ShowAllResult =
  | { available: false; reason: string }
  | {
      available: true;
      user: string;
      rows: number;
      runs: number;
      toAllRowsUsable: Summary;
      toAllRowsInTable: Summary;
      frameCost: Summary;
      frameInterval: Summary;
      droppedFrames: number;
      frames: number;
      /** The same, scrolled by a mouse-wheel gesture (absent in results from before 30 Nov). */
      wheel?: ScrollFrames;
      heapBeforeMiB: Summary;
      heapAfterMiB: Summary;
      domRows: number;
    };

export interface ScrollFrames {
  frameCost: Summary;
  frameInterval: Summary;
  droppedFrames: number;
  frames: number;
}

const VSYNC_MS = 1000 / 60;

export type FrameSample = { start: number; painted: number };

function scrollFrames(runs: FrameSample[][]): ScrollFrames {
  const cost: number[] = [];
  const interval: number[] = [];
  for (const frames of runs) {
    frames.forEach((frame, i) => {
      cost.push(frame.painted - frame.start);
      const previous = frames[i - 1];
      if (previous) interval.push(frame.start - previous.start);
    });
  }
  return {
    frameCost: summarize(cost),
    frameInterval: summarize(interval),
    droppedFrames: interval.filter((value) => value > VSYNC_MS * 1.5).length,
    frames: cost.length,
  };
}

export async function measureShowAll(
  browser: Browser,
  origin: string,
  fake: FakeControl,
  { runs }: { runs: number },
): Promise<ShowAllResult> {
  const user = 'thousand@example.com';
  const expectedRows = 1000;
  const usable: number[] = [];
  const inTable: number[] = [];
  const scrolled: FrameSample[][] = [];
  const wheeled: FrameSample[][] = [];
  const heapBefore: number[] = [];
  const heapAfter: number[] = [];
  let domRows = 0;
  await fake.reset();
  for (let run = 0; run <= runs; run++) {
    const context = await newContext(browser);
    const page = await context.newPage();
    const api = trackApi(page);
    const cdp = await context.newCDPSession(page);
    const heapMiB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return usedSize / 1024 ** 2;
    };
    await openConsole(page, origin);
    await fillLookup(page, user);
    await lookUpButton(page).click();
    await channelRows(page).first().waitFor();
    await api.idle(300);
    const showAll = page.getByRole('button', { name: /show all/i });
    if ((await showAll.count()) === 0) {
      await context.close();
      return {
        available: false,
        reason: 'no "Show all" button after looking up thousand@example.com (issue 5 not landed)',
      };
    }
    const before = await heapMiB();
    await armAllRows(page, expectedRows);
    await showAll.first().click();
    const all = await allRowsResult(page);
    if (!all) {
      await context.close();
      return { available: false, reason: `Show all did not show ${expectedRows} rows within 60 s` };
    }
    await api.idle(300);
    const after = await heapMiB();
    const frames = await scrollTopScroll(page);
    const wheelFrames = await wheelScroll(page, cdp);
    await context.close();
    if (run === 0) continue; // warm-up
    inTable.push(all.rows - all.click);
    usable.push(all.usable - all.click);
    domRows = all.inDom;
    heapBefore.push(before);
    heapAfter.push(after);
    scrolled.push(frames);
    wheeled.push(wheelFrames);
  }
  return {
    available: true,
    user,
    rows: expectedRows,
    runs,
    toAllRowsUsable: summarize(usable),
    toAllRowsInTable: summarize(inTable),
    ...scrollFrames(scrolled),
    wheel: scrollFrames(wheeled),
    heapBeforeMiB: summarize(heapBefore),
    heapAfterMiB: summarize(heapAfter),
    domRows,
  };
}

/** Show all's table scrolls in its own scroller once it is virtualised (1000 rows are). */
const SCROLLER = '.table-scroll.is-virtual';

/** What the page keeps while frames are recorded (`window.__scrollFrames`). */
interface FrameRecorder {
  samples: FrameSample[];
  stop: boolean;
  done: Promise<void>;
}

/**
 * The table's scroller back at the top, then every animation frame recorded (its start, the end of its paint) until
 * the scroller reaches its bottom (or 2000 frames, or stopFrames()); with `step` > 0 each frame first scrolls it that
 * many px further. Returns the scroller's centre and how far it scrolls, for a gesture over it.
 */
async function startFrames(page: Page, step: number) {
  const target = await page.evaluate(
    async ({ selector, step }) => {
      const scroller = document.querySelector(selector);
      if (!scroller) return null;
      scroller.scrollTop = 0;
      await window.__bench.afterFrame();
      let finish = () => {};
      const recorder: FrameRecorder = {
        samples: [],
        stop: false,
        done: new Promise<void>((resolve) => {
          finish = resolve;
        }),
      };
      (window as unknown as { __scrollFrames: FrameRecorder }).__scrollFrames = recorder;
      const frame = (start: number) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          recorder.samples.push({ start, painted: performance.now() });
          const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
          if (recorder.stop || atBottom || recorder.samples.length >= 2000) finish();
          else requestAnimationFrame(frame);
        };
        if (step > 0) scroller.scrollTop += step;
        channel.port2.postMessage(0);
      };
      requestAnimationFrame(frame);
      const rect = scroller.getBoundingClientRect();
      return {
        x: rect.left + rect.width / 2,
        y: rect.top + rect.height / 2,
        distance: scroller.scrollHeight - scroller.clientHeight,
      };
    },
    { selector: SCROLLER, step },
  );
  if (!target) throw new Error(`Show all drew no virtualised scroller (${SCROLLER}) to scroll`);
  return target;
}

/** The frames startFrames() recorded, once it is done (`stop`: done now). */
function recordedFrames(page: Page, stop: boolean): Promise<FrameSample[]> {
  return page.evaluate(async (stop) => {
    const recorder = (window as unknown as { __scrollFrames: FrameRecorder }).__scrollFrames;
    recorder.stop ||= stop;
    await recorder.done;
    return recorder.samples;
  }, stop);
}

/** The table scrolled SCROLL_STEP px further from every animation frame, top to bottom. Also bench/trace-scroll.ts. */
export async function scrollTopScroll(page: Page): Promise<FrameSample[]> {
  await startFrames(page, SCROLL_STEP);
  return recordedFrames(page, false);
}

/**
 * The table scrolled top to bottom by a mouse-wheel gesture over it, its frames recorded as the scrollTop loop's.
 * Also bench/trace-scroll.ts --wheel.
 */
export async function wheelScroll(page: Page, cdp: CDPSession): Promise<FrameSample[]> {
  const target = await startFrames(page, 0);
  await cdp.send('Input.synthesizeScrollGesture', {
    x: target.x,
    y: target.y,
    yDistance: -target.distance,
    speed: WHEEL_SPEED,
    gestureSourceType: 'mouse',
    preventFling: true,
  });
  return recordedFrames(page, true);
}
