import { useState } from 'react';
import { describeEnd, MUTE_PRESETS, muteEnds } from '../lib/mute-presets.ts';
import { EndTimeForm, muteUntilLabel } from './end-time-form.tsx';

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
  const [custom, setCustom] = useState(false);
  const now = new Date();
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
            onClick={() => onMute(muteEnds(preset.choice))}
            // The end, worked out: "tomorrow" after midnight is the day after today.
            title={`Until ${describeEnd(muteEnds(preset.choice, now), now)}`}
          >
            {preset.label}
          </button>
        ))}
        <button
          type="button"
          className="button"
          aria-expanded={custom}
          disabled={disabled}
          onClick={() => setCustom((open) => !open)}
        >
          Until a date and time…
        </button>
      </div>
      {custom && (
        <EndTimeForm
          label="Mute until (your time)"
          initial={muteEnds({ tomorrowAt: 9 })}
          submitLabel={muteUntilLabel}
          disabled={disabled}
          onSubmit={(end) => {
            onMute(end);
            setCustom(false);
          }}
        />
      )}
      <p className="hint">
        Horizon mutes now and, at that time, puts back the level each one had before (unless someone changes
        it in between).
      </p>
    </fieldset>
  );
}
