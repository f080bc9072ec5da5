import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SEED } from '../../mocks/seed.ts';
import { paths } from '../../src/app/paths.ts';
import { chromiumPath } from '../lib/browser.ts';
import { median, round } from '../lib/stats.ts';

// 7. Lighthouse (the devDependency's CLI) on a user's channels view, opened by its link (busy.bee: a 50-row first
// page whose channel names load after the rows), in the default mobile configuration (simulated slow 4G and 4×
// CPU slowdown) and the desktop preset. N runs each; the median score is reported with the individual scores.

const run = promisify(execFile);
const bin = join(process.cwd(), 'node_modules/.bin/lighthouse');

export interface LighthouseFormFactor {
  runs: number;
  performance: number;
  accessibility: number;
  performanceScores: number[];
  accessibilityScores: number[];
  metrics: Record<string, number>;
  failedAccessibilityAudits: string[];
  topOpportunities: Array<{ id: string; title: string; savingsMs: number }>;
}

export interface LighthouseResult {
  url: string;
  /** Runs repeated because Lighthouse itself failed (not counted in the scores). */
  retries: { count: number; errors: string[] };
  mobile: LighthouseFormFactor;
  desktop: LighthouseFormFactor;
}

export function lighthouseVersion(): string | null {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

interface Report {
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<
    string,
    {
      id: string;
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      numericValue?: number;
      details?: { type?: string; overallSavingsMs?: number };
      metricSavings?: Record<string, number>;
    }
  >;
}

/** Lighthouse sometimes loses the trace on a busy machine (NO_NAVSTART, NO_FCP): such a run is repeated, twice at most. */
async function once(
  url: string,
  preset: 'mobile' | 'desktop',
  outDir: string,
  index: number,
  retries: { count: number; errors: string[] },
): Promise<Report> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(url, preset, outDir, index);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const cause = /Runtime error encountered: ([^\n]+)/.exec(message)?.[1] ?? message.split('\n')[0] ?? '';
      if (attempt >= 2) throw new Error(`lighthouse failed 3 times (${preset}): ${cause}`);
      retries.count += 1;
      retries.errors.push(`${preset}: ${cause}`);
    }
  }
}

async function attemptOnce(
  url: string,
  preset: 'mobile' | 'desktop',
  outDir: string,
  index: number,
): Promise<Report> {
  const output = join(outDir, `${preset}-${index}.json`);
  const args = [
    url,
    '--quiet',
    '--output=json',
    `--output-path=${output}`,
    '--only-categories=performance,accessibility',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
    ...(preset === 'desktop' ? ['--preset=desktop'] : []),
  ];
  await run(bin, args, {
    env: { ...process.env, ...(chromiumPath ? { CHROME_PATH: chromiumPath } : {}) },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(readFileSync(output, 'utf8')) as Report;
}

function summarizeReports(reports: Report[]): LighthouseFormFactor {
  const score = (report: Report, category: string) =>
    Math.round((report.categories[category]?.score ?? 0) * 100);
  const performanceScores = reports.map((r) => score(r, 'performance'));
  const accessibilityScores = reports.map((r) => score(r, 'accessibility'));
  const metricIds = [
    'first-contentful-paint',
    'largest-contentful-paint',
    'total-blocking-time',
    'cumulative-layout-shift',
    'speed-index',
    'interactive',
  ];
  const metrics: Record<string, number> = {};
  for (const id of metricIds) {
    const values = reports
      .map((r) => r.audits[id]?.numericValue)
      .filter((v): v is number => typeof v === 'number');
    if (values.length > 0) metrics[id] = round(median(values), id === 'cumulative-layout-shift' ? 3 : 0);
  }
  const last = reports.at(-1) as Report;
  const failedAccessibilityAudits = (last.categories.accessibility?.auditRefs ?? [])
    .map((ref) => last.audits[ref.id])
    .filter((audit) => audit && audit.scoreDisplayMode === 'binary' && audit.score === 0)
    .map((audit) => `${audit?.id}: ${audit?.title}`);
  const topOpportunities = Object.values(last.audits)
    .map((audit) => ({
      id: audit.id,
      title: audit.title,
      savingsMs: audit.details?.overallSavingsMs ?? audit.metricSavings?.LCP ?? 0,
    }))
    .filter((audit) => audit.savingsMs > 0)
    .sort((a, b) => b.savingsMs - a.savingsMs)
    .slice(0, 5)
    .map((audit) => ({ ...audit, savingsMs: Math.round(audit.savingsMs) }));
  return {
    runs: reports.length,
    performance: median(performanceScores),
    accessibility: median(accessibilityScores),
    performanceScores,
    accessibilityScores,
    metrics,
    failedAccessibilityAudits,
    topOpportunities,
  };
}

export async function measureLighthouse(
  origin: string,
  { runs }: { runs: number },
): Promise<LighthouseResult> {
  const url = `${origin}${paths.user('chat-v2', SEED.services.support.sid, SEED.users.busyBee.identity)}`;
  const outDir = mkdtempSync(join(tmpdir(), 'horizon-lighthouse-'));
  try {
    const byPreset: Record<'mobile' | 'desktop', Report[]> = { mobile: [], desktop: [] };
    const retries = { count: 0, errors: [] as string[] };
    for (const preset of ['mobile', 'desktop'] as const) {
      for (let i = 0; i < runs; i++) byPreset[preset].push(await once(url, preset, outDir, i, retries));
    }
    return {
      url,
      retries,
      mobile: summarizeReports(byPreset.mobile),
      desktop: summarizeReports(byPreset.desktop),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
