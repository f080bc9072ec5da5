import type { UserRef } from '../../../lib/twilio/queries.ts';
import { useMembershipSchedule } from '../api/use-membership-schedule.ts';
import { describeEnd } from '../lib/mute-presets.ts';
import './schedules.css';

/** After a row's notification level: "until Mon 09:00" (so the cell reads "Muted until Mon 09:00"), or a failed end. */
export function MutedUntilNote({ userRef, channel }: { userRef: UserRef; channel: string }) {
  const schedule = useMembershipSchedule(userRef, channel);
  if (schedule?.state === 'scheduled') {
    return <span className="level-note">until {describeEnd(new Date(schedule.runAt))}</span>;
  }
  if (schedule?.state === 'failed') {
    return <span className="level-note level-note-failed">timed mute's end failed</span>;
  }
  return null;
}

export default MutedUntilNote;
