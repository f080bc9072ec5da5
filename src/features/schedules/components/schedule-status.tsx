import { type FormEvent, useId, useState } from 'react';
import { describeError } from '../../../lib/api-client.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { useMembershipSchedule, useScheduleChanges } from '../api/use-membership-schedule.ts';
import type { Schedule } from '../api/schedules.ts';
import { describeEnd, endProblem, parseLocalDateTime, toLocalDateTime } from '../lib/mute-presets.ts';
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
  const [moving, setMoving] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
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

  const submitMove = (event: FormEvent) => {
    event.preventDefault();
    const until = parseLocalDateTime(moving ?? '');
    const why = endProblem(until);
    setProblem(why);
    if (why || !until) return;
    move.mutate({ id: schedule.id, until }, { onSuccess: () => setMoving(null) });
  };
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
            aria-expanded={moving !== null}
            onClick={() =>
              setMoving((open) => (open === null ? toLocalDateTime(new Date(schedule.runAt)) : null))
            }
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
      {moving !== null && (
        <form className="timed-mute-custom" onSubmit={submitMove} noValidate>
          <label className="field">
            <span>New end (your time)</span>
            <input
              type="datetime-local"
              value={moving}
              min={toLocalDateTime(new Date())}
              onChange={(event) => setMoving(event.target.value)}
              aria-invalid={problem !== null}
              aria-describedby={problem ? problemId : undefined}
            />
          </label>
          <button type="submit" className="button" disabled={move.isPending}>
            Save the new end
          </button>
        </form>
      )}
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {failure && (
        <p className="notice notice-error" role="alert">
          Couldn't change the timed mute: {describeError(failure)}.
        </p>
      )}
    </div>
  );
}
