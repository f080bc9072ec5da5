import { notifyManager } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { AppProviders } from './app/providers.tsx';
import { reloadOnStaleBuild } from './app/reload-on-stale-build.ts';
import './styles.css';

// React Query hands cache changes to React on a 0 ms timer by default; a microtask gets an optimistic edit onto the
// screen before the browser paints the frame of the click.
notifyManager.setScheduler(queueMicrotask);

reloadOnStaleBuild({ target: window, storage: sessionStorage, reload: () => window.location.reload() });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <AppProviders>
      <App />
    </AppProviders>
  </StrictMode>,
);
