/**
 * Group commit: the writes that arrive while a commit is running wait for it, then go together in the next one. A
 * burst of N changes then costs a few commits instead of N (on a PostgreSQL server each commit is a WAL flush); the
 * first write of a quiet moment goes at once, nothing waits on a timer.
 *
 * A batch that fails is tried again one write at a time, so one bad write (an outcome without its intent) fails
 * alone and its neighbours are still written.
 */
export function createGroupCommit<T>(
  commit: (items: readonly T[]) => Promise<void>,
  /** At most this many writes in one commit (bounds one statement's parameters). */
  maxBatch = 200,
): (item: T) => Promise<void> {
  let waiting: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxBatch);
      waiting = waiting.slice(batch.length);
      try {
        await commit(batch.map((write) => write.item));
        for (const write of batch) write.resolve();
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.reject(error);
          continue;
        }
        for (const write of batch) {
          await commit([write.item]).then(write.resolve, write.reject);
        }
      }
    }
    running = false;
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
