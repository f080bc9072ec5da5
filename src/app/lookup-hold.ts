// Look up keeps the current screen until the user's view has its first answers (the user and the first page), or
// `holdMs` at most, then navigates. When the answers come within the hold, the view renders once, with its rows;
// when they are slower, its loading placeholders show while they come (BENCHMARKS.md, "Speed work").

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Returns `lookUp(path, ready)`: navigate to `path` once `ready` settles or `holdMs` has passed, whichever is first,
 * unless a later lookUp() started or the location changed (Back, a link) in the meantime.
 */
export function createLookupHold(
  holdMs: number,
  navigateTo: (path: string) => void,
  currentPath: () => string = () => window.location.pathname,
) {
  let latest = 0;
  return function lookUp(path: string, ready: Promise<unknown>): Promise<void> {
    const ticket = ++latest;
    const from = currentPath();
    return Promise.race([ready.then(undefined, () => undefined), wait(holdMs)]).then(() => {
      if (latest === ticket && currentPath() === from) navigateTo(path);
    });
  };
}
