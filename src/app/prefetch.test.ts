import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../mocks/seed.ts';
import { fake } from '../testing/fake-server.ts';
import { parseConsolePath, paths } from './paths.ts';
import { prefetchConsole } from './prefetch.ts';
import { createAppQueryClient } from './providers.tsx';

const SUPPORT = SEED.services.support.sid;
const BEE = SEED.users.busyBee.identity;

const keys = (client: ReturnType<typeof createAppQueryClient>) =>
  client
    .getQueryCache()
    .findAll()
    .map((query) => query.queryKey[0]);

describe('prefetchConsole', () => {
  it('asks for the session, the services, the user and the first page of a user URL without waiting for a render', async () => {
    const client = createAppQueryClient();
    prefetchConsole(client, parseConsolePath(paths.user('chat-v2', SUPPORT, BEE)));
    // All four are in flight at once: none waits for another.
    expect(
      client
        .getQueryCache()
        .findAll()
        .filter((query) => query.state.fetchStatus === 'fetching'),
    ).toHaveLength(4);
    await waitFor(() => expect(client.isFetching()).toBe(0));
    expect(keys(client).sort()).toEqual(['memberships', 'services', 'session', 'user'].sort());
    const asked = fake.log.filter((entry) => entry.method === 'GET').map((entry) => entry.path);
    expect(asked.some((path) => path.endsWith(`/Users/${encodeURIComponent(BEE)}`))).toBe(true);
    expect(asked.some((path) => path.includes(`/Users/${encodeURIComponent(BEE)}/Channels`))).toBe(true);
  });

  it('asks only for the session and the services on the home page', async () => {
    const client = createAppQueryClient();
    prefetchConsole(client, parseConsolePath(paths.home()));
    await waitFor(() => expect(client.isFetching()).toBe(0));
    expect(keys(client).sort()).toEqual(['services', 'session']);
  });
});
