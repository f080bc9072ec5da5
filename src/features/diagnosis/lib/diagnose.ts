// Runs every rule over what is known about a membership. The drawer passes everything it read; the table passes
// only the row, so its hints come from the same rules with the rest unknown.
import type { Membership } from '../../../lib/twilio/membership.ts';
import { BADGE_RULES } from './badge-rules.ts';
import { bySeverity, type Finding, type MembershipFacts, type UserFacts } from './finding.ts';
import type { Symptom } from './symptoms.ts';
import { type LimitFacts, membershipLimitRule } from './limit-rules.ts';
import { MEMBERSHIP_RULES } from './membership-rules.ts';
import { PUSH_RULES, USER_PUSH_RULES } from './push-rules.ts';

// At equal severity, the channel's own read state comes before pushes: the user-wide push findings already show above
// the table, and muting has its own key (`m`), so `f` (the first fix) reaches the read-state fix a ticket names.
const RULES = [...MEMBERSHIP_RULES, ...BADGE_RULES, ...PUSH_RULES];

/** What a fix does, so the same fix offered by two findings shows once (on the more serious one). */
function fixKey(finding: Finding): string | null {
  const fix = finding.fix;
  if (!fix) return null;
  if (fix.kind === 'remove-binding') return `binding ${fix.binding.sid}`;
  if (fix.kind === 'membership-change') return `change ${JSON.stringify(fix.patch)}`;
  return `select ${fix.channelSids.join(',')}`;
}

/** Most serious first (stable within a severity: rule order); a fix two findings share shows on the first. */
function arrange(findings: Finding[]): Finding[] {
  const offered = new Set<string>();
  return findings.sort(bySeverity).map((finding) => {
    const key = fixKey(finding);
    if (key === null) return finding;
    if (offered.has(key)) return { ...finding, fix: undefined };
    offered.add(key);
    return finding;
  });
}

/** Every finding for the membership. */
export function diagnoseMembership(facts: MembershipFacts): Finding[] {
  return arrange(RULES.flatMap((rule) => rule(facts) ?? []));
}

/** What holds for the user whatever the channel: their devices, is_notifiable, the service's pushes, the limit. */
export function diagnoseUser(facts: UserFacts, limit: Omit<LimitFacts, 'api'>): Finding[] {
  const findings = USER_PUSH_RULES.flatMap((rule) => rule(facts) ?? []);
  const atLimit = membershipLimitRule({ api: facts.api, ...limit });
  return arrange(atLimit ? [...findings, atLimit] : findings);
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
