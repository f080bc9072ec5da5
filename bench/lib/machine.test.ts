import { describe, expect, it } from 'vitest';
import { cpuShares, cpuWasShared, parseProcStat, readCpuTimes } from './machine.ts';

// A /proc/stat from this machine (2 cores): user nice system idle iowait irq softirq steal guest guest_nice.
const STAT = `cpu  2487619 204979 583116 2523982 8632 0 12423 6035 0 0
cpu0 1243809 102489 291558 1261991 4316 0 6211 3017 0 0
intr 123 0 0
`;

describe('the bench machine figures', () => {
  it('reads busy, idle and steal ticks from the cpu line of /proc/stat', () => {
    expect(parseProcStat(STAT)).toEqual({
      busy: 2487619 + 204979 + 583116 + 0 + 12423,
      idle: 2523982 + 8632,
      steal: 6035,
    });
    expect(parseProcStat('intr 1 2 3\n')).toBeNull();
  });

  it('turns two readings into the share of the time busy and stolen', () => {
    const before = { busy: 1000, idle: 1000, steal: 0 };
    // 300 ticks: 60 busy, 30 stolen, 210 idle.
    expect(cpuShares(before, { busy: 1060, idle: 1210, steal: 30 })).toEqual({ busy: 0.2, steal: 0.1 });
    expect(cpuShares(before, before)).toEqual({ busy: 0, steal: 0 });
  });

  it('calls a run shared when the cores were busy before it or the hypervisor took time, not on a lagging load average', () => {
    const machine = (busyBefore: number, stealDuring: number, load = 0.5) => ({
      cores: 2,
      loadAverage: { start: load, end: load },
      cpuShare: { busyBefore, stealDuring },
    });
    // The 1-minute average still counts the work of a minute ago; the CPU was idle when the run began.
    expect(cpuWasShared(machine(0.02, 0.001, 2.7))).toBe(false);
    expect(cpuWasShared(machine(0.6, 0))).toBe(true);
    expect(cpuWasShared(machine(0.02, 0.08))).toBe(true);
    // Without /proc/stat, the load average is all there is.
    expect(cpuWasShared({ cores: 2, loadAverage: { start: 2.7, end: 1 }, cpuShare: null })).toBe(true);
    expect(cpuWasShared({ cores: 2, loadAverage: { start: 0.4, end: 3 }, cpuShare: null })).toBe(false);
  });

  it('reads this machine (Linux) or says it cannot', () => {
    const times = readCpuTimes();
    if (process.platform === 'linux') expect(times?.busy).toBeGreaterThan(0);
    else expect(times).toBeNull();
  });
});
