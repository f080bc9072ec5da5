import { useQueries } from '@tanstack/react-query';
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { ApiKind, Membership } from '../../../lib/twilio/membership.ts';
import { channelQuery } from '../../../lib/twilio/queries.ts';

type Name = { friendlyName: string | null; uniqueName: string | null };
type Names = ReadonlyMap<string, Name>;
const NO_SIDS: readonly string[] = [];
/** Name queries started per task (the fetch layer sends at most 6 at a time anyway). */
const NAME_BATCH = 10;

/**
 * Chat user-channel records carry no channel names. Fetch the Channel for each row on screen (at most 6 requests in
 * flight, see channelQuery), cache them, and fill names in as they arrive: the rows never wait for them.
 *
 * Speed (BENCHMARKS.md): the name queries start after the frame that paints the rows, ten rows per task, so the
 * first rows paint before any query observer is set up and no task sets up 50; and a row whose name hasn't changed keeps its object
 * identity, so the table's memoised rows re-render only the rows a name arrived for.
 */
export function useRowsWithNames(
  api: ApiKind,
  service: string,
  rows: readonly Membership[],
): readonly Membership[] {
  const needNames = adapters[api].fetchChannel !== null && api !== 'conversations';
  const sidsKey = needNames ? rows.map((row) => row.channelSid).join('\u0000') : '';
  const [namedSids, setNamedSids] = useState<readonly string[]>(NO_SIDS);
  useEffect(() => {
    const sids = sidsKey ? sidsKey.split('\u0000') : NO_SIDS;
    // After the frame that paints the rows (rAF, then a task after that frame), not in the task that commits them;
    // then NAME_BATCH more rows per task, top rows first: starting 50 queries in one commit was one long task.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const addBatch = (count: number) => {
      startTransition(() => setNamedSids(sids.slice(0, count)));
      if (count < sids.length) timer = setTimeout(() => addBatch(count + NAME_BATCH), 0);
    };
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => addBatch(NAME_BATCH), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [sidsKey]);
  const names = useQueries({
    queries: namedSids.map((sid) => ({ ...channelQuery(api, service, sid), retry: false })),
    combine: (results): Names => {
      const map = new Map<string, Name>();
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
  // The named copy of each row, reused while the row and its name stay the same.
  const named = useRef(new WeakMap<Membership, { name: Name; row: Membership }>());
  // biome-ignore lint/correctness/useExhaustiveDependencies: namesKey stands for `names` (a fresh Map each render).
  return useMemo(
    () =>
      rows.map((row) => {
        const found = names.get(row.channelSid);
        if (!found || (row.friendlyName !== null && row.uniqueName !== null)) return row;
        const cached = named.current.get(row);
        if (
          cached &&
          cached.name.friendlyName === found.friendlyName &&
          cached.name.uniqueName === found.uniqueName
        ) {
          return cached.row;
        }
        const withName = {
          ...row,
          friendlyName: row.friendlyName ?? found.friendlyName,
          uniqueName: row.uniqueName ?? found.uniqueName,
        };
        named.current.set(row, { name: found, row: withName });
        return withName;
      }),
    [rows, namesKey],
  );
}
