import type { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { AppProviders, createAppQueryClient } from '../app/providers.tsx';

/** Render inside the app's providers with a fresh QueryClient (no retries beyond the fetch layer's own). */
export function renderWithClient(ui: ReactElement, queryClient: QueryClient = createAppQueryClient()) {
  const user = userEvent.setup();
  const result = render(<AppProviders queryClient={queryClient}>{ui}</AppProviders>);
  return { ...result, user, queryClient };
}
