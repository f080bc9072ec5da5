// Its own tiny module: the app's QueryClient reads it in the first view, the drawer's change machinery loads later.

/**
 * Scopes (channels) whose drawer is on screen. A drawer change that fails after its drawer closed has nobody to tell
 * the agent inline, so the app's mutation cache raises a notice for it instead (see app/query-client.ts).
 */
export const watchedScopes = new Set<string>();
export const isWatchedScope = (scopeId: string) => watchedScopes.has(scopeId);
