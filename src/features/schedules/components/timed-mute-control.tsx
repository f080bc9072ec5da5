import { type FormEvent, useId, useState } from 'react';
import {
  describeEnd,
  endProblem,
  MUTE_PRESETS,
  muteEnds,
  parseLocalDateTime,
  toLocalDateTime,
} from '../lib/mute-presets.ts';

interface TimedMuteControlProps {
  /** "this channel" / "the 3 selected": what the buttons mute. */
  what: string;
  disabled: boolean;
  onMute: (until: Date) => void;
}

/**
 * "Mute for 1 hour / 8 hours / until tomorrow 09:00 / until a date and time", in the agent's time zone. Each preset is
 * one click; the custom time is a native datetime-local input, and a time already past is refused before anything is
 * sent.
 */
export function TimedMuteControl({ what, disabled, onMute }: TimedMuteControlProps) {
  const [custom, setCustom] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const now = new Date();

  const submitCustom = (event: FormEvent) => {
    event.preventDefault();
    const end = parseLocalDateTime(custom ?? '');
    const why = endProblem(end);
    setProblem(why);
    if (!why && end) {
      onMute(end);
      setCustom(null);
    }
  };

  return (
    <fieldset className="control timed-mute">
      <legend>Mute {what} for a while</legend>
      <div className="button-row">
        {MUTE_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className="button"
            disabled={disabled}
            onClick={() => {
              setProblem(null);
              onMute(muteEnds(preset.choice));
            }}
            // The end, worked out: "tomorrow" after midnight is the day after today.
            title={`Until ${describeEnd(muteEnds(preset.choice, now), now)}`}
          >
            {preset.label}
          </button>
        ))}
        <button
          type="button"
          className="button"
          aria-expanded={custom !== null}
          disabled={disabled}
          onClick={() => {
            setProblem(null);
            setCustom((open) => (open === null ? toLocalDateTime(muteEnds({ tomorrowAt: 9 })) : null));
          }}
        >
          Until a date and time…
        </button>
      </div>
      {custom !== null && (
        <form className="timed-mute-custom" onSubmit={submitCustom} noValidate>
          <label className="field">
            <span>Mute until (your time)</span>
            <input
              type="datetime-local"
              value={custom}
              min={toLocalDateTime(now)}
              onChange={(event) => setCustom(event.target.value)}
              aria-invalid={problem !== null}
              aria-describedby={problem ? problemId : undefined}
            />
          </label>
          <button type="submit" className="button" disabled={disabled}>
            {(() => {
              const end = parseLocalDateTime(custom);
              return end ? `Mute until ${describeEnd(end, now)}` : 'Mute until then';
            })()}
          </button>
        </form>
      )}
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <p className="hint">
        Horizon mutes now and, at that time, puts back the level each one had before (unless someone changes
        it in between).
      </p>
    </fieldset>
  );
}
