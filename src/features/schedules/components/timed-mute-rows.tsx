import type { ApiTerms } from '../../../lib/twilio/api-profiles.ts';
import { countOf } from '../../../lib/twilio/change-words.ts';
import { type Membership, membershipLabel } from '../../../lib/twilio/membership.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { type TimedMuteOutcome, useTimedMute } from '../api/use-timed-mute.ts';
import { describeEnd } from '../lib/mute-presets.ts';
import { TimedMuteControl } from './timed-mute-control.tsx';
import './schedules.css';

const LEVEL_WORDS: Record<string, string> = { default: 'Default', muted: 'Muted' };
export const levelWords = (level: string) => LEVEL_WORDS[level] ?? level;

/** What a finished timed mute did, in one sentence per kind of result. */
function summary(outcomes: readonly TimedMuteOutcome[], until: Date, terms: ApiTerms) {
  const scheduled = outcomes.filter((o) => o.result.state === 'scheduled');
  const already = outcomes.filter((o) => o.result.state === 'already-muted');
  const failed = outcomes.filter((o) => o.result.state === 'refused' || o.result.state === 'failed');
  const end = describeEnd(until);
  const single = outcomes.length === 1;
  const lines: string[] = [];
  if (scheduled.length > 0) {
    const back = scheduled[0]?.result.schedule?.setLevel ?? 'default';
    lines.push(
      single
        ? `Muted until ${end}; then back to ${levelWords(back)}.`
        : `Muted ${countOf(scheduled.length, terms)} until ${end}; then each goes back to its own level.`,
    );
  }
  if (already.length > 0) {
    lines.push(
      single
        ? 'It was already muted: nothing changed or scheduled.'
        : `${already.length} already muted: nothing changed or scheduled for ${already.length === 1 ? 'it' : 'them'}.`,
    );
  }
  return { lines, failed };
}

interface TimedMuteRowsProps {
  userRef: UserRef;
  rows: readonly Membership[];
  terms: ApiTerms;
  reason: string | undefined;
  disabled: boolean;
  /** false: only what the last timed mute did (the drawer's membership is muted now: nothing to offer). */
  offer?: boolean;
}

/** The timed mute of the drawer's membership or the bulk selection: the control, then what it did, row by row. */
export function TimedMuteRows({ userRef, rows, terms, reason, disabled, offer = true }: TimedMuteRowsProps) {
  const mutation = useTimedMute(userRef);
  const what = rows.length === 1 ? `this ${terms.channel}` : `the ${countOf(rows.length, terms)}`;
  const done =
    mutation.data && mutation.variables ? summary(mutation.data, mutation.variables.until, terms) : null;
  return (
    <div className="timed-mute-rows">
      {offer && (
        <TimedMuteControl
          what={what}
          disabled={disabled || rows.length === 0 || mutation.isPending}
          onMute={(until) => mutation.mutate({ rows, until, reason })}
        />
      )}
      <p role="status" className="saving">
        {mutation.isPending ? 'Muting…' : (done?.lines.join(' ') ?? '')}
      </p>
      {mutation.isError && (
        <p role="alert" className="notice notice-error">
          Couldn't mute: {mutation.error.message}. The previous level is back; nothing was scheduled.
        </p>
      )}
      {done && done.failed.length > 0 && (
        <div role="alert" className="notice notice-error">
          <p>Not muted (the previous level is back; nothing scheduled):</p>
          <ul>
            {done.failed.map(({ row, result }) => (
              <li key={row.channelSid}>
                <strong>{membershipLabel(row)}</strong>: {result.message ?? result.state}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
