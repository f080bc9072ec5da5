import type { Plugin } from 'vite';

// Placeholder until the server lands: mounts Horizon's web-standard handler on Vite dev and preview.
export function horizonServer(): Plugin {
  return { name: 'horizon-server' };
}
