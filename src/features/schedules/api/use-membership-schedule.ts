import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import {
  cancelSchedule,
  membershipApiPath,
  moveSchedule,
  refreshAfterScheduleChange,
  scheduleOf,
  userSchedulesQuery,
} from './schedules.ts';

/** One membership's timed mute, from the user's one schedules query (shared by every row and the drawer). */
export function useMembershipSchedule(ref: UserRef, channel: string) {
  const queryClient = useQueryClient();
  const query = useQuery(userSchedulesQuery(queryClient, ref));
  return scheduleOf(query.data, membershipApiPath(ref, channel));
}

/** Cancel or move a schedule still to run; either way the view then reads the schedules again. */
export function useScheduleChanges(ref: UserRef) {
  const queryClient = useQueryClient();
  const settle = () => refreshAfterScheduleChange(queryClient, ref);
  return {
    cancel: useMutation({ mutationFn: cancelSchedule, onSettled: settle }),
    move: useMutation({
      mutationFn: ({ id, until }: { id: string; until: Date }) => moveSchedule(id, until),
      onSettled: settle,
    }),
  };
}
