import { describe, expect, it } from 'vitest';
import { binding, facts } from './facts.test-support.ts';
import {
  noBindingsRule,
  notifiableRule,
  notificationLevelRule,
  STALE_BINDING_DAYS,
  servicePushRule,
  severalBindingsRule,
  staleBindingRule,
} from './push-rules.ts';

const push = (newMessageEnabled: boolean | null) => ({
  newMessageEnabled,
  badgeCountEnabled: null,
  userChannelsLimit: 100,
});

describe('notification level', () => {
  it('explains that muted stops new-message pushes, with the level as evidence and no fix', () => {
    const finding = notificationLevelRule(facts({}, { notificationLevel: 'muted' }));
    expect(finding?.id).toBe('muted');
    expect(finding?.evidence[0]).toMatchObject({
      value: 'muted',
      source: expect.stringContaining('notification_level'),
    });
    expect(finding?.fix).toBeUndefined();
  });

  it('offers to mute when pushes are on, saying what the app does afterwards', () => {
    const finding = notificationLevelRule(facts());
    expect(finding?.symptoms).toContain('pushes');
    expect(finding?.fix).toMatchObject({ kind: 'membership-change', patch: { notificationLevel: 'muted' } });
  });

  it('says nothing for Chat v1, which has no level', () => {
    expect(notificationLevelRule(facts({}, { notificationLevel: null }))).toBeNull();
  });
});

describe("the service's push settings", () => {
  it('explains that a service without new-message pushes pushes nothing', () => {
    const finding = servicePushRule(facts({ push: push(false) }));
    expect(finding?.id).toBe('service-push-off');
    expect(finding?.symptoms).toContain('pushes');
  });
  it('reports enabled pushes as a plain fact, and nothing when unknown', () => {
    expect(servicePushRule(facts({ push: push(true) }))?.id).toBe('service-push-on');
    expect(servicePushRule(facts({ push: push(null) }))).toBeNull();
    expect(servicePushRule(facts())).toBeNull();
  });
  it('names the Conversations resource as the source there', () => {
    const finding = servicePushRule(facts({ api: 'conversations', push: push(true) }));
    expect(finding?.evidence[0]?.source).toContain('Configuration/Notifications');
  });
});

describe('push bindings', () => {
  it('says no device is registered when there are none, and nothing when bindings are unknown', () => {
    expect(noBindingsRule(facts({ bindings: [] }))?.id).toBe('no-devices');
    expect(noBindingsRule(facts())).toBeNull();
    expect(noBindingsRule(facts({ bindings: [binding('1', '2025-02-20T00:00:00Z')] }))).toBeNull();
  });

  it('counts several devices, lists each with its kind and dates, and offers to remove the oldest', () => {
    const recent = binding('1', '2025-02-20T00:00:00Z', 'fcm');
    const older = binding('2', '2025-01-14T00:00:00Z', 'apn');
    const finding = severalBindingsRule(facts({ bindings: [recent, older] }));
    expect(finding?.title).toBe('Pushes go to 2 devices');
    expect(finding?.evidence.map((e) => e.value)).toEqual([
      'Android or web (FCM), registered 20 Feb 2025, last updated 20 Feb 2025',
      'iPhone / iPad (APNs), registered 14 Jan 2025, last updated 14 Jan 2025',
    ]);
    expect(finding?.fix).toMatchObject({ kind: 'remove-binding', binding: { sid: older.sid } });
    expect(severalBindingsRule(facts({ bindings: [recent] }))).toBeNull();
  });

  it('says when only the first pages of devices were read', () => {
    const read = [binding('1', '2025-02-20T00:00:00Z'), binding('2', '2025-01-14T00:00:00Z')];
    const finding = severalBindingsRule(facts({ bindings: read, bindingsCapped: true }));
    expect(finding?.title).toBe('Pushes go to more than 2 devices (showing the first 2 devices)');
    expect(finding?.explanation).toContain('Horizon read the first 2 registrations and stopped');
    expect(severalBindingsRule(facts({ bindings: read, bindingsCapped: false }))?.title).toBe(
      'Pushes go to 2 devices',
    );
  });

  it(`flags a registration older than ${STALE_BINDING_DAYS} days as the likely source of pushes`, () => {
    const stale = binding('3', '2024-06-01T00:00:00Z');
    const finding = staleBindingRule(facts({ bindings: [binding('1', '2025-02-28T00:00:00Z'), stale] }));
    expect(finding).toMatchObject({ id: 'old-device', severity: 'problem' });
    expect(finding?.title).toBe("A device hasn't refreshed its registration for 273 days");
    expect(finding?.fix).toMatchObject({ kind: 'remove-binding', binding: { sid: stale.sid } });
  });

  it('leaves a registration younger than the threshold alone', () => {
    const young = binding(
      '1',
      new Date(Date.parse('2025-03-01T12:00:00Z') - (STALE_BINDING_DAYS - 1) * 86_400_000).toISOString(),
    );
    expect(staleBindingRule(facts({ bindings: [young] }))).toBeNull();
  });

  it('takes the creation date when a binding never updated', () => {
    const finding = staleBindingRule(
      facts({ bindings: [{ ...binding('4', '2024-01-01T00:00:00Z'), dateUpdated: null }] }),
    );
    expect(finding?.id).toBe('old-device');
  });
});

describe('is_notifiable', () => {
  it("warns only when Twilio says the user can't be notified", () => {
    expect(notifiableRule(facts({ isNotifiable: false }))?.evidence[0]?.value).toBe('false');
    expect(notifiableRule(facts({ isNotifiable: true }))).toBeNull();
    expect(notifiableRule(facts({ isNotifiable: null }))).toBeNull();
  });
});
