import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { server } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { ActivityList } from './activity-list.tsx';

const ref: UserRef = {
  api: 'chat-v2',
  service: 'IS00000000000000000000000000000001',
  user: 'alice@example.com',
};

const base = {
  role: 'editor',
  path: '/api/chat/v2/Services/IS1/Users/alice%40example.com/Channels/CH1',
  product: 'chat-v2',
  service: ref.service,
  user: ref.user,
  userSid: 'US1',
  channel: 'CH1',
  channelSid: 'CH1',
  refusal: null,
  errorCode: null,
};

const entries = [
  {
    ...base,
    time: '2026-11-22T03:10:00.000Z',
    agent: 'Dana',
    method: 'POST',
    params: { NotificationLevel: 'muted' },
    before: { notification_level: 'default', last_consumed_message_index: 4 },
    after: { notification_level: 'muted', last_consumed_message_index: 4 },
    outcome: 'forwarded',
    status: 200,
  },
  {
    ...base,
    time: '2026-11-22T03:05:00.000Z',
    agent: 'Dana',
    method: 'POST',
    params: { LastConsumedMessageIndex: '' },
    before: { notification_level: 'default', last_consumed_message_index: 4 },
    after: null,
    outcome: 'forwarded',
    status: 500,
    errorCode: 20500,
  },
  {
    ...base,
    time: '2026-11-22T03:00:00.000Z',
    agent: 'Eli',
    method: 'POST',
    params: { LastConsumedMessageIndex: '' },
    before: { notification_level: 'default', last_consumed_message_index: 12 },
    after: { notification_level: 'default', last_consumed_message_index: null },
    outcome: 'forwarded',
    status: 200,
  },
];

describe('ActivityList', () => {
  it('asks /api/history for this user and channel and shows who, when, what, before → after', async () => {
    let asked: URLSearchParams | null = null;
    server.use(
      http.get('*/api/history', ({ request }) => {
        asked = new URL(request.url).searchParams;
        return HttpResponse.json({ entries });
      }),
    );
    renderWithClient(<ActivityList userRef={ref} channel="CH1" title="Activity" />);
    const section = await screen.findByRole('region', { name: 'Activity' });
    await within(section).findByText('Eli');
    const top = within(section)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement?.tagName === 'OL');
    expect(top).toHaveLength(3);
    expect(top[0]).toHaveTextContent('Dana');
    expect(top[0]).toHaveTextContent('Notifications: Default → Muted');
    expect(
      within(top[0] as HTMLElement)
        .getByText(/2026|Nov/)
        .closest('time'),
    ).toHaveAttribute('datetime', '2026-11-22T03:10:00.000Z');
    expect(top[1]).toHaveTextContent('Read position: 4 → 4');
    expect(top[1]).toHaveTextContent('Twilio answered 500 (error 20500); nothing changed');
    expect(top[2]).toHaveTextContent('Eli');
    expect(top[2]).toHaveTextContent('Read position: 12 → not set');
    expect(asked).not.toBeNull();
    const query = asked as unknown as URLSearchParams;
    expect(Object.fromEntries(query)).toEqual({
      service: ref.service,
      user: 'alice@example.com',
      channel: 'CH1',
      limit: '20',
    });
  });

  it("says a change's outcome is unknown when Horizon stopped between sending it and recording the answer", async () => {
    const unknown = { ...entries[0], outcome: 'unknown', after: null, status: null };
    server.use(http.get('*/api/history', () => HttpResponse.json({ entries: [unknown], nextCursor: null })));
    renderWithClient(<ActivityList userRef={ref} channel="CH1" title="Activity" />);
    const section = await screen.findByRole('region', { name: 'Activity' });
    expect(await within(section).findByText(/Outcome unknown/)).toHaveTextContent(
      'Outcome unknown: Horizon stopped before Twilio answered. Check the channel before trying again',
    );
  });

  it('an empty trail says so; a failing one is an alert with Retry', async () => {
    let fail = true;
    server.use(
      http.get('*/api/history', () =>
        fail
          ? HttpResponse.json({ error: 'audit unavailable' }, { status: 503 })
          : HttpResponse.json({ entries: [] }),
      ),
    );
    const { user } = renderWithClient(<ActivityList userRef={ref} channel={null} title="Recent changes" />);
    expect(await screen.findByRole('alert')).toHaveTextContent("Couldn't load the audit trail");
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('No changes recorded by Horizon yet.')).toBeInTheDocument();
  });
});
