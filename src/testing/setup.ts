import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { fake, server, sessionState } from './fake-server.ts';

// CI machines are small and shared: give findBy*/waitFor room before calling a slow render a failure.
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  fake.reset();
  sessionState.role = 'editor';
  sessionState.mode = 'demo';
  sessionState.upstreamConcurrency = 10;
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
