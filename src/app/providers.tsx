import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { isWatchedScope } from '../features/channel-detail/api/watched-scopes.ts';
import { describeError } from '../lib/api-client.ts';
import { showToast } from '../ui/toast.tsx';
import { createQueryClient } from './query-client.ts';

/** The console's QueryClient: failures with no inline place to show go to the toasts. */
export function createAppQueryClient(): QueryClient {
  return createQueryClient({
    onBackgroundError: (error) => showToast(`Couldn't refresh: ${describeError(error)}`),
    onUnseenChangeError: (error, channelSid) =>
      showToast(`A change to channel ${channelSid} failed and was undone: ${describeError(error)}`),
    isWatchedScope,
  });
}

export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
