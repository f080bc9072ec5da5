import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BytesResult } from '../sections/bytes.ts';
import type { ClickResult } from '../sections/click.ts';
import { type ConversationsResult, conversationsRows } from '../sections/conversations.ts';
import type { HardeningResult } from '../sections/hardening.ts';
import type { LighthouseResult } from '../sections/lighthouse.ts';
import type { LookupSetting } from '../sections/lookup.ts';
import type { ProxyResult } from '../sections/proxy.ts';
import type { RequestsResult } from '../sections/requests.ts';
import type { ShowAllResult } from '../sections/show-all.ts';
import { cpuWasShared, describeCpuShare, type MachineInfo } from './machine.ts';
import type { Summary } from './stats.ts';

// The table `npm run bench` writes into BENCHMARKS.md between the markers below; the rest of the file is prose
// kept by hand (method notes, what each change bought).

export const BEGIN = '<!-- bench:begin (written by `npm run bench`; edit outside the markers) -->';
export const END = '<!-- bench:end -->';

export const BUDGETS = {
  firstViewJsGzipBytes: 120_000,
  lookupOverRoundTripMs: 80,
  clickToScreenP95Ms: 16,
  scrollFrameP95Ms: 16,
  proxyOverheadP50Ms: 2,
  lighthousePerformance: 95,
  lighthouseAccessibility: 100,
  channelNamesInFlight: 6,
  floodSlowdown: 2,
  secondAgentLookupRequests: 3,
  bulkRateRatio: 0.9,
} as const;

export interface Report {
  date: string;
  command: string;
  durationSeconds: number;
  machine: MachineInfo;
  distBuiltAt: string;
  results: Record<string, unknown>;
  resultDates?: Record<string, string>;
  failures: Record<string, string>;
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value: number) => `${Number.isFinite(value) ? value.toFixed(1) : '–'} ms`;
const verdict = (ok: boolean | null) => (ok === null ? 'info' : ok ? '✅ meets' : '❌ misses');

