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
    const term = await screen.findByText('Joined channels');
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
