// Every resource the fake serves, checked against Twilio's field set, types and nullability (strict: no extra keys).
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeTwilio, type FakeTwilio } from './fake-twilio.ts';
import { SEED } from './seed.ts';
import { call } from './test-support.ts';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-f]{32}$`));
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
const chatUrl = z.string().startsWith('https://chat.twilio.com/v2/');
const conversationsUrl = z.string().startsWith('https://conversations.twilio.com/v1/');
const jsonString = z.string().refine((s) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}, 'a JSON string');

const meta = (key: string, host: string) =>
  z.strictObject({
    page: z.int().min(0),
    page_size: z.int().min(1),
    first_page_url: z.string().startsWith(host),
    previous_page_url: z.string().startsWith(host).nullable(),
    url: z.string().startsWith(host),
    next_page_url: z.string().startsWith(host).nullable(),
    key: z.literal(key),
  });

const userChannelV2 = z.strictObject({
  account_sid: sid('AC'),
  service_sid: sid('IS'),
  channel_sid: sid('CH'),
  user_sid: sid('US'),
  member_sid: sid('MB'),
  status: z.enum(['joined', 'invited', 'not_participating']),
  last_consumed_message_index: z.int().min(0).nullable(),
  unread_messages_count: z.int().min(0).nullable(),
  notification_level: z.enum(['default', 'muted']),
  url: chatUrl,
  links: z.strictObject({ channel: chatUrl, member: chatUrl }),
});

const userChannelV1 = z.strictObject({
  account_sid: sid('AC'),
  service_sid: sid('IS'),
  channel_sid: sid('CH'),
  member_sid: sid('MB'),
  status: z.enum(['joined', 'invited', 'not_participating']),
  last_consumed_message_index: z.int().min(0).nullable(),
  unread_messages_count: z.int().min(0).nullable(),
  links: z.strictObject({ channel: z.url(), member: z.url() }),
});

const userConversation = z.strictObject({
  account_sid: sid('AC'),
  chat_service_sid: sid('IS'),
  conversation_sid: sid('CH'),
  unread_messages_count: z.int().min(0).max(1000).nullable(),
  last_read_message_index: z.int().min(0).nullable(),
  participant_sid: sid('MB'),
  user_sid: sid('US'),
  friendly_name: z.string().nullable(),
  conversation_state: z.enum(['inactive', 'active', 'closed']),
  timers: z.strictObject({ date_inactive: date.optional(), date_closed: date.optional() }),
  attributes: jsonString,
  date_created: date,
  date_updated: date,
  created_by: z.string().nullable(),
  notification_level: z.enum(['default', 'muted']),
  unique_name: z.string().nullable(),
  url: conversationsUrl,
  links: z.strictObject({ participant: conversationsUrl, conversation: conversationsUrl }),
});

const user = z.strictObject({
  sid: sid('US'),
  account_sid: sid('AC'),
  service_sid: sid('IS'),
  attributes: jsonString,
  friendly_name: z.string().nullable(),
  role_sid: sid('RL'),
  identity: z.string(),
  is_online: z.boolean().nullable(),
  is_notifiable: z.boolean().nullable(),
  date_created: date,
  date_updated: date,
  joined_channels_count: z.int().min(0),
  links: z.strictObject({ user_channels: chatUrl, user_bindings: chatUrl }),
  url: chatUrl,
});

const channel = z.strictObject({
  sid: sid('CH'),
  account_sid: sid('AC'),
  service_sid: sid('IS'),
  friendly_name: z.string().nullable(),
  unique_name: z.string().nullable(),
  attributes: jsonString,
  type: z.enum(['public', 'private']),
  date_created: date,
  date_updated: date,
  created_by: z.string().nullable(),
  members_count: z.int().min(0),
  messages_count: z.int().min(0),
  url: chatUrl,
  links: z.strictObject({
    members: chatUrl,
    messages: chatUrl,
    invites: chatUrl,
    webhooks: chatUrl,
    last_message: chatUrl.nullable(),
  }),
});

const member = z.strictObject({
  sid: sid('MB'),
  account_sid: sid('AC'),
  channel_sid: sid('CH'),
  service_sid: sid('IS'),
  identity: z.string(),
  date_created: date,
  date_updated: date,
  role_sid: sid('RL'),
  last_consumed_message_index: z.int().min(0).nullable(),
  last_consumption_timestamp: date.nullable(),
  url: chatUrl,
  attributes: jsonString,
});

const message = z.strictObject({
  sid: sid('IM'),
  account_sid: sid('AC'),
  attributes: jsonString,
  service_sid: sid('IS'),
  to: sid('CH'),
  channel_sid: sid('CH'),
  date_created: date,
  date_updated: date,
  last_updated_by: z.string().nullable(),
  was_edited: z.boolean(),
  from: z.string(),
  body: z.string().min(1),
  index: z.int().min(0),
  type: z.literal('text'),
  media: z.null(),
  url: chatUrl,
});

const service = z.strictObject({
  sid: sid('IS'),
  account_sid: sid('AC'),
  friendly_name: z.string(),
  date_created: date,
  date_updated: date,
  default_service_role_sid: sid('RL'),
  default_channel_role_sid: sid('RL'),
  default_channel_creator_role_sid: sid('RL'),
  read_status_enabled: z.boolean(),
  reachability_enabled: z.boolean(),
  typing_indicator_timeout: z.int(),
  consumption_report_interval: z.int(),
  limits: z.strictObject({ channel_members: z.int().max(1000), user_channels: z.int().max(1000) }),
  pre_webhook_url: z.string().nullable(),
  post_webhook_url: z.string().nullable(),
  webhook_method: z.string().nullable(),
  webhook_filters: z.array(z.string()),
  pre_webhook_retry_count: z.int(),
  post_webhook_retry_count: z.int(),
  notifications: z.record(z.string(), z.unknown()),
  media: z.strictObject({ size_limit_mb: z.int(), compatibility_message: z.string() }),
  url: chatUrl,
  links: z.strictObject({ channels: chatUrl, users: chatUrl, roles: chatUrl, bindings: chatUrl }),
});

const conversationService = z.strictObject({
  account_sid: sid('AC'),
  sid: sid('IS'),
  friendly_name: z.string(),
  date_created: date,
  date_updated: date,
  url: conversationsUrl,
  links: z.record(z.string(), conversationsUrl),
});

const S = SEED.services.support.sid;
let fake: FakeTwilio;
beforeEach(() => {
  fake = createFakeTwilio();
});

async function expectShape(path: string, schema: z.ZodType) {
  const { status, json } = await call(fake, path);
  expect(status, path).toBe(200);
  const result = schema.safeParse(json);
  expect(result.success ? 'ok' : z.prettifyError(result.error), path).toBe('ok');
  return json;
}

describe('wire format', () => {
  it('Chat v2 user channels (list and fetch), for every seeded membership of Busy Bee', async () => {
    const list = await expectShape(
      `/chat/v2/Services/${S}/Users/busy.bee%40example.com/Channels?PageSize=1000`,
      z.strictObject({
        channels: z.array(userChannelV2).length(120),
        meta: meta('channels', 'https://chat.twilio.com/v2/'),
      }),
    );
    await expectShape(
      `/chat/v2/Services/${S}/Users/busy.bee%40example.com/Channels/${list.channels[0].channel_sid}`,
      userChannelV2,
    );
  });

  it('Chat v1 and ip-messaging v1 user channels, each with its own host in URLs', async () => {
    const v1 = await expectShape(
      `/chat/v1/Services/${S}/Users/alice%40example.com/Channels`,
      z.strictObject({
        channels: z.array(userChannelV1).length(6),
        meta: meta('channels', 'https://chat.twilio.com/v1/'),
      }),
    );
    expect(v1.channels[0].links.channel).toMatch(/^https:\/\/chat\.twilio\.com\/v1\/Services\//);
    const ipm = await expectShape(
      `/ip-messaging/v1/Services/${S}/Users/alice%40example.com/Channels`,
      z.strictObject({
        channels: z.array(userChannelV1).length(6),
        meta: meta('channels', 'https://ip-messaging.twilio.com/v1/'),
      }),
    );
    expect(ipm.channels[0].links.member).toMatch(/^https:\/\/ip-messaging\.twilio\.com\/v1\/Services\//);
  });

  it('Conversations user conversations, default-service and service-scoped', async () => {
    const body = z.strictObject({
      conversations: z.array(userConversation).length(6),
      meta: meta('conversations', 'https://conversations.twilio.com/v1/'),
    });
    const plain = await expectShape('/conversations/v1/Users/alice%40example.com/Conversations', body);
    expect(plain.conversations[0].url).toMatch(/^https:\/\/conversations\.twilio\.com\/v1\/Users\/US/);
    const scoped = await expectShape(
      `/conversations/v1/Services/${S}/Users/alice%40example.com/Conversations`,
      body,
    );
    expect(scoped.conversations[0].url).toMatch(
      new RegExp(`^https://conversations\\.twilio\\.com/v1/Services/${S}/Users/US`),
    );
    await expectShape(
      `/conversations/v1/Users/alice%40example.com/Conversations/${SEED.channels.general.sid}`,
      userConversation,
    );
  });

  it('services, users, channels, members and messages', async () => {
    await expectShape(
      '/chat/v2/Services',
      z.strictObject({
        services: z.array(service).length(2),
        meta: meta('services', 'https://chat.twilio.com/v2/'),
      }),
    );
    await expectShape(`/chat/v2/Services/${S}`, service);
    await expectShape(
      '/conversations/v1/Services',
      z.strictObject({
        services: z.array(conversationService).length(2),
        meta: meta('services', 'https://conversations.twilio.com/v1/'),
      }),
    );
    await expectShape(
      `/chat/v2/Services/${S}/Users`,
      z.strictObject({ users: z.array(user).min(6), meta: meta('users', 'https://chat.twilio.com/v2/') }),
    );
    await expectShape(`/chat/v2/Services/${S}/Users/${SEED.users.alice.sid}`, user);
    await expectShape(`/chat/v2/Services/${S}/Channels/general`, channel);
    await expectShape(
      `/chat/v2/Services/${S}/Channels?Type=public&Type=private&PageSize=100`,
      z.strictObject({
        channels: z.array(channel).length(100),
        meta: meta('channels', 'https://chat.twilio.com/v2/'),
      }),
    );
    await expectShape(
      `/chat/v2/Services/${S}/Channels/general/Members`,
      z.strictObject({
        members: z.array(member).min(3),
        meta: meta('members', 'https://chat.twilio.com/v2/'),
      }),
    );
    await expectShape(`/chat/v2/Services/${S}/Channels/general/Members/alice%40example.com`, member);
    const messages = await expectShape(
      `/chat/v2/Services/${S}/Channels/general/Messages?PageSize=100`,
      z.strictObject({
        messages: z.array(message).length(100),
        meta: meta('messages', 'https://chat.twilio.com/v2/'),
      }),
    );
    await expectShape(
      `/chat/v2/Services/${S}/Channels/general/Messages/${messages.messages[5].sid}`,
      message,
    );
  });

  it('Conversations users, default and service-scoped', async () => {
    const plain = await call(fake, '/conversations/v1/Users/alice%40example.com');
    expect(plain.status).toBe(200);
    expect(plain.json).toMatchObject({
      sid: SEED.users.alice.sid,
      chat_service_sid: S,
      identity: 'alice@example.com',
    });
    const sales = await call(
      fake,
      `/conversations/v1/Services/${SEED.services.sales.sid}/Users/carol%40example.com`,
    );
    expect(sales.json.url).toBe(
      `https://conversations.twilio.com/v1/Services/${SEED.services.sales.sid}/Users/${SEED.users.carol.sid}`,
    );
    // Carol is not in the default (first) service.
    expect((await call(fake, '/conversations/v1/Users/carol%40example.com')).status).toBe(404);
  });

  it('errors have Twilio’s legacy shape', async () => {
    const { status, json, headers } = await call(
      fake,
      `/chat/v2/Services/${S}/Users/ghost%40example.com/Channels`,
    );
    expect(status).toBe(404);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(json).toEqual({
      code: 20404,
      message: `The requested resource /Services/${S}/Users/ghost%40example.com/Channels was not found`,
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
  });
});
