import { SEED } from '../mocks/seed.ts';
import { decodedPath, type FakeLogEntry, type HorizonApi } from './fixtures.ts';

// The seed's identities and SIDs (mocks/seed.ts is the one source); what the tests expect to *see* is read from
// Horizon's /api at run time rather than copied here.

export const SUPPORT = SEED.services.support;
export const SALES = SEED.services.sales;
export const USERS = SEED.users;
export const CHANNELS = SEED.channels;

type SeedUser = (typeof USERS)[keyof typeof USERS];
type SeedChannel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** Twilio paths (under /api) of the seed's resources. */
export const twilio = {
  chatUserChannels: (user: SeedUser) =>
    `/api/chat/v2/Services/${user.serviceSid}/Users/${encodeURIComponent(user.identity)}/Channels`,
  chatUserChannel: (user: SeedUser, channel: SeedChannel) =>
    `${twilio.chatUserChannels(user)}/${channel.sid}`,
  chatChannel: (channel: SeedChannel) =>
    `/api/chat/v2/Services/${channel.serviceSid}/Channels/${channel.sid}`,
  chatMessages: (channel: SeedChannel, query = '') =>
    `/api/chat/v2/Services/${channel.serviceSid}/Channels/${channel.sid}/Messages${query}`,
  conversationsUserConversation: (user: SeedUser, channel: SeedChannel) =>
    `/api/conversations/v1/Services/${user.serviceSid}/Users/${encodeURIComponent(user.identity)}/Conversations/${channel.sid}`,
};

export interface UserChannel {
  channel_sid: string;
  status: string;
  notification_level: string;
  last_consumed_message_index: number | null;
  unread_messages_count: number | null;
}

export interface UserConversation {
  conversation_sid: string;
  notification_level: string;
  last_read_message_index: number | null;
  unread_messages_count: number | null;
}

/** The name the console shows for a channel: friendly name, else unique name, else SID (issue 3). */
export async function channelLabel(api: HorizonApi, channel: SeedChannel): Promise<string> {
  const record = await api.json<{ friendly_name: string | null; unique_name: string | null; sid: string }>(
    twilio.chatChannel(channel),
  );
  return record.friendly_name ?? record.unique_name ?? record.sid;
}

/** The indices of a channel's newest messages, newest first. */
export async function newestMessageIndices(api: HorizonApi, channel: SeedChannel, count: number) {
  const page = await api.json<{ messages: { index: number }[] }>(
    twilio.chatMessages(channel, `?Order=desc&PageSize=${count}`),
  );
  return page.messages.map((message) => message.index);
}

/** The user segment of a logged Twilio path, decoded once (null when the path isn't a user's list or record). */
export function loggedUser(entry: FakeLogEntry): string | null {
  const match = /\/Users\/([^/]+)\/(?:Channels|Conversations)(?:\/[^/]+)?$/.exec(entry.path);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** Log entries for GETs of one user's channel (or conversation) list, any page. */
export function listRequests(log: FakeLogEntry[], user: SeedUser, product = '/chat/v2/'): FakeLogEntry[] {
  const suffix = product.startsWith('/conversations') ? '/Conversations' : '/Channels';
  return log.filter(
    (entry) =>
      entry.method === 'GET' &&
      entry.path.startsWith(product) &&
      entry.path.endsWith(suffix) &&
      loggedUser(entry) === user.identity,
  );
}

/** Log entries for changes (POST/DELETE) of one membership. */
export function changeRequests(log: FakeLogEntry[], channel: SeedChannel): FakeLogEntry[] {
  return log.filter((entry) => entry.method !== 'GET' && decodedPath(entry).endsWith(`/${channel.sid}`));
}

/** Every user-channel record Twilio (the fake) holds for the user, following its cursors. */
export async function allUserChannels(api: HorizonApi, user: SeedUser): Promise<UserChannel[]> {
  const rows: UserChannel[] = [];
  let path: string | null = `${twilio.chatUserChannels(user)}?PageSize=50`;
  while (path) {
    const page: { channels: UserChannel[]; meta: { next_page_url: string | null } } = await api.json(path);
    rows.push(...page.channels);
    const token: string | null = page.meta.next_page_url
      ? new URL(page.meta.next_page_url).searchParams.get('PageToken')
      : null;
    path = token
      ? `${twilio.chatUserChannels(user)}?PageSize=50&PageToken=${encodeURIComponent(token)}`
      : null;
  }
  return rows;
}
