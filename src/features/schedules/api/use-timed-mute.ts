import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Membership } from '../../../lib/twilio/membership.ts';
import { updateEverywhere } from '../../../lib/twilio/membership-mutations.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import {
  membershipApiPath,
  refreshAfterScheduleChange,
  type TimedMuteResult,
  timedMute,
} from './schedules.ts';

export type TimedMuteInput = { rows: readonly Membership[]; until: Date; reason?: string };
export type TimedMuteOutcome = { row: Membership; result: TimedMuteResult };

const notMuted = (result: TimedMuteResult) => result.state === 'refused' || result.state === 'failed';

/**
 * A timed mute of one row (drawer) or many (bulk), optimistic like every other change: the rows read "Muted" with
 * the click; a row the server couldn't mute gets its own previous level back, and the agent is told which and why.
 */
export function useTimedMute(ref: UserRef) {
  const queryClient = useQueryClient();
  const setLevel = (row: Membership, level: Membership['notificationLevel']) =>
    updateEverywhere(queryClient, ref, row.channelSid, (current) => ({
      ...current,
      notificationLevel: level,
    }));
  return useMutation({
    mutationFn: async ({ rows, until, reason }: TimedMuteInput): Promise<TimedMuteOutcome[]> => {
      const paths = rows.map((row) => membershipApiPath(ref, row.channelSid));
      if (paths.some((path) => path === null)) throw new Error('This API is read-only');
      const results = await timedMute(paths as string[], until, reason);
      return rows.map((row, index) => ({
        row,
        result: results[index] ?? { path: paths[index] as string, state: 'failed', message: 'no answer' },
      }));
    },
    onMutate: ({ rows }: TimedMuteInput) => {
      for (const row of rows) setLevel(row, 'muted');
    },
    onSuccess: (outcomes) => {
      for (const { row, result } of outcomes) if (notMuted(result)) setLevel(row, row.notificationLevel);
    },
    onError: (_error, { rows }) => {
      for (const row of rows) setLevel(row, row.notificationLevel);
    },
    onSettled: () => refreshAfterScheduleChange(queryClient, ref),
  });
}

export { notMuted };
