import { queryOptions } from '@tanstack/react-query';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';

export const userQuery = (ref: UserRef) =>
  queryOptions({
    queryKey: ['user', ref.api, ref.service, ref.user],
    queryFn: ({ signal }) => adapters[ref.api].fetchUser(ref.service, ref.user, signal),
  });
