import { useId, useState } from 'react';

// The optional reason or ticket number of a change (drawer and bulk alike): sent with each change as
// X-Horizon-Reason and kept in its history entry, where the history page searches it.

/** The server's limit (server/audited-change.ts MAX_REASON_LENGTH). */
export const MAX_REASON_LENGTH = 200;

export function ReasonField({ value, onChange }: { value: string; onChange: (next: string) => void }) {
  const hintId = useId();
  return (
    <label className="field reason-field">
      <span>Reason or ticket (optional)</span>
      <input
        type="text"
        value={value}
        maxLength={MAX_REASON_LENGTH}
        placeholder="e.g. ZD-4411"
        autoComplete="off"
        aria-describedby={hintId}
        // One line: the server refuses control characters.
        onChange={(event) => onChange(event.target.value.replace(/\p{Cc}/gu, ' '))}
      />
      <small id={hintId} className="hint">
        Kept with each change you make here, in the history.
      </small>
    </label>
  );
}

/** The reason as the changes send it (undefined when empty) and its field. */
export function useReasonField() {
  const [value, setValue] = useState('');
  const reason = value.trim() || undefined;
  return { reason, field: <ReasonField value={value} onChange={setValue} /> };
}
