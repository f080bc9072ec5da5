import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Product } from './allowlist.ts';
import type { Role } from './config.ts';

// The audit trail: one JSON line per mutation (allowed or refused), on disk and fsynced before the response returns.

export type AuditEntry = {
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
  outcome: 'forwarded' | 'refused';
  /** Why Horizon refused it (never forwarded), or null. */
  refusal: string | null;
  /** Twilio's HTTP status and error code; for refusals, Horizon's own answer. */
  status: number | null;
  errorCode: number | null;
};

export type AuditFilter = { service?: string; user?: string; channel?: string; limit?: number };

const KEEP_IN_MEMORY = 2000;
const TAIL_BYTES = 4 * 1024 * 1024;

type Pending = { line: string; entry: AuditEntry; resolve: () => void; reject: (error: unknown) => void };

export class AuditLog {
  private handle: Awaited<ReturnType<typeof open>> | null = null;
  private opening: Promise<void> | null = null;
  private failure: unknown = null;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private readonly entries: AuditEntry[] = [];

  constructor(
    readonly file: string,
    private readonly mirror: ((line: string) => void) | null = null,
  ) {}

  /** Opens the file (creating its folder) and loads its tail; rejects if the trail can't be written. */
  ready(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.opening ??= (async () => {
      await mkdir(dirname(this.file), { recursive: true });
      this.handle = await open(this.file, 'a+');
      const { size } = await this.handle.stat();
      const length = Math.min(size, TAIL_BYTES);
      if (length > 0) {
        const buffer = Buffer.alloc(length);
        await this.handle.read(buffer, 0, length, size - length);
        const text = buffer.toString('utf8');
        // A crash mid-write leaves a torn last line: end it, so the next entry starts on a line of its own.
        if (!text.endsWith('\n')) {
          await this.handle.appendFile('\n');
          await this.handle.datasync();
        }
        const lines = text.split('\n');
        if (length < size) lines.shift(); // the first line of a partial tail is cut
        for (const line of lines) {
          if (!line.trim()) continue;
          try {
            this.remember(JSON.parse(line) as AuditEntry);
          } catch {
            // A torn last line after a crash: skip it, the rest is still the trail.
          }
        }
      }
    })().catch((error) => {
      this.failure = error;
      throw error;
    });
    return this.opening;
  }

  /** Resolves once the line is on disk (fdatasync); rejects, and refuses all later writes, if it couldn't be. */
  async append(entry: AuditEntry): Promise<void> {
    await this.ready();
    const line = `${JSON.stringify(entry)}\n`;
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ line, entry, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  // Group commit: everything queued while the previous sync ran goes out in one write + one fdatasync.
  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        if (this.failure) throw this.failure;
        const handle = this.handle;
        if (!handle) throw new Error('audit log is closed');
        await handle.appendFile(batch.map((item) => item.line).join(''));
        await handle.datasync();
      } catch (error) {
        this.failure ??= error;
        for (const item of batch) item.reject(error);
        continue;
      }
      for (const item of batch) {
        this.remember(item.entry);
        this.mirror?.(item.line.trimEnd());
        item.resolve();
      }
    }
    this.flushing = null;
  }

  private remember(entry: AuditEntry): void {
    this.entries.push(entry);
    if (this.entries.length > KEEP_IN_MEMORY) this.entries.splice(0, this.entries.length - KEEP_IN_MEMORY);
  }

  /** Recent entries, newest first; `user`/`channel` match the segment as sent or the SID from the record. */
  recent(filter: AuditFilter = {}): AuditEntry[] {
    const limit = filter.limit ?? 50;
    const found: AuditEntry[] = [];
    for (let index = this.entries.length - 1; index >= 0 && found.length < limit; index--) {
      const entry = this.entries[index] as AuditEntry;
      if (filter.service && entry.service !== filter.service) continue;
      if (filter.user && entry.user !== filter.user && entry.userSid !== filter.user) continue;
      if (filter.channel && entry.channel !== filter.channel && entry.channelSid !== filter.channel) continue;
      found.push(entry);
    }
    return found;
  }

  /** Waits for queued lines, syncs and closes the file (SIGTERM). */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    while (this.flushing) await this.flushing;
    const handle = this.handle;
    this.handle = null;
    this.failure ??= new Error('audit log is closed');
    if (handle) {
      await handle.datasync().catch(() => undefined);
      await handle.close();
    }
  }
}
