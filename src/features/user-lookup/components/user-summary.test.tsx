import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { UserSummary } from './user-summary.tsx';

const SUPPORT = SEED.services.support.sid;
const alice = SEED.users.alice;

describe('UserSummary counts what it says', () => {
  it('Chat v2: the joined count is the joined channels only, not the invitations listed beside them', async () => {
    renderWithClient(<UserSummary userRef={{ api: 'chat-v2', service: SUPPORT, user: alice.identity }} />);
    await screen.findByText(alice.identity);
    const term = screen.getByText('Joined channels');
    // alice is in 6 channels: 4 joined, 1 invited, 1 not participating (mocks/seed.ts).
    expect(term.nextElementSibling).toHaveTextContent(/^4$/);
  });

  it('Conversations: the user has no count, so the summary shows none', async () => {
    renderWithClient(
      <UserSummary userRef={{ api: 'conversations', service: SUPPORT, user: alice.identity }} />,
    );
    await screen.findByText(alice.identity);
    expect(screen.queryByText(/^Joined /)).toBeNull();
  });
});

describe('UserSummary while the user loads', () => {
  it('lays out the facts it will show, hidden from assistive technology, and says it is busy', async () => {
    renderWithClient(<UserSummary userRef={{ api: 'chat-v2', service: SUPPORT, user: alice.identity }} />);
    const loading = screen.getByRole('region', { name: 'User', busy: true });
    expect(screen.queryByRole('heading')).toBeNull();
    expect(screen.queryByRole('term')).toBeNull();
    expect([...loading.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual([
      'Identity',
      'SID',
      'Joined channels',
      'Online',
      'Notifiable',
      'Service',
    ]);
    const loaded = await screen.findByRole('region', { name: 'User', busy: false });
    expect(loaded).toHaveTextContent(alice.identity);
  });

  it('Conversations: no joined count in the loading layout either', () => {
    renderWithClient(
      <UserSummary userRef={{ api: 'conversations', service: SUPPORT, user: alice.identity }} />,
    );
    const loading = screen.getByRole('region', { name: 'User', busy: true });
    expect(loading).not.toHaveTextContent(/Joined/);
  });
});
