// Runs every rule over what is known about a membership. The drawer passes everything it read; the table passes
// only the row, so its hints come from the same rules with the rest unknown.
import type { Membership } from '../../../lib/twilio/membership.ts';
import { BADGE_RULES } from './badge-rules.ts';
import { bySeverity, type Finding, type MembershipFacts, type Symptom } from './finding.ts';
import { MEMBERSHIP_RULES } from './membership-rules.ts';
import { PUSH_RULES } from './push-rules.ts';

const RULES = [...MEMBERSHIP_RULES, ...PUSH_RULES, ...BADGE_RULES];

/** Every finding for the membership, most serious first (stable within a severity: rule order). */
export function diagnoseMembership(facts: MembershipFacts): Finding[] {
  return RULES.flatMap((rule) => rule(facts) ?? []).sort(bySeverity);
}

/** The findings a table row can show from its own fields alone. */
export function findingsFor(row: Membership, identity: string, now = new Date()): Finding[] {
  return diagnoseMembership({ api: row.api, identity, membership: row, now });
}

/** The finding a row's hint shows: the most serious one that is more than a plain fact. */
export function rowHint(findings: readonly Finding[], symptom: Symptom | null): Finding | undefined {
  if (symptom) return findings.find((f) => f.symptoms.includes(symptom));
  return findings.find((f) => f.severity !== 'info');
}

export function matchesSymptom(findings: readonly Finding[], symptom: Symptom): boolean {
  return findings.some((f) => f.symptoms.includes(symptom));
}
