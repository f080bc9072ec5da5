import { useState } from 'react';
import { describeError } from '../../../lib/api-client.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { useMembershipSchedule, useScheduleChanges } from '../api/use-membership-schedule.ts';
import type { Schedule } from '../api/schedules.ts';
import { describeEnd } from '../lib/mute-presets.ts';
import { EndTimeForm } from './end-time-form.tsx';
import { levelWords } from './timed-mute-rows.tsx';

const by = (schedule: Schedule) =>
  `Scheduled by ${schedule.agent}${schedule.reason ? ` (${schedule.reason})` : ''}.`;

/**
 * The drawer's word on this membership's timed mute: when it ends and what comes back, with Cancel and Change the
 * end; or, once it ran, that it could not put the level back (Twilio kept failing) or left it alone (changed since).
 */
export function ScheduleStatus({
  userRef,
  channel,
  canChange,
}: {
  userRef: UserRef;
  channel: string;
  canChange: boolean;
}) {
  const schedule = useMembershipSchedule(userRef, channel);
  const { cancel, move } = useScheduleChanges(userRef);
  const [moving, setMoving] = useState(false);
  if (!schedule) return null;
  const end = describeEnd(new Date(schedule.runAt));
  const back = levelWords(schedule.setLevel);

  if (schedule.state === 'failed') {
    return (
      <div className="notice notice-error schedule-status" role="alert">
        <p>
          The timed mute ending {end} did not put {back} back: {schedule.result ?? 'it failed'}.{' '}
          {by(schedule)} The notification level is as shown above: change it by hand if it should be {back}.
        </p>
      </div>
    );
  }
  if (schedule.state === 'skipped') {
    return (
      <p className="notice notice-info schedule-status">
        The timed mute ending {end} changed nothing: {schedule.result ?? 'skipped'}. {by(schedule)}
      </p>
    );
  }
  if (schedule.state !== 'scheduled') return null;

  const failure = cancel.error ?? move.error;

  return (
    <div className="schedule-status">
      <p role="status">
        <strong>Muted until {end}</strong>, then back to {back}. {by(schedule)}
      </p>
      {canChange && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            aria-expanded={moving}
            onClick={() => setMoving((open) => !open)}
          >
            Change the end…
          </button>
          <button
            type="button"
            className="button"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(schedule.id)}
          >
            Cancel the timed mute
          </button>
          <span className="hint">Cancelling leaves it muted: nothing changes at {end}.</span>
        </div>
      )}
      {moving && (
        <EndTimeForm
          label="New end (your time)"
          initial={new Date(schedule.runAt)}
          submitLabel={() => 'Save the new end'}
          disabled={move.isPending}
          onSubmit={(until) => move.mutate({ id: schedule.id, until }, { onSuccess: () => setMoving(false) })}
        />
      )}
      {failure && (
        <p className="notice notice-error" role="alert">
          Couldn't change the timed mute: {describeError(failure)}.
        </p>
      )}
    </div>
  );
}
