import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { createAppQueryClient } from '../../../app/providers.tsx';
import { allMembershipsQuery, membershipPageQuery, type UserRef } from '../../../lib/twilio/queries.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { useLoadedRows } from './use-loaded-rows.ts';

const ref: UserRef = { api: 'chat-v2', service: SEED.services.support.sid, user: SEED.users.alice.identity };

function LoadedRows() {
  const rows = useLoadedRows(ref);
  return <output aria-label="Loaded">{rows.map((row) => row.channelSid).join(' ')}</output>;
}

describe('useLoadedRows', () => {
  it('holds the rows of every cached page and of Show all, each channel once, and follows the cache', async () => {
    const queryClient = createAppQueryClient();
    const page = await queryClient.fetchQuery(membershipPageQuery(ref, 2, null));
    renderWithClient(<LoadedRows />, queryClient);
    const loaded = () => (screen.getByLabelText('Loaded').textContent ?? '').split(' ').filter(Boolean);
    expect(loaded()).toEqual(page.rows.map((row) => row.channelSid));

    // Show all's pages (an infinite query) count too, without repeating the rows the first page already holds.
    const all = await act(() => queryClient.fetchInfiniteQuery(allMembershipsQuery(ref)));
    const everyRow = all.pages.flatMap((p) => p.rows.map((row) => row.channelSid));
    expect(everyRow.length).toBeGreaterThan(page.rows.length);
    expect(new Set(loaded())).toEqual(new Set(everyRow));
    expect(loaded()).toHaveLength(new Set(loaded()).size);
  });
});
