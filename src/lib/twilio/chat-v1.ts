import * as z from 'zod/mini';
import { URL_SPACE } from '../../../url-space/url-space.ts';
import { api, TwilioError } from '../api-client.ts';
import type { MembershipAdapter } from './adapter.ts';
import { chatV1Profile } from './api-profiles.ts';
import { chatV2Adapter } from './chat-v2.ts';
import { listEnvelope, pageInfoFromMeta } from './list.ts';
import { type Membership, normaliseStatus } from './membership.ts';

const V1 = URL_SPACE['chat-v1'].segments;

/** Chat v1 UserChannel (list only): no user_sid, url or notification_level. */
export const chatV1UserChannelSchema = z.object({
  account_sid: z.nullish(z.string()),
  service_sid: z.string(),
  channel_sid: z.string(),
  member_sid: z.nullish(z.string()),
  status: z.enum(['joined', 'invited', 'not_participating', 'notParticipating']),
  last_consumed_message_index: z.nullable(z.int()),
  unread_messages_count: z.nullable(z.int()),
  links: z.nullish(z.object({ channel: z.string(), member: z.string() })),
});

export function chatV1ToMembership(raw: z.infer<typeof chatV1UserChannelSchema>): Membership {
  return {
    api: 'chat-v1',
    serviceSid: raw.service_sid,
    channelSid: raw.channel_sid,
    memberSid: raw.member_sid ?? null,
    userSid: null,
    status: normaliseStatus(raw.status),
    lastReadIndex: raw.last_consumed_message_index,
    unread: raw.unread_messages_count,
    unreadCapped: false,
    notificationLevel: null,
    friendlyName: null,
    uniqueName: null,
    unreadPending: false,
    conversation: null,
  };
}

/** v1 lists accept up to 1000 a page: a deep link to one membership walks the list in few requests. */
const V1_SCAN_PAGE_SIZE = 1000;

export const chatV1Adapter: MembershipAdapter = {
  profile: chatV1Profile,
  listServices: chatV2Adapter.listServices,

  // Chat v1 and v2 share services, users and channels (same SIDs); v1 itself only lists a user's channels, so the
  // user and the channel names are read through the v2 resources (the only ones Horizon's proxy forwards).
  fetchUser: chatV2Adapter.fetchUser,

  async listMemberships({ service, user, pageSize, token, signal }) {
    const body = await api.get(
      [...V1, 'Services', service, 'Users', user, 'Channels'],
      listEnvelope('channels', chatV1UserChannelSchema),
      { query: { PageSize: pageSize, PageToken: token ?? undefined }, signal },
    );
    return { rows: body.channels.map(chatV1ToMembership), pageSize, ...pageInfoFromMeta(body.meta) };
  },

  // v1 has no fetch for one user channel: find it in the list.
  async fetchMembership(service, user, channel, signal) {
    let token: string | null = null;
    do {
      const page = await chatV1Adapter.listMemberships({
        service,
        user,
        pageSize: V1_SCAN_PAGE_SIZE,
        token,
        signal,
      });
      const found = page.rows.find((row) => row.channelSid === channel);
      if (found) return found;
      token = page.nextToken;
    } while (token);
    throw new TwilioError({
      status: 404,
      code: 20404,
      message: `User ${user} is not a member of channel ${channel}`,
      moreInfo: 'https://www.twilio.com/docs/errors/20404',
    });
  },

  fetchChannel: chatV2Adapter.fetchChannel,
  fetchMember: null,
  fetchNewestMessageIndex: null,
  // The read-horizon panel shows v1 channels' newest messages through Chat v2 (same channel SIDs).
  listNewestMessages: chatV2Adapter.listNewestMessages,
  updateMembership: null,
  removeMembership: null,
  membershipPath: null,
};
