import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string | null;
  lighthouse: string | null;
  commit: string | null;
  dirtyTree: boolean | null;
  /** 1-minute load average when the run started and when it ended (for the record: see `cpu` for the verdict). */
  loadAverage: { start: number; end: number };
  /**
   * What else the CPU did (Linux, from /proc/stat; null elsewhere): the share of all cores busy in the second before
   * the first section started (the bench's own work hadn't begun), and the share the hypervisor took (steal) over the
   * whole run. The load average lags by a minute and counts the bench itself, so it can't tell either.
   */
  cpuShare: { busyBefore: number; stealDuring: number } | null;
}

/** The CPU line of /proc/stat, in clock ticks: busy (user, nice, system, irq, softirq), idle (+ iowait), steal. */
export interface CpuTimes {
  busy: number;
  idle: number;
  steal: number;
}

export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  if ([user, nice, system, idle].some((n) => !Number.isFinite(n))) return null;
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

export function readCpuTimes(): CpuTimes | null {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null; // not Linux
  }
}

/** Shares (0–1) of the time between two readings that the cores were busy, and that the hypervisor stole. */
export function cpuShares(before: CpuTimes, after: CpuTimes): { busy: number; steal: number } {
  const busy = after.busy - before.busy;
  const steal = after.steal - before.steal;
  const total = busy + steal + (after.idle - before.idle);
  return total > 0 ? { busy: busy / total, steal: steal / total } : { busy: 0, steal: 0 };
}

/** Where the CPU stood when a run began: how busy it was in the second before (others' work), and its tick counts. */
export interface CpuAtStart {
  busyBefore: number | null;
  times: CpuTimes | null;
}

/** Samples the CPU for `ms` (1 s). Call it before the run's own work starts: what it sees busy is someone else. */
export async function cpuAtStart(ms = 1000): Promise<CpuAtStart> {
  const before = readCpuTimes();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const times = readCpuTimes();
  return { busyBefore: before && times ? cpuShares(before, times).busy : null, times };
}

/** The run's `cpuShare` so far: busy before it, and the hypervisor's steal since it began (null off Linux). */
export function cpuShareSince(start: CpuAtStart): MachineInfo['cpuShare'] {
  const now = readCpuTimes();
  if (start.busyBefore === null || !start.times || !now) return null;
  return { busyBefore: start.busyBefore, stealDuring: cpuShares(start.times, now).steal };
}

/** "CPU 4.0% busy in the second before the run, 0.1% taken by the hypervisor during it". */
export function describeCpuShare(share: NonNullable<MachineInfo['cpuShare']>): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  return `CPU ${percent(share.busyBefore)} busy in the second before the run, ${percent(share.stealDuring)} taken by the hypervisor during it`;
}

/** Above these, other work shared the machine during the run: its times are inflated. */
export const SHARED_IF = { busyBefore: 0.25, stealDuring: 0.05 } as const;

export function cpuWasShared(m: Pick<MachineInfo, 'cpuShare' | 'loadAverage' | 'cores'>): boolean {
  if (!m.cpuShare) return m.loadAverage.start > m.cores;
  return m.cpuShare.busyBefore > SHARED_IF.busyBefore || m.cpuShare.stealDuring > SHARED_IF.stealDuring;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release)?.[1];
    if (pretty) return `${pretty} (${os.platform()} ${os.release()}, ${os.arch()})`;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.platform()} ${os.release()} ${os.arch()}`;
}

export const loadNow = () => Math.round((os.loadavg()[0] as number) * 100) / 100;

export function machineInfo(
  chromium: string | null,
  lighthouse: string | null,
  loadAtStart: number,
  cpuStart: CpuAtStart,
): MachineInfo {
  const cpus = os.cpus();
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.version,
    chromium,
    lighthouse,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirtyTree: status === null ? null : status.length > 0,
    loadAverage: { start: loadAtStart, end: loadNow() },
    cpuShare: cpuShareSince(cpuStart),
  };
}
