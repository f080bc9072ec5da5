// After a deploy, a tab opened on the previous build asks for lazy chunks (the drawer, power tools) whose hashed
// names no longer exist, and the click that needed them silently does nothing. Vite reports such failures as a
// `vite:preloadError` event; reloading picks up the new build, and the URL brings the agent back to the same view.
// At most one reload a minute, so a chunk that is really broken can't put the tab into a reload loop.

const LAST_RELOAD_KEY = 'horizon:stale-build-reload-at';
const MIN_RELOAD_INTERVAL_MS = 60_000;

export interface StaleBuildEnvironment {
  target: Pick<EventTarget, 'addEventListener'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  reload: () => void;
  now?: () => number;
}

export function reloadOnStaleBuild({ target, storage, reload, now = Date.now }: StaleBuildEnvironment): void {
  target.addEventListener('vite:preloadError', (event) => {
    const last = Number(storage.getItem(LAST_RELOAD_KEY) ?? 0);
    if (now() - last < MIN_RELOAD_INTERVAL_MS) return; // let the error surface instead of looping
    event.preventDefault(); // handled: Vite doesn't rethrow
    storage.setItem(LAST_RELOAD_KEY, String(now()));
    reload();
  });
}
