import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { ServerConfig } from './config.ts';
import { createHorizon, type Horizon, type HorizonOptions } from './horizon.ts';

// The production Node server around the one handler, with a graceful stop (SIGTERM: stop accepting, finish
// in-flight requests, flush the audit trail).

export type RunningServer = Horizon & {
  url: string;
  server: Server;
  /** The database open and the schedules running (started once the server listens); rejects if it could not open. */
  ready: Promise<void>;
  /** Stops accepting, waits for in-flight requests (up to `graceMs`), then syncs and closes the audit trail. */
  stop(graceMs?: number): Promise<void>;
};

/** How long an idle keep-alive connection stays open. */
const KEEP_ALIVE_MS = 65_000;

export async function startServer(
  config: ServerConfig,
  options: HorizonOptions = {},
): Promise<RunningServer> {
  const horizon = await createHorizon(config, options);
  const listener = getRequestListener(horizon.app.fetch);
  const server = createServer(listener);
  // Slow clients may not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  // An agent takes longer than Node's default 5 s to type an identity: the connection the first lookup would reuse
  // was already closed, so the lookup paid a new connection (and, behind TLS, a handshake) before its first byte.
  // 65 s also outlives the usual 60 s idle timeout of a load balancer in front, which must close first.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let stopping: Promise<void> | null = null;
  const stop = (graceMs = 15_000) => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets with no request in flight would hold close() open: drop them now.
      server.closeIdleConnections();
      const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, graceMs);
      });
      await Promise.race([closed, timedOut]);
      clearInterval(idleSweep);
      clearTimeout(timer);
      await horizon.stop();
    })();
    return stopping;
  };

  const ready = horizon.start();
  return { ...horizon, url: `http://${host}:${port}`, server, ready, stop };
}
