import { notifyManager } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { parseConsolePath } from './app/paths.ts';
import { prefetchConsole } from './app/prefetch.ts';
import { AppProviders, createAppQueryClient } from './app/providers.tsx';
import { reloadOnStaleBuild } from './app/reload-on-stale-build.ts';
import './styles.css';

// React Query hands cache changes to React on a 0 ms timer by default; a microtask gets an optimistic edit onto the
// screen before the browser paints the frame of the click.
notifyManager.setScheduler(queueMicrotask);

reloadOnStaleBuild({ target: window, storage: sessionStorage, reload: () => window.location.reload() });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The first requests go out before the first render has committed, in a task of their own (this one evaluates the
// whole bundle already).
const queryClient = createAppQueryClient();
const openedAt = parseConsolePath(window.location.pathname);
setTimeout(() => prefetchConsole(queryClient, openedAt), 0);

// Not in a transition: a time-sliced first render finished after the load event, and a shortcut pressed at once
// was lost (e2e keyboard test).
createRoot(root).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <App />
    </AppProviders>
  </StrictMode>,
);
