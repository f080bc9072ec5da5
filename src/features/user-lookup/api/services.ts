import { queryOptions } from '@tanstack/react-query';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { ApiKind } from '../../../lib/twilio/membership.ts';

export const servicesQuery = (api: ApiKind) =>
  queryOptions({
    queryKey: ['services', api],
    queryFn: ({ signal }) => adapters[api].listServices(signal),
    staleTime: 10 * 60_000,
  });

const STORAGE_PREFIX = 'horizon.service.';

/** The last service used with each API, so an agent's next visit starts where they left off. */
export function rememberedService(api: ApiKind): string | null {
  try {
    return localStorage.getItem(STORAGE_PREFIX + api);
  } catch {
    return null;
  }
}

export function rememberService(api: ApiKind, service: string): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + api, service);
  } catch {
    // Storage can be disabled (private mode, policy): remembering is a convenience, not a requirement.
  }
}
