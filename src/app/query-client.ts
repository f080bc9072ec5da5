import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { TwilioError } from '../lib/api-client.ts';

/**
 * The fetch layer already retries 429/503 with backoff; React Query only retries once more for network failures
 * (no response at all), never for an answer Twilio gave.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof TwilioError) return false;
  if (error instanceof Error && error.name === 'ResponseShapeError') return false;
  return failureCount < 1;
}

interface QueryClientHooks {
  onBackgroundError?: (error: unknown) => void;
  /** A drawer change failed after its drawer closed: nothing on screen says so yet. */
  onUnseenChangeError?: (error: unknown, channelSid: string) => void;
  /** Whether a channel's changes have a drawer on screen that reports their failures itself. */
  isWatchedScope?: (scopeId: string) => boolean;
}

export function createQueryClient(options: QueryClientHooks = {}) {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // First-load errors show inline where the data would be; a failed background refresh of data already on
      // screen has nowhere inline to go, so it goes to the owner (a toast).
      onError: (error, query) => {
        if (query.state.data !== undefined) options.onBackgroundError?.(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, variables, _context, mutation) => {
        const scopeId = mutation.options.scope?.id;
        // Bulk and undo runs (meta.source) report per row themselves; an open drawer shows its own failures.
        if (mutation.meta?.source !== undefined || !scopeId || options.isWatchedScope?.(scopeId)) return;
        const channelSid = (variables as { channelSid?: unknown } | undefined)?.channelSid;
        if (typeof channelSid === 'string') options.onUnseenChangeError?.(error, channelSid);
      },
    }),
    defaultOptions: {
      queries: {
        // Going back to a page seen half a minute ago costs no request.
        staleTime: 30_000,
        retry: shouldRetry,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
