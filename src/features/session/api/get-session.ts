import { queryOptions, useQuery } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { api } from '../../../lib/api-client.ts';

export const sessionSchema = z.object({
  mode: z.enum(['demo', 'live']),
  auth: z.enum(['none', 'basic', 'header']),
  agent: z.object({ name: z.string(), role: z.enum(['viewer', 'editor']) }),
  /** The APIs the server reaches: Conversations alone in a region without Chat. Absent from older servers. */
  apis: z.optional(z.array(z.enum(['chat-v2', 'chat-v1', 'conversations']))),
  /** How many requests the server sends Twilio at once (UPSTREAM_CONCURRENCY). Absent from older servers. */
  upstreamConcurrency: z.optional(z.int().check(z.positive())),
});

export type Session = z.infer<typeof sessionSchema>;

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: ({ signal }) => api.getJson('session', sessionSchema, { signal }),
  staleTime: Number.POSITIVE_INFINITY,
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** Edit controls show only when the server says so; while unknown (or on error) the console stays read-only. */
export function useCanEdit(): boolean {
  return useSession().data?.agent.role === 'editor';
}
