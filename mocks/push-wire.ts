// Push records → Twilio's JSON: bindings (Chat v2 user and service bindings, Conversations service bindings) and
// Conversations' Configuration/Notifications. Chat v2's service.notifications is built in push.ts for wire.ts.
import { type BindingRecord, DEFAULT_NOTIFICATIONS, notice, type ServiceNotifications } from './push.ts';
import { CHAT_V2, isoDate } from './wire.ts';
import { CONVERSATIONS_V1 } from './wire-conversations.ts';

/** conversations.v1.service.service_configuration.service_notification */
export function conversationsNotificationsJson(
  serviceSid: string,
  accountSid: string,
  n: ServiceNotifications = DEFAULT_NOTIFICATIONS,
) {
  return {
    account_sid: accountSid,
    chat_service_sid: serviceSid,
    new_message: {
      ...notice(n.newMessage),
      badge_count_enabled: n.newMessage.badgeCountEnabled,
      with_media: { enabled: false, template: null },
    },
    added_to_conversation: notice(n.addedToChannel),
    removed_from_conversation: notice(n.removedFromChannel),
    log_enabled: n.logEnabled,
    url: `${CONVERSATIONS_V1}/Services/${serviceSid}/Configuration/Notifications`,
  };
}

function bindingFields(b: BindingRecord, accountSid: string) {
  return {
    sid: b.sid,
    account_sid: accountSid,
    date_created: isoDate(b.dateCreated),
    date_updated: isoDate(b.dateUpdated),
    endpoint: b.endpoint,
    identity: b.identity,
    credential_sid: b.credentialSid,
    binding_type: b.bindingType,
    message_types: b.messageTypes,
  };
}

/** chat.v2.service.user.user_binding */
export function chatUserBindingJson(b: BindingRecord, accountSid: string) {
  return {
    ...bindingFields(b, accountSid),
    service_sid: b.serviceSid,
    user_sid: b.userSid,
    url: `${CHAT_V2}/Services/${b.serviceSid}/Users/${b.userSid}/Bindings/${b.sid}`,
  };
}

/** chat.v2.service.binding */
export function chatServiceBindingJson(b: BindingRecord, accountSid: string) {
  const url = `${CHAT_V2}/Services/${b.serviceSid}/Bindings/${b.sid}`;
  return {
    ...bindingFields(b, accountSid),
    service_sid: b.serviceSid,
    url,
    links: { user: `${CHAT_V2}/Services/${b.serviceSid}/Users/${b.userSid}` },
  };
}

/** conversations.v1.service.service_binding */
export function conversationsBindingJson(b: BindingRecord, accountSid: string) {
  return {
    ...bindingFields(b, accountSid),
    chat_service_sid: b.serviceSid,
    url: `${CONVERSATIONS_V1}/Services/${b.serviceSid}/Bindings/${b.sid}`,
  };
}
