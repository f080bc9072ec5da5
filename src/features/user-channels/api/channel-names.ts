import { useQueryClient } from '@tanstack/react-query';
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { ApiKind, Membership } from '../../../lib/twilio/membership.ts';
import { CHANNEL_FETCH_CONCURRENCY, channelQuery } from '../../../lib/twilio/queries.ts';

type Name = { friendlyName: string | null; uniqueName: string | null };
type Names = ReadonlyMap<string, Name>;
const NO_NAMES: Names = new Map();
/** How often names that arrived are applied to the table (each application lays the table out again). */
const NAME_FLUSH_MS = 150;

/**
 * Chat user-channel records carry no channel names. Fetch the Channel for each row of the page (at most 6 requests
 * in flight, top rows first), through the query cache (channelQuery: the drawer and the next visit find them
 * there), and fill names in as they arrive: the rows never wait for them.
 *
 * Speed (BENCHMARKS.md, "Speed work"): the fetches start after the frame that paints the rows; arriving names are
 * applied together at most every 150 ms, in a transition; and a row whose name hasn't changed keeps its object identity,
 * so the table's memoised rows re-render only the rows a name arrived for. (One useQueries observer per row cost
 * every arriving name a pass over all 50 observers: the longest tasks of a page load on a slow phone.)
 */
export function useRowsWithNames(
  api: ApiKind,
  service: string,
  rows: readonly Membership[],
): readonly Membership[] {
  const queryClient = useQueryClient();
  const needNames = adapters[api].fetchChannel !== null && api !== 'conversations';
  const sidsKey = needNames ? rows.map((row) => row.channelSid).join('\u0000') : '';
  // The names fetched belong to this page of this service: another page starts from none.
  const pageKey = `${api}\u0001${service}\u0001${sidsKey}`;

  // Names already cached show in the first render (going back to a page, another user in the same channels).
  const cachedNames = useMemo(() => {
    const found = new Map<string, Name>();
    for (const sid of sidsKey ? sidsKey.split('\u0000') : []) {
      const cached = queryClient.getQueryData(channelQuery(api, service, sid).queryKey);
      if (cached) found.set(sid, cached);
    }
    return found;
  }, [queryClient, api, service, sidsKey]);

  const [fetched, setFetched] = useState<{ key: string; names: Names }>({ key: '', names: NO_NAMES });
  useEffect(() => {
    const missing = (sidsKey ? sidsKey.split('\u0000') : []).filter((sid) => !cachedNames.has(sid));
    if (missing.length === 0) return;
    const found = new Map<string, Name>();
    let stopped = false;
    let next = 0;
    let inFlight = 0;
    let settled = 0;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      const names = new Map(found);
      startTransition(() => setFetched({ key: pageKey, names }));
    };
    // Every name applied re-lays out the table: apply what arrived at most every NAME_FLUSH_MS, and at once when
    // the last request has settled.
    const scheduleFlush = () => {
      if (stopped) return;
      if (settled === missing.length) {
        clearTimeout(flushTimer);
        if (found.size > 0) flush();
      } else {
        flushTimer ??= setTimeout(flush, NAME_FLUSH_MS);
      }
    };
    const startMore = () => {
      while (!stopped && inFlight < CHANNEL_FETCH_CONCURRENCY && next < missing.length) {
        const sid = missing[next++] as string;
        inFlight += 1;
        queryClient
          .fetchQuery({ ...channelQuery(api, service, sid), retry: false })
          // A channel that can't be read keeps showing its SID; the drawer reports the error if it is opened.
          .then(
            (channel) => found.set(sid, channel),
            () => undefined,
          )
          .finally(() => {
            inFlight -= 1;
            settled += 1;
            scheduleFlush();
            startMore();
          });
      }
    };
    // After the frame that paints the rows, not in the task that commits them.
    const cancelStart = afterNextPaint(startMore);
    return () => {
      // Leaving the page starts no more requests; the few in flight still fill the cache.
      stopped = true;
      cancelStart();
      clearTimeout(flushTimer);
    };
  }, [queryClient, api, service, sidsKey, pageKey, cachedNames]);

  const fetchedNames = fetched.key === pageKey ? fetched.names : NO_NAMES;
  // The named copy of each row, reused while the row and its name stay the same.
  const named = useRef(new WeakMap<Membership, { name: Name; row: Membership }>());
  return useMemo(
    () =>
      rows.map((row) => {
        const found = fetchedNames.get(row.channelSid) ?? cachedNames.get(row.channelSid);
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
    [rows, fetchedNames, cachedNames],
  );
}
