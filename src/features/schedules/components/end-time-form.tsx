import { type FormEvent, useId, useState } from 'react';
import { describeEnd, endProblem, parseLocalDateTime, toLocalDateTime } from '../lib/mute-presets.ts';

interface EndTimeFormProps {
  /** The field's label ("Mute until (your time)", "New end (your time)"). */
  label: string;
  initial: Date;
  /** The button's words for the end typed so far (null: not a date yet). */
  submitLabel: (end: Date | null) => string;
  disabled: boolean;
  onSubmit: (end: Date) => void;
}

/** A native datetime-local in the agent's time zone; a time past, or too far ahead, is refused here, with why. */
export function EndTimeForm({ label, initial, submitLabel, disabled, onSubmit }: EndTimeFormProps) {
  const [value, setValue] = useState(() => toLocalDateTime(initial));
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const end = parseLocalDateTime(value);
    const why = endProblem(end);
    setProblem(why);
    if (!why && end) onSubmit(end);
  };
  return (
    <>
      <form className="timed-mute-custom" onSubmit={submit} noValidate>
        <label className="field">
          <span>{label}</span>
          <input
            type="datetime-local"
            value={value}
            min={toLocalDateTime(new Date())}
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={problem ? problemId : undefined}
          />
        </label>
        <button type="submit" className="button" disabled={disabled}>
          {submitLabel(parseLocalDateTime(value))}
        </button>
      </form>
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}

export const muteUntilLabel = (end: Date | null) =>
  end ? `Mute until ${describeEnd(end)}` : 'Mute until then';
