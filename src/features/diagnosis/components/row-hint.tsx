import { useContext } from 'react';
import type { Membership } from '../../../lib/twilio/membership.ts';
import { findingsFor, matchesSymptom, rowHint } from '../lib/diagnose.ts';
import type { Symptom } from '../lib/symptoms.ts';
import './diagnosis.css';
import { RowHintContext } from './row-hint-context.ts';

/** The findings a row shows, from its own fields (`findingsFor`), for the user the table is about. */
export function useRowFindings(row: Membership) {
  const { identity, symptom } = useContext(RowHintContext);
  return { findings: findingsFor(row, identity), symptom };
}

/** The table's short hint for a row: its most serious finding, or the one matching the ticket's symptom. */
export function RowHint({ row }: { row: Membership }) {
  const { findings, symptom } = useRowFindings(row);
  const hint = rowHint(findings, symptom);
  if (!hint) return null;
  const match = symptom !== null && matchesSymptom(findings, symptom);
  return (
    <span className={`row-hint row-hint-${hint.severity}${match ? ' row-hint-match' : ''}`}>
      {match && <span className="visually-hidden">Matches the ticket: </span>}
      {hint.title}
    </span>
  );
}

/** Rows matching the symptom first, each group in its own order (a stable sort). */
export function arrangeBySymptom(
  rows: readonly Membership[],
  identity: string,
  symptom: Symptom | null,
): readonly Membership[] {
  if (symptom === null) return rows;
  const matching = rows.filter((row) => matchesSymptom(findingsFor(row, identity), symptom));
  if (matching.length === 0 || matching.length === rows.length) return rows;
  const set = new Set(matching);
  return [...matching, ...rows.filter((row) => !set.has(row))];
}

export default RowHint;