export function renderMarkdown(report: Report): string {
  const r = report.results;
  const m = report.machine;
  const rows: string[][] = [];
  const dated = (section: string) =>
    report.resultDates?.[section] && report.resultDates[section] !== report.date
      ? ` (from the run of ${report.resultDates[section]})`
      : '';

  const bytes = r.bytes as BytesResult | undefined;
  if (bytes) {
    const js = bytes.firstView.totals.js;
    const css = bytes.firstView.totals.css;
    rows.push([
      `First-view JS${dated('bytes')}`,
      `${kb(js.gzip)} gzip · ${kb(js.brotli)} brotli · ${kb(js.raw)} raw · ${kb(js.transferred)} on the wire (${bytes.firstView.js.length} file${bytes.firstView.js.length === 1 ? '' : 's'})`,
      `≤ ${kb(BUDGETS.firstViewJsGzipBytes)} gzip`,
      verdict(js.gzip <= BUDGETS.firstViewJsGzipBytes),
    ]);
    rows.push([
      'First-view CSS',
      `${kb(css.gzip)} gzip · ${kb(css.brotli)} brotli · ${kb(css.raw)} raw · ${kb(css.transferred)} on the wire`,
      '–',
      verdict(null),
    ]);
    const lazy = [...bytes.afterLookup, ...bytes.afterOpeningDrawer];
    rows.push([
      'Loaded later (lazy)',
      lazy.length === 0
        ? 'nothing'
        : `after a lookup: ${bytes.afterLookup.map((a) => `${a.file} ${kb(a.gzip)} gz`).join(', ') || 'nothing'}; opening a channel: ${bytes.afterOpeningDrawer.map((a) => `${a.file} ${kb(a.gzip)} gz`).join(', ') || 'nothing'}`,
      '–',
      verdict(null),
    ]);
  }

  rows.push(...lookupRows((r.lookup as LookupSetting[] | undefined) ?? [], 'Lookup', dated('lookup')));

  const conversations = r.conversations as ConversationsResult | undefined;
  if (conversations) {
    const when = dated('conversations');
    rows.push(...lookupRows(conversations.lookup, 'Conversations lookup', when));
    rows.push(...conversationsRows(conversations, { dated: when, ms, verdict }));
  }

  const click = r.click as ClickResult | undefined;
  if (click) {
    rows.push([
      `Click to screen, optimistic mute, fake ${click.latencyMs} ms${dated('click')}`,
      `p95 ${ms(click.toDom.p95)} to the DOM, ${ms(click.toFrame.p95)} to the painted frame; median ${ms(click.toDom.median)} / ${ms(click.toFrame.median)} (N=${click.toDom.n}; kept ${click.toDom.n - click.notKept}/${click.toDom.n}, ${click.timeouts} timeouts)`,
      `≤ ${ms(BUDGETS.clickToScreenP95Ms)} p95`,
      verdict(click.toDom.p95 <= BUDGETS.clickToScreenP95Ms && click.timeouts === 0),
    ]);
  }

  const showAll = r['show-all'] as ShowAllResult | undefined;
  if (showAll) {
    if (!showAll.available) {
      rows.push([
        `1000 channels: Show all${dated('show-all')}`,
        `not available — ${showAll.reason}`,
        '–',
        'n/a',
      ]);
    } else {
      rows.push([
        `1000 channels: Show all → all rows usable${dated('show-all')}`,
        `median ${ms(showAll.toAllRowsUsable.median)} (rows in the table ${ms(showAll.toAllRowsInTable.median)}; ${showAll.domRows} rows in the DOM; N=${showAll.runs})`,
        '–',
        verdict(null),
      ]);
      rows.push([
        '1000 channels: scroll frame cost',
        `p95 ${ms(showAll.frameCost.p95)}, median ${ms(showAll.frameCost.median)}; frame interval p95 ${ms(showAll.frameInterval.p95)}; ${showAll.droppedFrames}/${showAll.frames} frames late`,
        `≤ ${ms(BUDGETS.scrollFrameP95Ms)} p95`,
        verdict(showAll.frameCost.p95 <= BUDGETS.scrollFrameP95Ms),
      ]);
      if (showAll.wheel) {
        const wheel = showAll.wheel;
        rows.push([
          '1000 channels: scroll frame cost, by mouse wheel',
          `p95 ${ms(wheel.frameCost.p95)}, median ${ms(wheel.frameCost.median)}; frame interval p95 ${ms(wheel.frameInterval.p95)}; ${wheel.droppedFrames}/${wheel.frames} frames late`,
          `≤ ${ms(BUDGETS.scrollFrameP95Ms)} p95`,
          verdict(wheel.frameCost.p95 <= BUDGETS.scrollFrameP95Ms),
        ]);
      }
      rows.push([
        '1000 channels: JS heap',
        `${showAll.heapAfterMiB.median.toFixed(1)} MiB with all rows (${showAll.heapBeforeMiB.median.toFixed(1)} MiB before)`,
        '–',
        verdict(null),
      ]);
    }
  }

  const requests = r.requests as RequestsResult | undefined;
  if (requests) {
    for (const job of requests.jobs) {
      const kinds = Object.entries(job.byKind)
        .map(([kind, count]) => `${count}× ${kind}`)
        .join(', ');
      const isBack = job.job.startsWith('back to a loaded page');
      rows.push([
        `Requests: ${job.job}${dated('requests')}`,
        `${job.total}${kinds ? ` (${kinds})` : ''}`,
        isBack ? '0' : '–',
        verdict(isBack ? job.total === 0 : null),
      ]);
    }
    const names = requests.channelNames;
    rows.push([
      'Channel names in flight at once',
      `max ${names.maxInFlightAtFake} at the fake, ${names.maxInFlightInBrowser} in the console (${names.requested} names for ${names.rowsOnFirstPage} rows)`,
      `≤ ${BUDGETS.channelNamesInFlight}`,
      verdict(Math.max(names.maxInFlightAtFake, names.maxInFlightInBrowser) <= BUDGETS.channelNamesInFlight),
    ]);
  }

  const proxy = r.proxy as ProxyResult | undefined;
  if (proxy) {
    rows.push([
      `Proxy overhead (live → standalone fake vs direct)${dated('proxy')}`,
      `p50 +${ms(proxy.overhead.live.p50)}, p99 +${ms(proxy.overhead.live.p99)} (direct p50 ${ms(proxy.latency.direct.median)}, via Horizon ${ms(proxy.latency.live.median)}; N=${proxy.samples})`,
      `≤ ${ms(BUDGETS.proxyOverheadP50Ms)} p50`,
      verdict(proxy.overhead.live.p50 <= BUDGETS.proxyOverheadP50Ms),
    ]);
    rows.push([
      'Proxy overhead (demo, in-process fake vs direct)',
      `p50 +${ms(proxy.overhead.demo.p50)}, p99 +${ms(proxy.overhead.demo.p99)}`,
      `≤ ${ms(BUDGETS.proxyOverheadP50Ms)} p50`,
      verdict(proxy.overhead.demo.p50 <= BUDGETS.proxyOverheadP50Ms),
    ]);
    for (const name of ['direct', 'live', 'demo'] as const) {
      const load = proxy.load[name];
      rows.push([
        `Load, 100 connections, ${load.seconds} s: ${name}`,
        `${load.requestsPerSecond} req/s, latency p50 ${ms(load.latencyP50)} p99 ${ms(load.latencyP99)}; ${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx`,
        'zero errors',
        verdict(load.errors === 0 && load.timeouts === 0 && load.non2xx === 0),
      ]);
    }
  }

  const hardening = r.hardening as HardeningResult | undefined;
  if (hardening) {
    const bad = hardening.badInputs;
    rows.push([
      `Bad inputs tried / refused / changes reaching Twilio${dated('hardening')}`,
      `${bad.tried} / ${bad.refused} / ${bad.changesReachingUpstream} (reads reaching Twilio: ${bad.readsReachingUpstream})`,
      'all refused, 0 changes reach Twilio',
      verdict(bad.refused === bad.tried && bad.changesReachingUpstream === 0),
    ]);
    const crash = hardening.crash;
    rows.push([
      'Unaudited changes after kill -9 mid-burst',
      `${crash.unaudited} of ${crash.reachedTwilio} that reached Twilio (${crash.sent} sent; ${crash.recorded} records, ${crash.unknownAfterRestart} read 'unknown' after restart)`,
      '0',
      verdict(crash.unaudited === 0),
    ]);
    const flood = hardening.signInFlood;
    rows.push([
      'Editor change median, quiet vs 8-connection wrong-password flood',
      `${ms(flood.quietMedianMs)} → ${ms(flood.floodMedianMs)} (${flood.ratio}×; flood answers ${JSON.stringify(flood.wrongGuesses)})`,
      `≤ ${BUDGETS.floodSlowdown}×`,
      verdict(flood.ratio <= BUDGETS.floodSlowdown),
    ]);
    const lookup = hardening.lookupRequests;
    rows.push([
      `Twilio requests per Chat v2 lookup of ${lookup.rows} rows`,
      `first agent ${lookup.firstAgent}, second agent ${lookup.secondAgent}`,
      `second ≤ ${BUDGETS.secondAgentLookupRequests}`,
      verdict(lookup.secondAgent <= BUDGETS.secondAgentLookupRequests),
    ]);
    for (const run of hardening.bulk) {
      rows.push([
        `Bulk ${run.changes} mutes at ${run.latencyMs} ms, write limits on`,
        `${run.achievedPerSecond}/s ÷ min(${run.enforcedPerSecond}/s enforced, ${run.boundAllowsPerSecond}/s the bound allows) = ${run.ratio}; ${run.failed} failed, ${run.lostRows} lost, ${run.rateLimited} 429s, ${run.seconds} s; at most ${run.maxInFlight} in flight, the bound's slots ${Math.round(run.slotsBusy * 100)}% busy; a change ${run.medianMs.change} ms (read ${run.medianMs.read}, to the write ${run.medianMs.betweenReadAndWrite}, write ${run.medianMs.write})`,
        `≥ ${BUDGETS.bulkRateRatio}, 0 failed, 0 lost`,
        verdict(run.ratio >= BUDGETS.bulkRateRatio && run.failed === 0 && run.lostRows === 0),
      ]);
    }
    const rss = hardening.peakRss;
    rows.push([
      `Peak RSS, ${rss.upstreamMb} MB upstream answer`,
      `${rss.peakRssMb} MB (idle ${rss.idleRssMb} MB); answered ${rss.status} in ${rss.answeredInMs} ms; /healthz right after ${ms(rss.healthzAfterMs)}`,
      'bounded (502, no whole-body copy)',
      'info',
    ]);
  }

  const lighthouse = r.lighthouse as LighthouseResult | undefined;
  if (lighthouse) {
    for (const preset of ['mobile', 'desktop'] as const) {
      const result = lighthouse[preset];
      const metrics = result.metrics;
      rows.push([
        `Lighthouse performance (${preset === 'mobile' ? 'default mobile' : 'desktop preset'})${dated('lighthouse')}`,
        `${result.performance} (runs: ${result.performanceScores.join(', ')}${preset === 'mobile' && lighthouse.retries?.count ? `; ${lighthouse.retries.count} run(s) repeated after a Lighthouse error` : ''}; FCP ${ms(metrics['first-contentful-paint'] ?? Number.NaN)}, LCP ${ms(metrics['largest-contentful-paint'] ?? Number.NaN)}, TBT ${ms(metrics['total-blocking-time'] ?? Number.NaN)}, CLS ${metrics['cumulative-layout-shift'] ?? '–'})`,
        `≥ ${BUDGETS.lighthousePerformance}`,
        verdict(result.performance >= BUDGETS.lighthousePerformance),
      ]);
      rows.push([
        `Lighthouse accessibility (${preset})`,
        `${result.accessibility}${result.failedAccessibilityAudits.length ? ` (failing: ${result.failedAccessibilityAudits.join('; ')})` : ''}`,
        `= ${BUDGETS.lighthouseAccessibility}`,
        verdict(result.accessibility >= BUDGETS.lighthouseAccessibility),
      ]);
    }
  }

  for (const [section, error] of Object.entries(report.failures)) {
    rows.push([`${section}`, `FAILED to measure: ${error.split('\n')[0]}`, '–', '❌ not measured']);
  }

  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const table = [
    '| Figure | Measured | Budget | |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');

  return [
    `**Run:** ${report.date} · \`${report.command}\` · ${report.durationSeconds} s · commit ${m.commit ?? '?'}${m.dirtyTree ? ' (+ uncommitted changes in the tree)' : ''} · dist/ built ${report.distBuiltAt}`,
    '',
    `**Machine:** ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · ${m.os} · Node ${m.node} · Chromium ${m.chromium ?? '?'}${m.lighthouse ? ` · Lighthouse ${m.lighthouse}` : ''} · ${cpuLine(m)}${cpuWasShared(m) ? ' — **the CPU was shared with other work: times are inflated**' : ''}`,
    '',
    'KB = 1000 bytes (as size-limit counts). Times are medians unless marked p95/p99 (nearest rank); N = measured runs after a discarded warm-up.',
    '',
    table,
  ].join('\n');
}

