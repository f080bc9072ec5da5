import { useQueryClient } from '@tanstack/react-query';
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { adapters } from '../../../lib/twilio/adapters.ts';
import type { ApiKind, ChannelInfo, Membership } from '../../../lib/twilio/membership.ts';
import { CHANNEL_FETCH_CONCURRENCY, channelQuery } from '../../../lib/twilio/queries.ts';

/** How often names that arrived are applied to the table (each application lays the table out again). */
const NAME_FLUSH_MS = 150;

/**
 * The one channel-name loader of the channels table. Chat user-channel records carry no channel names: fetch the
 * Channel of each row in `wanted` (the rows on screen: a page, or the window of a virtualised table; at most 6
 * requests in flight, top rows first) through the query cache (channelQuery: the drawer and the next visit find them
 * there), and fill names in as they arrive: the rows never wait for them. Every row whose name is cached shows it.
 *
 * Speed (BENCHMARKS.md, "Speed work"): the fetches start after the frame that paints the rows; arriving names are
 * applied together at most every 150 ms, in a transition; and a row whose name hasn't changed keeps its object
 * identity, so the table's memoised rows re-render only the rows a name arrived for.
 */
export function useRowsWithNames(
  api: ApiKind,
  service: string,
  rows: readonly Membership[],
  wanted: readonly string[],
): readonly Membership[] {
  const queryClient = useQueryClient();
  const needNames = adapters[api].profile.hasChannelDetails;
  const wantedKey = needNames ? wanted.join('\u0000') : '';
  // Bumped when fetched names were applied: the rows read their names from the cache again.
  const [namesVersion, setNamesVersion] = useState(0);

  useEffect(() => {
    if (!wantedKey) return;
    let missing: string[] = [];
    let stopped = false;
    let next = 0;
    let inFlight = 0;
    let settled = 0;
    let found = 0;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      startTransition(() => setNamesVersion((version) => version + 1));
    };
    // Every name applied re-lays out the table: apply what arrived at most every NAME_FLUSH_MS, and at once when
    // the last request has settled.
    const scheduleFlush = () => {
      if (stopped) return;
      if (settled === missing.length) {
        clearTimeout(flushTimer);
        if (found > 0) flush();
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
            () => {
              found += 1;
            },
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
    // After the frame that paints the rows, not in the task that commits them (finding the missing names hashes a
    // query key per row).
    const cancelStart = afterNextPaint(() => {
      missing = wantedKey
        .split('\u0000')
        .filter((sid) => queryClient.getQueryData(channelQuery(api, service, sid).queryKey) === undefined);
      startMore();
    });
    return () => {
      // Other rows on screen start no more requests; the few in flight still fill the cache.
      stopped = true;
      cancelStart();
      clearTimeout(flushTimer);
    };
  }, [queryClient, api, service, wantedKey]);

  // The named copy of each row, reused while the row and its name stay the same.
  const named = useRef(new WeakMap<Membership, { name: ChannelInfo; row: Membership }>());
  // biome-ignore lint/correctness/useExhaustiveDependencies: namesVersion says the cache holds new names
  return useMemo(
    () =>
      rows.map((row) => {
        if (!needNames || (row.friendlyName !== null && row.uniqueName !== null)) return row;
        const found = queryClient.getQueryData(channelQuery(api, service, row.channelSid).queryKey);
        if (!found) return row;
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
    [queryClient, api, service, rows, needNames, namesVersion],
  );
}
