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
    expect(findings.map((f) => f.id)).toEqual(['old-device', 'several-devices', 'nothing-unread', 'muted']);
    // Both device findings point at the same old phone: its removal is offered once, on the problem.
    expect(findings[0]?.fix?.kind).toBe('remove-binding');
    expect(findings[1]?.fix).toBeUndefined();
  });

  it('at equal severity, offers the read-state fix before muting (which has its own key)', () => {
    const recentMessages = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((index) => ({
      index,
      author: 'bob',
      dateCreated: null,
    }));
    const findings = diagnoseMembership(
      facts({ newestIndex: 10, recentMessages }, { lastReadIndex: 10, unread: 0 }),
    );
    const fixes = findings.flatMap((f) => (f.fix ? [f.fix.label] : []));
    expect(fixes[0]).toMatch(/^Mark the last \d+ messages unread$/);
    expect(fixes).toContain('Mute for this user');
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
