import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { ApiKind, Membership } from '../../../lib/twilio/membership.ts';
import { channelQuery } from '../../../lib/twilio/queries.ts';

type Names = ReadonlyMap<string, { friendlyName: string | null; uniqueName: string | null }>;

/**
 * Chat user-channel records carry no channel names. Fetch the Channel for each row on screen (at most 6 requests in
 * flight, see channelQuery), cache them, and fill names in as they arrive: the rows never wait for them.
 */
export function useRowsWithNames(
  api: ApiKind,
  service: string,
  rows: readonly Membership[],
): readonly Membership[] {
  const needNames = adapters[api].fetchChannel !== null && api !== 'conversations';
  const names = useQueries({
    queries: needNames
      ? rows.map((row) => ({ ...channelQuery(api, service, row.channelSid), retry: false }))
      : [],
    combine: (results): Names => {
      const map = new Map<string, { friendlyName: string | null; uniqueName: string | null }>();
      for (const result of results) {
        if (result.data) map.set(result.data.sid, result.data);
      }
      return map;
    },
  });
  // One key for the names we have, so the rows array stays the same object until a name really arrives.
  const namesKey = [...names.entries()]
    .map(([sid, n]) => `${sid}\u0000${n.friendlyName}\u0000${n.uniqueName}`)
    .join('\u0001');
  // biome-ignore lint/correctness/useExhaustiveDependencies: namesKey stands for `names` (a fresh Map each render).
  return useMemo(
    () =>
      rows.map((row) => {
        const found = names.get(row.channelSid);
        if (!found || (row.friendlyName !== null && row.uniqueName !== null)) return row;
        return {
          ...row,
          friendlyName: row.friendlyName ?? found.friendlyName,
          uniqueName: row.uniqueName ?? found.uniqueName,
        };
      }),
    [rows, namesKey],
  );
}
