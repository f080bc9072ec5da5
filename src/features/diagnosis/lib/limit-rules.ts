// The user's memberships against Twilio's limit: Chat's per-service limits.user_channels, or Conversations' fixed
// 1000 conversations per identity (Chat channels included). Past it, adding the user anywhere fails (error 50214).
import type { ApiKind, Membership } from '../../../lib/twilio/membership.ts';
import { type Finding, SOURCES } from './finding.ts';

export const CONVERSATIONS_PER_IDENTITY = 1000;
/** Warn from this share of the limit on. */
export const NEAR_LIMIT_SHARE = 0.9;

export interface LimitFacts {
  api: ApiKind;
  /** How many memberships the user has (the user's joined_channels_count, or the rows counted). */
  count: number | null;
  /** Chat v2's service limits.user_channels; ignored for Conversations. */
  userChannelsLimit: number | null;
  /** The memberships loaded so far, to offer the ones that bring nothing for removal. */
  rows: readonly Membership[];
}

/** Memberships that bring no messages: closed or inactive conversations, and channels the user is no longer in. */
export function idleMemberships(rows: readonly Membership[]): Membership[] {
  return rows.filter(
    (row) =>
      row.conversation?.state === 'closed' ||
      row.conversation?.state === 'inactive' ||
      row.status === 'not_participating',
  );
}

export function membershipLimitRule({ api, count, userChannelsLimit, rows }: LimitFacts): Finding | null {
  const limit = api === 'conversations' ? CONVERSATIONS_PER_IDENTITY : userChannelsLimit;
  if (count === null || limit === null || limit <= 0 || count < limit * NEAR_LIMIT_SHARE) return null;
  const atLimit = count >= limit;
  const idle = idleMemberships(rows);
  const noun = api === 'conversations' ? 'conversations' : 'channels';
  return {
    id: atLimit ? 'at-limit' : 'near-limit',
    topic: 'limits',
    severity: atLimit ? 'problem' : 'warning',
    title: atLimit
      ? `At the limit: ${count} of ${limit} ${noun}`
      : `Near the limit: ${count} of ${limit} ${noun}`,
    explanation:
      `Twilio refuses to add this user to more ${noun} once they are in ${limit}. ` +
      (idle.length > 0
        ? `${idle.length} of the loaded ${noun} are closed, inactive or left, and bring no messages: removing them makes room.`
        : `Load all ${noun} to find closed or inactive ones to remove.`),
    evidence: [
      { label: `The user's ${noun}`, value: String(count), source: 'User joined_channels_count' },
      {
        label: 'Limit',
        value: String(limit),
        source: api === 'conversations' ? SOURCES.conversationsLimit : SOURCES.userChannelsLimit,
      },
    ],
    symptoms: [],
    fix:
      idle.length > 0
        ? {
            kind: 'select-memberships',
            label: `Select the ${idle.length} closed or inactive for removal`,
            channelSids: idle.map((row) => row.channelSid),
          }
        : undefined,
  };
}
