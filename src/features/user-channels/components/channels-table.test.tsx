import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Membership } from '../../../lib/twilio/membership.ts';
import { ChannelsTable, FIRST_STAGE_ROWS } from './channels-table.tsx';

const row = (i: number): Membership => ({
  api: 'chat-v2',
  serviceSid: 'IS00000000000000000000000000000000',
  channelSid: `CH${String(i).padStart(32, '0')}`,
  memberSid: null,
  userSid: null,
  status: 'joined',
  lastReadIndex: i,
  unread: 0,
  unreadCapped: false,
  notificationLevel: 'default',
  friendlyName: `Channel ${String(i).padStart(2, '0')}`,
  uniqueName: null,
  unreadPending: false,
  conversation: null,
});

const renderTable = (rows: Membership[]) =>
  render(
    <ChannelsTable
      caption="Channels of someone"
      rows={rows}
      channelHref={(sid) => `/c/${sid}`}
      sorting={[]}
      onSortingChange={() => undefined}
      columnFilters={[]}
      stale={false}
      openChannel={null}
    />,
  );

const bodyRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1);

describe('ChannelsTable', () => {
  it('renders the first rows in the first commit and every row right after that frame', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    renderTable(rows);
    // The commit the agent sees first: the top rows, in order, and the table says it is still filling in.
    expect(bodyRows()).toHaveLength(FIRST_STAGE_ROWS);
    expect(within(bodyRows()[0] as HTMLElement).getByRole('link').textContent).toBe('Channel 00');
    expect(screen.getByRole('table').getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(bodyRows()).toHaveLength(50));
    expect(within(bodyRows()[49] as HTMLElement).getByRole('link').textContent).toBe('Channel 49');
    expect(screen.getByRole('table').getAttribute('aria-busy')).toBe('false');
  });

  describe('in a window the first stage does not fill', () => {
    // The test DOM has no layout: lay the rows out as a browser would, `height` px each from `top` down (window: 768 px).
    const layOutRows = (top: number, height: number) =>
      vi.spyOn(HTMLTableRowElement.prototype, 'getBoundingClientRect').mockImplementation(function (
        this: HTMLTableRowElement,
      ) {
        const y = top + [...(this.parentElement?.children ?? [])].indexOf(this) * height;
        return DOMRect.fromRect({ x: 0, y, width: 800, height });
      });
    afterEach(() => vi.restoreAllMocks());

    it('renders, before the first paint, as many rows as it takes to reach the bottom of the window', async () => {
      expect(window.innerHeight).toBe(768);
      layOutRows(100, 40);
      renderTable(Array.from({ length: 50 }, (_, i) => row(i)));
      // Rows from 100 px down, 40 px each: row 17 (index 16) is the last that starts above 768 px.
      expect(bodyRows()).toHaveLength(17);
      expect(screen.getByRole('table').getAttribute('aria-busy')).toBe('true');
      await waitFor(() => expect(bodyRows()).toHaveLength(50));
    });

    it('renders only the first stage when it already reaches the bottom of the window', () => {
      layOutRows(600, 40);
      renderTable(Array.from({ length: 50 }, (_, i) => row(i)));
      expect(bodyRows()).toHaveLength(FIRST_STAGE_ROWS);
    });
  });

  it('renders a page shorter than the first stage at once', () => {
    renderTable(Array.from({ length: 6 }, (_, i) => row(i)));
    expect(bodyRows()).toHaveLength(6);
    expect(screen.getByRole('table').getAttribute('aria-busy')).toBe('false');
  });
});