/** The issues bound a lookup at its median and its p95 both. */
const withinAtP95 = (summary: Summary, budgetMs: number) =>
  summary.median <= budgetMs && summary.p95 <= budgetMs;

/** Lookup → first row (fresh page, later lookup) and whether its two requests ran in parallel, per latency. */
function lookupRows(settings: readonly LookupSetting[], what: string, dated: string): string[][] {
  const rows: string[][] = [];
  for (const setting of settings) {
    rows.push([
      `${what} → first row, fake ${setting.latencyMs} ms, first lookup in a fresh page${dated}`,
      `median ${ms(setting.toFirstRow.median)}, p95 ${ms(setting.toFirstRow.p95)}, max ${ms(setting.toFirstRow.max)} (N=${setting.toFirstRow.n}; ${setting.user}; one round trip ${ms(setting.roundTrip.median)})`,
      `median and p95 ≤ ${ms(setting.budgetMs)} (round trip + ${BUDGETS.lookupOverRoundTripMs})`,
      verdict(withinAtP95(setting.toFirstRow, setting.budgetMs)),
    ]);
    rows.push([
      `${what} → first row, fake ${setting.latencyMs} ms, later lookup in the same page`,
      `median ${ms(setting.warmToFirstRow.median)}, p95 ${ms(setting.warmToFirstRow.p95)}, max ${ms(setting.warmToFirstRow.max)} (N=${setting.warmToFirstRow.n}; ${setting.warmUser})`,
      `median and p95 ≤ ${ms(setting.budgetMs)}`,
      verdict(withinAtP95(setting.warmToFirstRow, setting.budgetMs)),
    ]);
  }
  for (const setting of settings.filter((s) => s.latencyMs > 0)) {
    rows.push([
      `${what}: user + list in parallel (fake ${setting.latencyMs} ms)`,
      `${setting.parallelRuns}/${setting.runs} runs overlap; start gap median ${ms(setting.startGap.median)}; the fake answered them ${ms(setting.fakeAnswerGap.median)} apart (serial ≥ ${setting.latencyMs} ms)`,
      'parallel in every run',
      verdict(setting.parallelRuns === setting.runs),
    ]);
  }
  return rows;
}

/** What else the machine did (the verdict's grounds), and the load average for the record. */
function cpuLine(m: MachineInfo): string {
  const load = `load average ${m.loadAverage.start} at the start, ${m.loadAverage.end} at the end`;
  return m.cpuShare ? `${describeCpuShare(m.cpuShare)} (${load})` : load;
}

export function updateBenchmarksMd(path: string, block: string): void {
  const generated = `${BEGIN}\n${block}\n${END}`;
  if (!existsSync(path)) {
    writeFileSync(path, `# Benchmarks\n\n${generated}\n`);
    return;
  }
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${generated}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n${generated}\n`;
  writeFileSync(path, next);
}
