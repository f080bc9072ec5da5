import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { describeError } from '../lib/api-client.ts';
import { showToast } from '../ui/toast.tsx';
import { createQueryClient } from './query-client.ts';

export function AppProviders({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(
    () =>
      queryClient ??
      createQueryClient({
        onBackgroundError: (error) => showToast(`Couldn't refresh: ${describeError(error)}`),
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
