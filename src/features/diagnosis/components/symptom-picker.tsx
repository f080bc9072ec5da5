import { useId } from 'react';
import { SYMPTOM_LABELS, type Symptom } from '../lib/symptoms.ts';

// In the table's toolbar from the view's first frame, with the filters: it must not move them (or, on a phone, the
// table) when it comes. Picking a symptom arranges the rows with the rules (row-hint.tsx), loaded after that frame.

const SYMPTOMS = Object.keys(SYMPTOM_LABELS) as Symptom[];

/** "What does the ticket say?": the table then puts the channels that can explain it first, with their finding. */
export function SymptomPicker({
  value,
  onChange,
}: {
  value: Symptom | null;
  onChange: (next: Symptom | null) => void;
}) {
  const id = useId();
  return (
    <label className="field field-inline" htmlFor={id}>
      <span>Ticket symptom</span>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? null : (event.target.value as Symptom))}
      >
        <option value="">Any</option>
        {SYMPTOMS.map((symptom) => (
          <option key={symptom} value={symptom}>
            {SYMPTOM_LABELS[symptom]}
          </option>
        ))}
      </select>
    </label>
  );
}
