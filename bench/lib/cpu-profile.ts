// A V8 CPU profile (CDP Profiler.stop) read the way the trace scripts need it: for each sample, its time, its
// duration and the names of the frames on its stack (innermost first, each function once).

export interface CpuProfile {
  startTime: number;
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface Sample {
  /** Profile clock (µs), the same as trace event time stamps. */
  time: number;
  ms: number;
  /** "function file:line", innermost first, without repeats (recursion counts once). */
  stack: string[];
}

export function samplesOf(profile: CpuProfile): Sample[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    return frame
      ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`
      : '?';
  };
  let time = profile.startTime;
  return profile.samples.map((id, i) => {
    time += profile.timeDeltas[i] ?? 0;
    const stack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node))
      stack.add(name(node));
    return { time, ms: (profile.timeDeltas[i + 1] ?? 0) / 1000, stack: [...stack] };
  });
}

/** Inclusive time per frame name over these samples. */
export function totals(samples: Iterable<Sample>): Map<string, number> {
  const total = new Map<string, number>();
  for (const { ms, stack } of samples)
    for (const frame of stack) total.set(frame, (total.get(frame) ?? 0) + ms);
  return total;
}

/** Frames worth reading in a summary: components and app functions, not engine internals or anonymous frames. */
export const isAppFrame = (name: string, also: RegExp) => !/^(\(|[a-z$])/.test(name) || also.test(name);

export const top = (map: Map<string, number>, count: number, keep: (name: string) => boolean = () => true) =>
  [...map]
    .filter(([name]) => keep(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count);

/** Starts V8's sampling profiler on a page's CDP session, every 50 µs (what the trace scripts read). */
export async function startProfiler(cdp: {
  send(method: 'Profiler.enable' | 'Profiler.start'): Promise<unknown>;
  send(method: 'Profiler.setSamplingInterval', params: { interval: number }): Promise<unknown>;
}): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
}

/** Samples that ran something (not idle, not V8's "(program)"). */
export const busySamples = (samples: Sample[]) =>
  samples.filter((sample) => !/^\((idle|program)\)/.test(sample.stack[0] ?? ''));

/** Prints the top frames by total (`keep`: which names) and by self time, each divided by `per` (clicks, frames). */
export function printTop(samples: Sample[], per: number, keep: RegExp, count = 30): void {
  const print = (rows: [string, number][]) => {
    for (const [name, ms] of rows) console.log(`  ${(ms / per).toFixed(3).padStart(7)} ms  ${name}`);
  };
  console.log('components and app code, by total:');
  print(top(totals(samples), count, (name) => isAppFrame(name, keep)));
  console.log('by self:');
  print(top(totals(samples.map((sample) => ({ ...sample, stack: sample.stack.slice(0, 1) }))), 20));
}
