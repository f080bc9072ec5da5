/**
 * Runs `task` in the first task after the next frame is painted (rAF, then a timer set from it), so work that can
 * wait never delays that frame. Returns a function that cancels it if it hasn't run yet (an effect's cleanup).
 * The console's "after the first rows are on screen" work goes through here: the rest of the rows, the channel
 * names, the next-page prefetch (BENCHMARKS.md, "Speed work").
 */
export function afterNextPaint(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(task, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
