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
  /** 1-minute load average when the run started and when it ended: above `cores`, other work shared the CPU. */
  loadAverage: { start: number; end: number };
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
  };
}
