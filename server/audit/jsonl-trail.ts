import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { matchesQuery, pageOf } from './query.ts';
import type { AuditEntry, AuditPage, AuditQuery, AuditResult, AuditTrail } from './trail.ts';

// The audit trail as a JSON Lines file. A change is two lines keyed by its id: the intent ({kind:'intent'}, written
// and fdatasynced before the change is forwarded) and the outcome ({kind:'outcome'}); a refusal is one line. Lines
// from the store before the write-ahead trail (no `kind`) still read as complete entries.

type IntentLine = { kind: 'intent'; entry: AuditEntry };
type OutcomeLine = { kind: 'outcome'; id: string; result: AuditResult };
type RefusalLine = { kind: 'refusal'; entry: AuditEntry };
type Line = IntentLine | OutcomeLine | RefusalLine;

/** Entries kept in memory for queries (the file keeps everything). */
const KEEP_IN_MEMORY = 5000;
/** How much of the file's end is read at open. */
const TAIL_BYTES = 8 * 1024 * 1024;

type Queued = { text: string; line: Line; resolve: () => void; reject: (error: unknown) => void };

export type JsonlTrailOptions = {
  /** Each line as written, for AUDIT_LOG_STDOUT. */
  mirror?: ((line: string) => void) | null;
  log?: (line: string) => void;
};

export class JsonlAuditTrail implements AuditTrail {
  private handle: FileHandle | null = null;
  private identity: { dev: number; ino: number } | null = null;
  private opening: Promise<void> | null = null;
  private loaded = false;
  private closed = false;
  private queue: Queued[] = [];
  private flushing: Promise<void> | null = null;
  /** A write failed part-way: the next one starts with a newline, so a torn line stays a line of its own. */
  private tornTail = false;
  /** Creation order (ids sort by time); `byId` holds the same objects. */
  private readonly entries: AuditEntry[] = [];
  private readonly byId = new Map<string, AuditEntry>();
  private readonly mirror: ((line: string) => void) | null;
  private readonly log: (line: string) => void;

  constructor(
    readonly file: string,
    options: JsonlTrailOptions = {},
  ) {
    this.mirror = options.mirror ?? null;
    this.log = options.log ?? ((line) => console.error(line));
  }

