// Push notifications in the fake: a service's push settings and the device registrations (bindings) of its users.
// Chat and Conversations share them, as they share SIDs. Their wire JSON is in push-wire.ts (and, for Chat v2's
// service.notifications, chatNotificationsJson below, which wire.ts's serviceJson uses).

export type BindingType = 'apn' | 'gcm' | 'fcm' | 'twilsock';
export const CHAT_BINDING_TYPES: readonly BindingType[] = ['gcm', 'apn', 'fcm'];
export const CONVERSATIONS_BINDING_TYPES: readonly BindingType[] = ['apn', 'gcm', 'fcm', 'twilsock'];

export interface BindingRecord {
  seq: number;
  sid: string;
  serviceSid: string;
  userSid: string;
  identity: string;
  bindingType: BindingType;
  endpoint: string;
  credentialSid: string;
  messageTypes: string[];
  dateCreated: Date;
  dateUpdated: Date;
}

export interface PushNotice {
  enabled: boolean;
  template: string | null;
  sound: string | null;
}

export interface ServiceNotifications {
  logEnabled: boolean;
  newMessage: PushNotice & { badgeCountEnabled: boolean };
  addedToChannel: PushNotice;
  removedFromChannel: PushNotice;
  invitedToChannel: PushNotice;
}

const off: PushNotice = { enabled: false, template: null, sound: null };

/** Twilio's defaults for a new service: every push off. */
export const DEFAULT_NOTIFICATIONS: ServiceNotifications = {
  logEnabled: false,
  newMessage: { ...off, badgeCountEnabled: false },
  addedToChannel: off,
  removedFromChannel: off,
  invitedToChannel: off,
};

export const notice = (n: PushNotice) => ({ enabled: n.enabled, template: n.template, sound: n.sound });

/** Chat v2 service `notifications` (snake_case objects). */
export function chatNotificationsJson(n: ServiceNotifications = DEFAULT_NOTIFICATIONS) {
  return {
    log_enabled: n.logEnabled,
    new_message: { ...notice(n.newMessage), badge_count_enabled: n.newMessage.badgeCountEnabled },
    added_to_channel: notice(n.addedToChannel),
    removed_from_channel: notice(n.removedFromChannel),
    invited_to_channel: notice(n.invitedToChannel),
  };
}
