// Why a user does or doesn't get pushes for a channel: their notification level, the service's push settings, the
// devices registered for their identity, and Twilio's is_notifiable.
import {
  daysBetween,
  type Finding,
  formatDay,
  type MembershipRule,
  type PushBinding,
  SOURCES,
  type UserRule,
} from './finding.ts';

/** A registration not refreshed for this long is most likely a phone or an app install the user no longer uses. */
export const STALE_BINDING_DAYS = 60;

const KIND_NAMES: Record<string, string> = {
  apn: 'iPhone / iPad (APNs)',
  fcm: 'Android or web (FCM)',
  gcm: 'Android (GCM, legacy)',
  twilsock: 'an open app connection (twilsock)',
};

export const bindingKindName = (kind: string) => KIND_NAMES[kind] ?? kind;

/** When the device last registered: its update date, or its creation date when it never updated. */
export const lastSeen = (binding: PushBinding) => binding.dateUpdated ?? binding.dateCreated;

export function describeBinding(binding: PushBinding): string {
  return `${bindingKindName(binding.kind)}, registered ${formatDay(binding.dateCreated)}, last updated ${formatDay(
    binding.dateUpdated,
  )}`;
}

function bindingEvidence(bindings: readonly PushBinding[], source: string) {
  return bindings.map((binding, i) => ({
    label: `Device ${i + 1}`,
    value: describeBinding(binding),
    source,
  }));
}

/** Oldest registration first. */
function byLastSeen(bindings: readonly PushBinding[]): PushBinding[] {
  return [...bindings].sort((a, b) => Date.parse(lastSeen(a) ?? '') - Date.parse(lastSeen(b) ?? ''));
}

export const notificationLevelRule: MembershipRule = ({ api, membership }) => {
  const level = membership.notificationLevel;
  if (level === null) return null;
  const evidence = [{ label: 'Notifications', value: level, source: SOURCES.notificationLevel(api) }];
  if (level === 'muted') {
    return {
      id: 'muted',
      topic: 'pushes',
      severity: 'info',
      title: 'Muted: no pushes for new messages here',
      explanation:
        'Twilio sends no new-message push for this channel to this user, on any device. Pushes that still ' +
        'arrive come from other channels, from invitations, or from a device registered under this identity.',
      evidence,
      symptoms: [],
    };
  }
  return {
    id: 'pushes-on',
    topic: 'pushes',
    severity: 'info',
    title: 'Pushes are on for this channel',
    explanation:
      'Every new message here sends a push to each device registered for this user (when the service sends ' +
      'new-message pushes). Muting stops them for this channel only.',
    evidence,
    symptoms: ['pushes'],
    fix: {
      kind: 'membership-change',
      label: 'Mute for this user',
      patch: { notificationLevel: 'muted' },
      afterwards: 'Their app stops getting pushes for new messages in this channel.',
    },
  };
};

export const servicePushRule: UserRule = ({ api, push }) => {
  if (push?.newMessageEnabled == null) return null;
  const evidence = [
    {
      label: 'New-message pushes',
      value: push.newMessageEnabled ? 'enabled' : 'disabled',
      source: SOURCES.servicePush(api),
    },
  ];
  if (push.newMessageEnabled) {
    return {
      id: 'service-push-on',
      topic: 'pushes',
      severity: 'info',
      title: 'The service sends a push for every new message',
      explanation:
        'Unless the user muted the channel, each new message is pushed to their registered devices.',
      evidence,
      symptoms: [],
    };
  }
  return {
    id: 'service-push-off',
    topic: 'pushes',
    severity: 'info',
    title: 'The service sends no pushes for new messages',
    explanation:
      'New messages in this service push nothing, muted or not. Pushes the user gets come from somewhere else: ' +
      'another service, invitations, or their own app showing local notifications.',
    evidence,
    symptoms: ['pushes'],
  };
};

export const noBindingsRule: UserRule = ({ api, bindings }) => {
  if (!bindings || bindings.length > 0) return null;
  return {
    id: 'no-devices',
    topic: 'pushes',
    severity: 'info',
    title: 'No device is registered for pushes',
    explanation:
      'Twilio has no push registration for this identity, so it pushes nothing to them from this service.',
    evidence: [{ label: 'Registered devices', value: '0', source: SOURCES.bindings(api) }],
    symptoms: ['pushes'],
  };
};

export const severalBindingsRule: UserRule = ({ api, bindings, bindingsCapped }) => {
  if (!bindings || bindings.length < 2) return null;
  const [oldest] = byLastSeen(bindings);
  return {
    id: 'several-devices',
    topic: 'pushes',
    severity: 'warning',
    title: bindingsCapped
      ? `Pushes go to more than ${bindings.length} devices (showing the first ${bindings.length} devices)`
      : `Pushes go to ${bindings.length} devices`,
    explanation:
      'Twilio pushes to every device registered for this identity. A second phone, a tablet or an app that was ' +
      'reinstalled keeps its registration and keeps getting pushes until it is removed.' +
      (bindingsCapped
        ? ` Horizon read the first ${bindings.length} registrations and stopped: the oldest offered is the ` +
          'oldest among them.'
        : ''),
    evidence: bindingEvidence(bindings, SOURCES.bindings(api)),
    symptoms: ['pushes'],
    fix: oldest && { kind: 'remove-binding', label: 'Remove the oldest device', binding: oldest },
  };
};

export const staleBindingRule: UserRule = ({ api, bindings, now }) => {
  const [oldest] = byLastSeen(bindings ?? []);
  const age = oldest ? daysBetween(lastSeen(oldest), now) : null;
  if (!oldest || age === null || age < STALE_BINDING_DAYS) return null;
  return {
    id: 'old-device',
    topic: 'pushes',
    severity: 'problem',
    title: `A device hasn't refreshed its registration for ${age} days`,
    explanation:
      `${bindingKindName(oldest.kind)} last registered on ${formatDay(lastSeen(oldest))}: usually an old phone ` +
      'or an uninstalled app. Twilio still pushes to it, which is often where "I still get pushes" comes from. ' +
      'Removing it stops pushes to that device; the app registers again if it is still in use.',
    evidence: [
      ...bindingEvidence([oldest], SOURCES.bindings(api)),
      { label: 'Days since last update', value: String(age), source: 'computed from date_updated' },
    ],
    symptoms: ['pushes'],
    fix: { kind: 'remove-binding', label: 'Remove this device', binding: oldest },
  };
};

export const notifiableRule: UserRule = ({ isNotifiable }) => {
  if (isNotifiable !== false) return null;
  return {
    id: 'not-notifiable',
    topic: 'pushes',
    severity: 'warning',
    title: "Twilio can't push to this user",
    explanation:
      'Twilio reports the user as not notifiable: no device has a working push registration. They get no pushes ' +
      'from this service until their app registers again.',
    evidence: [{ label: 'Notifiable', value: 'false', source: SOURCES.notifiable }],
    symptoms: ['pushes'],
  } satisfies Finding;
};

/** The user-wide push rules, shown after a lookup and in every drawer. */
export const USER_PUSH_RULES: readonly UserRule[] = [
  servicePushRule,
  noBindingsRule,
  severalBindingsRule,
  staleBindingRule,
  notifiableRule,
];

export const PUSH_RULES: readonly MembershipRule[] = [notificationLevelRule, ...USER_PUSH_RULES];
