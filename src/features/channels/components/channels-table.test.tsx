import type { ColumnFiltersState, SortingState } from '@tanstack/react-table';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { chatV2Profile, conversationsProfile } from '../../../lib/twilio/api-profiles.ts';
import type { Membership } from '../../../lib/twilio/membership.ts';
import { ChannelsTable, type RowResult, useChannelsTable, VIRTUALIZE_FROM } from './channels-table.tsx';

const row = (i: number, extra: Partial<Membership> = {}): Membership => ({
  api: 'chat-v2',
  serviceSid: 'IS00000000000000000000000000000000',
  channelSid: `CH${String(i).padStart(32, '0')}`,
  memberSid: null,
  userSid: null,
  status: i % 2 ? 'invited' : 'joined',
  lastReadIndex: i,
  unread: i % 3,
  unreadCapped: false,
  notificationLevel: 'default',
  friendlyName: `Channel ${String(i).padStart(4, '0')}`,
  uniqueName: null,
  unreadPending: false,
  conversation: null,
  ...extra,
});

function Harness({
  rows,
  filters = [],
  results = null,
  profile = chatV2Profile,
}: {
  rows: Membership[];
  filters?: ColumnFiltersState;
  results?: ReadonlyMap<string, RowResult> | null;
  profile?: typeof chatV2Profile;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [selected, setSelected] = useState(new Set<string>());
  const state = useChannelsTable({
    profile,
    rows,
    channelHref: (sid) => `/c/${sid}`,
    sorting,
    onSortingChange: setSorting,
    columnFilters: filters,
    selection: {
      has: (sid) => selected.has(sid),
      set: (changed, select) =>
        setSelected((current) => {
          const next = new Set(current);
          for (const r of changed) select ? next.add(r.channelSid) : next.delete(r.channelSid);
          return next;
        }),
    },
    results,
  });
  return (
    <>
      <p>{selected.size} selected</p>
      <ChannelsTable
        caption="Channels of someone"
        state={state}
        stale={false}
        openChannel={null}
        emptyNote="No channels match."
        onDrawn={() => undefined}
      />
    </>
  );
}

const table = () => screen.getByRole('table', { name: 'Channels of someone' });
const links = () =>
  within(table())
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('ChannelsTable', () => {
  it('shows every row; a header click sorts and says so', async () => {
    const user = userEvent.setup();
    render(<Harness rows={[row(2), row(0), row(1)]} />);
    await waitFor(() => expect(links()).toEqual(['Channel 0002', 'Channel 0000', 'Channel 0001']));
    const header = screen.getByRole('columnheader', { name: /Channel/ });
    await user.click(within(header).getByRole('button'));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(links()).toEqual(['Channel 0000', 'Channel 0001', 'Channel 0002']);
  });

  it('filters, and says so when nothing loaded matches', async () => {
    const { rerender } = render(
      <Harness rows={[row(0), row(1), row(2)]} filters={[{ id: 'status', value: 'invited' }]} />,
    );
    await waitFor(() => expect(links()).toEqual(['Channel 0001']));
    rerender(<Harness rows={[row(0), row(2)]} filters={[{ id: 'status', value: 'invited' }]} />);
    expect(within(table()).getByText('No channels match.')).toBeInTheDocument();
  });

  it('"Select all shown" selects exactly the rows the filters show', async () => {
    const user = userEvent.setup();
    render(<Harness rows={[row(0), row(1), row(2), row(3)]} filters={[{ id: 'status', value: 'joined' }]} />);
    await user.click(await screen.findByRole('checkbox', { name: 'Select all shown' }));
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select Channel 0000' })).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Select Channel 0002' }));
    expect(screen.getByText('1 selected')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select all shown' })).toHaveProperty('indeterminate', true);
  });

  it('shows a Result column with each row’s result while there are results', async () => {
    const results = new Map([[row(1).channelSid, { status: 'failed', text: 'Failed: Twilio is down' }]]);
    render(<Harness rows={[row(0), row(1)]} results={results} />);
    expect(await screen.findByRole('columnheader', { name: 'Result' })).toBeInTheDocument();
    const failed = screen.getByRole('link', { name: 'Channel 0001' }).closest('tr') as HTMLElement;
    expect(within(failed).getByText('Failed: Twilio is down')).toBeInTheDocument();
  });

  it('speaks Conversations’ words and shows the conversation’s state instead of the status', async () => {
    render(
      <Harness profile={conversationsProfile} rows={[row(0, { conversation: conversation('closed') })]} />,
    );
    expect(await screen.findByRole('columnheader', { name: /^Conversation/ })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: /^State/ })).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: /^Status/ })).not.toBeInTheDocument();
    expect(within(table()).getByText('Closed')).toBeInTheDocument();
  });

  it(`keeps a big table (${VIRTUALIZE_FROM}+ rows) a table: it says how many rows it has and where each one is`, async () => {
    // happy-dom has no layout: give the scroll area a viewport so the virtualiser has rows to show.
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    const width = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    const offsetHeight = vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(600);
    const offsetWidth = vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(800);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    void [height, width, offsetHeight, offsetWidth];
    render(<Harness rows={Array.from({ length: 1000 }, (_, i) => row(i))} />);
    expect(table()).toHaveAttribute('aria-rowcount', '1001');
    // The virtualised body (loaded on demand) pads the rows out of view, so the scroll height is the whole table's.
    await waitFor(() => expect(table().querySelector('tr.spacer')).not.toBeNull());
    const first = await screen.findByRole('link', { name: 'Channel 0000' });
    expect(first.closest('tr')).toHaveAttribute('aria-rowindex', '2');
    // Only the rows in view are drawn.
    expect(within(table()).getAllByRole('link').length).toBeLessThan(100);
  });
});

function conversation(state: 'active' | 'inactive' | 'closed') {
  return {
    state,
    attributes: null,
    createdBy: null,
    dateCreated: null,
    dateUpdated: null,
    dateInactive: null,
    dateClosed: null,
  };
}