  /**
   * Opens the file (creating its folder), loading its tail the first time. Never latches a failure: after a full
   * disk or a deleted folder, the next call tries again, so the trail recovers once the fault is gone.
   */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('audit trail is closed'));
    if (this.handle) return Promise.resolve();
    this.opening ??= this.open().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async open(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const handle = await open(this.file, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o600);
    try {
      const info = await handle.stat();
      if (!this.loaded) {
        await this.load(handle, info.size);
        this.loaded = true;
      } else if (info.size === 0 && this.entries.length > 0) {
        // The file was deleted or emptied while Horizon ran: put back what it still holds in memory.
        const text = this.entries.map((entry) => this.linesFor(entry)).join('');
        await handle.appendFile(text);
        await handle.datasync();
        this.log(
          `audit trail ${this.file} was recreated with the ${this.entries.length} entries held in memory`,
        );
      }
      // The file's own name must survive a crash too, not just its contents.
      await syncFolder(dirname(this.file));
      this.identity = { dev: info.dev, ino: info.ino };
      this.handle = handle;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  private async load(handle: FileHandle, size: number): Promise<void> {
    const length = Math.min(size, TAIL_BYTES);
    if (length === 0) return;
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    const lines = text.split('\n');
    if (length < size) lines.shift(); // the first line of a partial tail is cut
    let legacy = 0;
    for (const raw of lines) {
      if (!raw.trim()) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        continue; // a line torn by a crash or a full disk: the rest is still the trail
      }
      if (!parsed || typeof parsed !== 'object') continue;
      const line = parsed as Partial<Line> & Partial<AuditEntry>;
      if (line.kind === 'intent' || line.kind === 'refusal') this.remember(line.entry as AuditEntry);
      else if (line.kind === 'outcome') this.applyOutcome(line.id as string, line.result as AuditResult);
      else if (typeof line.time === 'string') this.remember(upgradeLegacy(line, legacy++));
    }
    // An intent whose outcome never came: the server stopped between the two. It may have reached Twilio.
    for (const entry of this.entries) if (entry.outcome === 'pending') entry.outcome = 'unknown';
    if (!text.endsWith('\n')) this.tornTail = true;
  }

  begin(entry: AuditEntry): Promise<void> {
    return this.write({ kind: 'intent', entry: { ...entry, outcome: 'pending' } });
  }

  finish(id: string, result: AuditResult): Promise<void> {
    return this.write({ kind: 'outcome', id, result });
  }

  refuse(entry: AuditEntry): Promise<void> {
    return this.write({ kind: 'refusal', entry: { ...entry, outcome: 'refused' } });
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    return pageOf(
      this.entries.filter((entry) => matchesQuery(entry, query)),
      query,
    );
  }

  /** Resolves once the line is on disk (fdatasync); rejects (and the caller refuses the change) if it couldn't be. */
  private async write(line: Line): Promise<void> {
    await this.ready();
    const text = `${JSON.stringify(line)}\n`;
    await new Promise<void>((resolve, reject) => {
      this.queue.push({ text, line, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  // Group commit: everything queued while the previous sync ran goes out in one write + one fdatasync.
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        const handle = await this.checkedHandle();
        const text = (this.tornTail ? '\n' : '') + batch.map((item) => item.text).join('');
        this.tornTail = true; // until the write and the sync both succeed
        await handle.appendFile(text);
        await handle.datasync();
        this.tornTail = false;
      } catch (error) {
        // Not latched: this batch is refused, the next one reopens and tries again.
        await this.drop();
        for (const item of batch) item.reject(error);
        continue;
      }
      for (const item of batch) {
        this.applyLine(item.line);
        this.mirror?.(item.text.trimEnd());
        item.resolve();
      }
    }
    this.flushing = null;
  }

  /**
   * The open handle, if it still is the file at our path: a deleted or replaced file (or folder) would take every
   * later line with it, so it is noticed before each batch (the name's inode against the handle's) and reopened.
   */
  private async checkedHandle(): Promise<FileHandle> {
    if (this.closed) throw new Error('audit trail is closed');
    if (this.handle && this.identity) {
      const current = await stat(this.file).catch(() => null);
      if (!current || current.ino !== this.identity.ino || current.dev !== this.identity.dev) {
        this.log(`audit trail ${this.file} was deleted or replaced while Horizon ran; reopening it`);
        await this.drop();
      }
    }
    await this.ready();
    return this.handle as unknown as FileHandle;
  }

  private async drop(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.identity = null;
    await handle?.close().catch(() => undefined);
  }

  private applyLine(line: Line): void {
    if (line.kind === 'outcome') this.applyOutcome(line.id, line.result);
    else this.remember(line.entry);
  }

  private applyOutcome(id: string, result: AuditResult): void {
    const entry = this.byId.get(id);
    if (entry) Object.assign(entry, result);
  }

  private remember(entry: AuditEntry): void {
    const copy = { ...entry };
    // Ids sort by creation; lines may land slightly out of that order (group commit), so insert in place.
    let at = this.entries.length;
    while (at > 0 && (this.entries[at - 1] as AuditEntry).id > copy.id) at--;
    this.entries.splice(at, 0, copy);
    this.byId.set(copy.id, copy);
    if (this.entries.length > KEEP_IN_MEMORY) {
      for (const old of this.entries.splice(0, this.entries.length - KEEP_IN_MEMORY))
        this.byId.delete(old.id);
    }
  }

  /** The lines that reproduce an entry as it stands (for a recreated file); a refusal reads the same this way. */
  private linesFor(entry: AuditEntry): string {
    const intent = `${JSON.stringify({ kind: 'intent', entry: { ...entry, outcome: 'pending' } })}\n`;
    if (entry.outcome === 'pending' || entry.outcome === 'unknown') return intent;
    const { outcome, after, status, errorCode, refusal, userSid, channelSid } = entry;
    const result: AuditResult = { outcome, after, status, errorCode, refusal, userSid, channelSid };
    return `${intent}${JSON.stringify({ kind: 'outcome', id: entry.id, result })}\n`;
  }

  /** Waits for queued lines, syncs and closes the file (SIGTERM). */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    while (this.flushing) await this.flushing;
    this.closed = true;
    const handle = this.handle;
    this.handle = null;
    if (handle) {
      await handle.datasync().catch(() => undefined);
      await handle.close();
    }
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY).catch(() => null);
  if (!handle) return;
  await handle
    .sync()
    .catch(() => undefined)
    .finally(() => handle.close());
}

/** A line from the store before the write-ahead trail: a complete entry without id, reason or links. */
function upgradeLegacy(line: Partial<AuditEntry>, index: number): AuditEntry {
  const time = Date.parse(line.time as string);
  return {
    ...(line as AuditEntry),
    reason: line.reason ?? null,
    revertOf: line.revertOf ?? null,
    scheduleId: line.scheduleId ?? null,
    id: line.id ?? `${(Number.isFinite(time) ? time : 0).toString(36).padStart(9, '0')}-legacy-${index}`,
  };
}
