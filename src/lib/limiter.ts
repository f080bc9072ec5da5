/**
 * At most `max` tasks run at once; the rest wait in order. A task whose signal aborts while waiting never starts.
 * Used to keep channel-name fetches to a handful in flight (Twilio limits concurrency, and 50 parallel requests
 * would delay the ones the agent is looking at).
 */
export function createLimiter(max: number) {
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };

  return {
    get running() {
      return running;
    },
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (running >= max) {
        await new Promise<void>((resolve, reject) => {
          const start = () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          };
          const onAbort = () => {
            const at = waiting.indexOf(start);
            if (at >= 0) waiting.splice(at, 1);
            reject(signal?.reason);
          };
          waiting.push(start);
          signal?.addEventListener('abort', onAbort, { once: true });
        });
      }
      if (signal?.aborted) {
        // Hand the slot we were given to the next in line.
        running += 1;
        release();
        throw signal.reason;
      }
      running += 1;
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
