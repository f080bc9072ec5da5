import type { PathSegments } from '../api-client.ts';
import type { ApiProfile } from './api-profiles.ts';
import type {
  ChannelInfo,
  MemberInfo,
  Membership,
  MembershipPage,
  MembershipPatch,
  MessageSummary,
  ServiceSummary,
  UserSummary,
} from './membership.ts';

/** What goes with a change besides its values. */
export interface ChangeOptions {
  /** The agent's reason or ticket number, kept in the history. */
  reason?: string;
}

export interface ListArgs {
  service: string;
  /** Identity or US… SID, exactly as the agent typed it (the client encodes it). */
  user: string;
  pageSize: number;
  /** null = the first page. */
  token: string | null;
  signal?: AbortSignal;
}

/** What the console needs from one Twilio API. One implementation per API turns its wire shapes into ours. */
export interface MembershipAdapter {
  /** What this API can do and the words it uses (views read these, never the API's name). */
  profile: ApiProfile;
  listServices(signal?: AbortSignal): Promise<ServiceSummary[]>;
  fetchUser(service: string, user: string, signal?: AbortSignal): Promise<UserSummary>;
  listMemberships(args: ListArgs): Promise<MembershipPage>;
  fetchMembership(service: string, user: string, channel: string, signal?: AbortSignal): Promise<Membership>;
  /** null when the API has no separate channel resource the console may read (Conversations carries names inline). */
  fetchChannel: ((service: string, channel: string, signal?: AbortSignal) => Promise<ChannelInfo>) | null;
  fetchMember:
    | ((service: string, channel: string, member: string, signal?: AbortSignal) => Promise<MemberInfo>)
    | null;
  /** The newest message's index, null when the channel has no messages. */
  fetchNewestMessageIndex:
    | ((service: string, channel: string, signal?: AbortSignal) => Promise<number | null>)
    | null;
  /** The channel's newest `count` messages, newest first. */
  listNewestMessages:
    | ((service: string, channel: string, count: number, signal?: AbortSignal) => Promise<MessageSummary[]>)
    | null;
  /** Absent for read-only APIs. */
  updateMembership:
    | ((
        service: string,
        user: string,
        channel: string,
        patch: MembershipPatch,
        options?: ChangeOptions,
      ) => Promise<Membership>)
    | null;
  removeMembership:
    | ((service: string, user: string, channel: string, options?: ChangeOptions) => Promise<void>)
    | null;
  /** The path of the record holding the membership's notification level (what a timed mute changes); null if read-only. */
  membershipPath: ((service: string, user: string, channel: string) => PathSegments) | null;
}
