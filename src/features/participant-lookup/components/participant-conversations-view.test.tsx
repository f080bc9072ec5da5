import { screen, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { fake, requestLines, server } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { ParticipantConversationsView } from './participant-conversations-view.tsx';

const SUPPORT = SEED.services.support.sid;
const userHref = (identity: string) =>
  `/conversations/services/${SUPPORT}/users/${encodeURIComponent(identity)}`;

function renderView(address: string, service = SUPPORT) {
  return renderWithClient(
    <ParticipantConversationsView service={service} address={address} userHref={userHref} />,
  );
}

describe('ParticipantConversationsView', () => {
  it('lists an SMS participant’s conversations with state, binding and timers, and says what Twilio keeps', async () => {
    fake.log.clear();
    renderView(SEED.addresses.phone);
    const table = await screen.findByRole('table', { name: `Conversations with ${SEED.addresses.phone}` });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const refund = rows.find((row) => row.textContent?.includes('SMS · Refund request'));
    expect(refund?.textContent).toMatch(/Closed/);
    expect(refund?.textContent).toMatch(/SMS via \+15017122661/);
    expect(refund?.textContent).toMatch(/Inactive: .*Closed: /);
    expect(refund?.textContent).toMatch(/Not kept by Twilio for SMS participants/);
    expect(screen.getByText(/Twilio keeps no notification level and no unread count/)).toBeTruthy();
    // The + went out as %2B: the fake received the number, not a space.
    expect(requestLines()).toEqual([
      `GET /api/conversations/v1/Services/${SUPPORT}/ParticipantConversations?Address=%2B15551234567&PageSize=50`,
    ]);
    expect(fake.log[0]?.query.Address).toBe('+15551234567');
  });

  it('offers the user’s view for a chat participant', async () => {
    // Twilio's shape for a participant who is a chat user (its spec's readFullByIdentity example, trimmed).
    server.use(
      http.get('*/api/conversations/v1/Services/:service/ParticipantConversations', () =>
        HttpResponse.json({
          conversations: [
            {
              conversation_sid: SEED.channels.smsOrder.sid,
              participant_sid: `MB${'a'.repeat(32)}`,
              participant_user_sid: SEED.users.dave.sid,
              participant_identity: SEED.users.dave.identity,
              participant_messaging_binding: null,
              conversation_friendly_name: 'SMS · Order #4411',
              conversation_unique_name: null,
              conversation_state: 'active',
              conversation_timers: {},
              conversation_date_created: '2025-01-01T00:00:00Z',
              conversation_date_updated: '2025-01-02T00:00:00Z',
            },
          ],
          meta: {
            page: 0,
            page_size: 50,
            previous_page_url: null,
            next_page_url: null,
            key: 'conversations',
          },
        }),
      ),
    );
    renderView(SEED.addresses.phone);
    const link = await screen.findByRole('link', {
      name: `Open ${SEED.users.dave.identity}’s conversations`,
    });
    expect(link).toHaveAttribute('href', userHref(SEED.users.dave.identity));
    expect(screen.getByRole('row', { name: /Order #4411/ })).toHaveTextContent(/In the user’s view/);
  });

  it('says so when an address is in no conversation, and refuses a malformed one without sending it', async () => {
    fake.log.clear();
    renderView(SEED.addresses.unknownPhone);
    expect(await screen.findByRole('status')).toHaveTextContent(
      `No conversations in this service have a participant with the address ${SEED.addresses.unknownPhone}`,
    );
    fake.log.clear();
    renderView('+1 555 abc');
    expect(await screen.findByRole('alert')).toHaveTextContent(/isn't an address/);
    expect(fake.log).toHaveLength(0);
  });

  it('pages 50 at a time with the tokens Twilio hands out', async () => {
    // Give the SMS customer 60 more conversations to page through.
    for (let n = 0; n < 60; n++) {
      const channel = fake.store.addChannel({
        // Twilio orders by SID; the fake pages by the SID's first 48 bits (random in real SIDs).
        sid: `CH${n.toString(16).padStart(2, '0')}${'0'.repeat(30)}`,
        serviceSid: SUPPORT,
        friendlyName: `Extra ${n}`,
        uniqueName: null,
        attributes: '{}',
        type: 'private',
        createdBy: 'system',
        dateCreated: new Date(0),
        dateUpdated: new Date(0),
        state: 'active',
        dateInactive: null,
        dateClosed: null,
        messages: { count: 0, gapEvery: 1, gapSize: 0, firstDate: new Date(0), stepMs: 1, authors: [] },
      });
      fake.store.addAddressParticipant(channel, {
        type: 'sms',
        address: SEED.addresses.phone,
        proxyAddress: null,
      });
    }
    const { user } = renderView(SEED.addresses.phone);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('SMS · Refund request', { exact: false });
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(13);
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByText('Extra 0', { exact: false });
    fake.reset();
  });
});
