import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { fake } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { readLinePosition } from '../api/messages.ts';
import { ReadHorizonPanel } from './read-horizon-panel.tsx';

const ref: UserRef = { api: 'chat-v2', service: SEED.services.support.sid, user: SEED.users.alice.identity };
const channel = SEED.channels.general.sid;

function member() {
  const user = fake.store.findUser(ref.service, ref.user);
  const found = user?.memberships.find((m) => m.channelSid === channel);
  if (!found) throw new Error('alice is not in General');
  return found;
}

describe('ReadHorizonPanel', () => {
  it('draws the read position between the newest messages by index, bodies hidden until asked for', async () => {
    // Put alice's horizon inside the newest ten: find their indices first (the seed skips some).
    const probe = renderWithClient(<ReadHorizonPanel userRef={ref} channel={channel} />);
    const first = await screen.findByRole('list', { name: 'Newest messages' });
    const indices = within(first)
      .getAllByRole('listitem')
      .filter((li) => li.classList.contains('message'))
      .map((li) => Number(/#(\d+)/.exec(li.textContent ?? '')?.[1]));
    expect(indices).toHaveLength(10);
    expect([...indices].sort((a, b) => a - b)).toEqual(indices);
    probe.unmount();

    const horizon = indices[6] as number;
    member().lastConsumedMessageIndex = horizon;
    const { user } = renderWithClient(<ReadHorizonPanel userRef={ref} channel={channel} />);
    const list = await screen.findByRole('list', { name: 'Newest messages' });
    await within(list).findByText(`Read position: ${ref.user} has read up to message #${horizon}`);
    const items = within(list).getAllByRole('listitem');
    const lineAt = items.findIndex((li) => li.classList.contains('read-line'));
    expect(lineAt).toBe(7);
    expect(items[lineAt - 1]).toHaveTextContent(`#${horizon}`);
    expect(items[lineAt + 1]).toHaveTextContent(`#${indices[7]}`);
    // Index, time and author on each; no body until the agent opts in.
    expect(items[0]?.querySelector('time')).not.toBeNull();
    expect(list.querySelector('.message-body')).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: /Show message bodies/ }));
    expect(list.querySelectorAll('.message-body')).toHaveLength(10);
    expect(fake.log.some((e) => e.path.endsWith('/Messages') && e.query.Order === 'desc')).toBe(true);
  });

  it('says when there is no read position', async () => {
    member().lastConsumedMessageIndex = null;
    renderWithClient(<ReadHorizonPanel userRef={ref} channel={channel} />);
    expect(await screen.findByText(/No read position/)).toBeInTheDocument();
    await screen.findByRole('list', { name: 'Newest messages' });
    expect(screen.queryByText(/Read position:/)).not.toBeInTheDocument();
  });
});

describe('readLinePosition', () => {
  const msgs = [3, 5, 9].map((index) => ({
    sid: `IM${index}`,
    index,
    author: null,
    body: null,
    dateCreated: null,
  }));
  it('puts the line after the last message read, respecting gaps in indices', () => {
    expect(readLinePosition(msgs, null)).toBeNull();
    expect(readLinePosition(msgs, 1)).toBe(0);
    expect(readLinePosition(msgs, 3)).toBe(1);
    expect(readLinePosition(msgs, 7)).toBe(2);
    expect(readLinePosition(msgs, 9)).toBe(3);
    expect(readLinePosition(msgs, 100)).toBe(3);
  });
});
