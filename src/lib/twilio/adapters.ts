import type { MembershipAdapter } from './adapter.ts';
import { chatV1Adapter } from './chat-v1.ts';
import { chatV2Adapter } from './chat-v2.ts';
import { conversationsAdapter } from './conversations.ts';
import type { ApiKind } from './membership.ts';

export const adapters: Record<ApiKind, MembershipAdapter> = {
  'chat-v2': chatV2Adapter,
  'chat-v1': chatV1Adapter,
  conversations: conversationsAdapter,
};
