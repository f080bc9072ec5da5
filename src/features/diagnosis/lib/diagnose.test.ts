import { describe, expect, it } from 'vitest';
import { diagnoseMembership, findingsFor, matchesSymptom, rowHint } from './diagnose.ts';
import { binding, facts, membership, NOW } from './facts.test-support.ts';

describe('diagnoseMembership', () => {
  it('puts the problem first: a muted channel with an old device explains the pushes', () => {
    const findings = diagnoseMembership(
      facts(
        { bindings: [binding('1', '2025-02-28T00:00:00Z'), binding('2', '2024-03-01T00:00:00Z')] },
        { notificationLevel: 'muted' },
      ),
    );
    expect(findings.map((f) => f.id)).toEqual(['old-device', 'several-devices', 'muted', 'nothing-unread']);
    // Both device findings point at the same old phone: its removal is offered once, on the problem.
    expect(findings[0]?.fix?.kind).toBe('remove-binding');
    expect(findings[1]?.fix).toBeUndefined();
  });
});

describe('row hints', () => {
  it("shows a row's most serious finding, or the one matching the agent's symptom", () => {
    const invited = findingsFor(
      membership({ status: 'invited', lastReadIndex: null, unread: null }),
      'a',
      NOW,
    );
    expect(rowHint(invited, null)?.id).toBe('not-joined');
    const tracked = findingsFor(membership({ unread: 0 }), 'a', NOW);
    expect(rowHint(tracked, null)).toBeUndefined();
    expect(rowHint(tracked, 'read-state')?.id).toBe('nothing-unread');
    expect(matchesSymptom(tracked, 'read-state')).toBe(true);
    expect(matchesSymptom(tracked, 'badge')).toBe(false);
    expect(rowHint(findingsFor(membership({ unread: 4 }), 'a', NOW), 'badge')?.id).toBe('counted-unread');
  });
  it('matches "gets pushes" to channels whose pushes are on, not muted ones', () => {
    expect(matchesSymptom(findingsFor(membership(), 'a', NOW), 'pushes')).toBe(true);
    expect(matchesSymptom(findingsFor(membership({ notificationLevel: 'muted' }), 'a', NOW), 'pushes')).toBe(
      false,
    );
  });
});
