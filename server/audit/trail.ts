import type { Product } from '../allowlist.ts';
import type { Role } from '../config.ts';

// The contract between the audited change path (server/) and the store that keeps the trail (a JSONL file or
// PostgreSQL). A change is recorded twice: its intent, durably, before it is forwarded to Twilio, and its outcome
// after. An intent still without an outcome when the store opens (a crash in between) reads as outcome 'unknown'.

export type AuditOutcome =
  /** Intent recorded, not yet answered (only ever seen while the change is in flight). */
  | 'pending'
  /** Sent to Twilio; `status`/`errorCode` say what Twilio answered (a 504 means it may or may not have applied). */
  | 'forwarded'
  /** Horizon did not send it; `refusal` says why. */
  | 'refused'
  /** The intent was recorded but no outcome: the server stopped in between. It may have reached Twilio. */
  | 'unknown'
  /** Not sent: the record already held every value the change sets (`after` is that record). */
  | 'unchanged';

export type AuditEntry = {
  /** Unique, sortable by creation (time-ordered). */
  id: string;
  time: string;
  agent: string | null;
  role: Role | null;
  method: string;
  /** The /api path exactly as received (percent-encoded). */
  path: string;
  product: Product | null;
  service: string | null;
  /** The user segment as sent (decoded: an identity or a SID) and, when a record said so, the user's SID. */
  user: string | null;
  userSid: string | null;
  channel: string | null;
  channelSid: string | null;
  params: Record<string, string>;
  before: unknown;
  after: unknown;
  outcome: AuditOutcome;
  refusal: string | null;
  status: number | null;
  errorCode: number | null;
  /** The agent's optional reason or ticket number. */
  reason: string | null;
  /** The entry this change reverts (revert from history, undo), or null. */
  revertOf: string | null;
  /** The schedule that made this change (a timed mute running out), or null. */
  scheduleId: string | null;
};

export type AuditResult = Pick<
  AuditEntry,
  'outcome' | 'after' | 'status' | 'errorCode' | 'refusal' | 'userSid' | 'channelSid'
>;

export type AuditQuery = {
  service?: string;
  /** Matches the user segment as sent or the user's SID. */
  user?: string;
  /** Matches the channel segment as sent or the channel/conversation SID. */
  channel?: string;
  agent?: string;
  /** Part of the agent's reason or ticket number (case-insensitive): "ZD-4411" finds "ZD-4411 weekend". */
  reason?: string;
  /** 'POST' | 'DELETE', or a named action the store derives from params (e.g. 'mute'). */
  action?: string;
  outcome?: AuditOutcome;
  /** ISO times, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  limit?: number;
};

export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null };

export interface AuditTrail {
  /** Opens (or re-opens after a fault) the store; rejects while it cannot be written. Safe to call per change. */
  ready(): Promise<void>;
  /** Records the intent durably; resolves only once it would survive kill -9. `entry.outcome` is 'pending'. */
  begin(entry: AuditEntry): Promise<void>;
  /** Records the outcome of a begun change durably. */
  finish(id: string, result: AuditResult): Promise<void>;
  /** Records a change Horizon refused for a signed-in agent (one record, no intent). */
  refuse(entry: AuditEntry): Promise<void>;
  /** Newest first, with cursor paging. */
  query(query: AuditQuery): Promise<AuditPage>;
  /** One entry by id (revert from history), or null. */
  get(id: string): Promise<AuditEntry | null>;
  /** Waits for queued writes, then closes (SIGTERM). */
  close(): Promise<void>;
}
