import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { describeConversationTimers, formatTimerDate } from '../../../lib/twilio/conversation-timers.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { ChannelDrawer } from './channel-drawer.tsx';

const SUPPORT = SEED.services.support.sid;
const alice = SEED.users.alice.identity;

function renderDrawer(ref: UserRef, channel: string) {
  return renderWithClient(
    <ChannelDrawer userRef={ref} channel={channel} canEdit onClose={() => {}} onRemoved={() => {}} />,
  );
}

describe('describeConversationTimers', () => {
  const now = new Date('2026-12-01T12:00:00Z');

  it('says what will happen to an active conversation, in the order it happens', () => {
    const lines = describeConversationTimers(
      { state: 'active', dateInactive: '2026-12-02T14:00:00Z', dateClosed: '2026-12-09T14:00:00Z' },
      now,
    );
    expect(lines).toEqual([
      `Goes inactive ${formatTimerDate('2026-12-02T14:00:00Z')} if nobody writes`,
      `Closes ${formatTimerDate('2026-12-09T14:00:00Z')}`,
    ]);
  });

  it('says what already happened once a timer has passed', () => {
    const lines = describeConversationTimers(
      { state: 'closed', dateInactive: '2026-11-02T14:00:00Z', dateClosed: '2026-11-03T14:00:00Z' },
      now,
    );
    expect(lines).toEqual([
      `Went inactive ${formatTimerDate('2026-11-02T14:00:00Z')}`,
      `Closed ${formatTimerDate('2026-11-03T14:00:00Z')}`,
    ]);
  });

  it('says there are no timers rather than showing blanks', () => {
    expect(
      describeConversationTimers({ state: 'active', dateInactive: null, dateClosed: null }, now),
    ).toEqual(['No timers: it stays active until someone changes it']);
  });
});

describe('ChannelDrawer in Conversations mode', () => {
  it("shows a closed conversation's state and timers, and the participant's role and binding", async () => {
    renderDrawer({ api: 'conversations', service: SUPPORT, user: alice }, SEED.channels.untitled.sid);

    const facts = await screen.findByLabelText('Conversation state');
    expect(within(facts).getByText('Closed')).toBeInTheDocument();
    expect(within(facts).getByText(/^Went inactive /)).toBeInTheDocument();
    expect(within(facts).getByText(/^Closed \w/)).toBeInTheDocument();
    expect(await screen.findByText('Chat (SDK) identity: no SMS or WhatsApp binding')).toBeInTheDocument();
    expect(screen.getByText('Role')).toBeInTheDocument();
  });

  it('says an active conversation without timers has none', async () => {
    renderDrawer({ api: 'conversations', service: SUPPORT, user: alice }, SEED.channels.general.sid);
    const facts = await screen.findByLabelText('Conversation state');
    expect(within(facts).getByText('Active')).toBeInTheDocument();
    expect(
      within(facts).getByText('No timers: it stays active until someone changes it'),
    ).toBeInTheDocument();
  });

  it('shows no conversation state in Chat v2, whose channels have none', async () => {
    renderDrawer({ api: 'chat-v2', service: SUPPORT, user: alice }, SEED.channels.untitled.sid);
    await screen.findByRole('heading', { name: 'Membership' });
    expect(screen.queryByLabelText('Conversation state')).toBeNull();
    expect(screen.queryByText('Role')).toBeNull();
  });
});
