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
