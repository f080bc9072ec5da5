import { getRequestListener } from '@hono/node-server';
import type { Connect, Plugin } from 'vite';
import { ConfigError, loadConfig } from './config.ts';
import { createHorizon } from './horizon.ts';

// Mounts Horizon's handler on `vite` (dev) and `vite preview`, so /api behaves exactly as under `npm start`.
// Vite keeps serving the console itself; only Horizon's own paths reach the handler.

const OWN_PATHS = /^\/(api|__fake)(\/|$)|^\/healthz(\?|$)/;

async function middleware(): Promise<Connect.NextHandleFunction> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) console.error(error.message);
    throw error;
  }
  const horizon = await createHorizon(config, { staticDir: null });
  horizon
    .start()
    .catch((error: Error) => console.error(`the history database could not be opened: ${error.message}`));
  console.log(`Horizon /api in ${config.mode.toUpperCase()} mode; agent sign-in: ${config.auth.kind}`);
  const listener = getRequestListener(horizon.app.fetch);
  return (req, res, next) => {
    if (!OWN_PATHS.test(req.url ?? '')) return next();
    listener(req, res).catch(next);
  };
}

export function horizonServer(): Plugin {
  return {
    name: 'horizon-server',
    async configureServer(server) {
      // Vitest starts a Vite server too; its tests build their own Horizon when they need one.
      if (process.env.VITEST) return;
      server.middlewares.use(await middleware());
    },
    async configurePreviewServer(server) {
      server.middlewares.use(await middleware());
    },
  };
}
