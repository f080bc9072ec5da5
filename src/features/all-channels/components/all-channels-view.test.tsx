import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { fake } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { AllChannelsView, type PowerToolsContext } from './all-channels-view.tsx';

const support = SEED.services.support.sid;
const refOf = (user: string): UserRef => ({ api: 'chat-v2', service: support, user });

function Tools({ context }: { context: PowerToolsContext }) {
  return (
    <p>
      tools: {context.selected.length} selected, {context.shown.length} shown
    </p>
  );
}

function renderView(ref: UserRef) {
  return renderWithClient(
    <AllChannelsView
      userRef={ref}
      channelHref={(sid) => `/x/${sid}`}
      openChannel={null}
      onExit={() => undefined}
      renderTools={(context) => <Tools context={context} />}
    />,
  );
}

const listPages = () => fake.log.filter((e) => e.method === 'GET' && e.path.endsWith('/Channels'));

describe('AllChannelsView', () => {
  it('walks every page, then filters and selects over everything loaded', async () => {
    const { user } = renderView(refOf(SEED.users.busyBee.identity));
    await screen.findByText('All 120 channels loaded.', {}, { timeout: 5000 });
    expect(listPages().map((e) => e.query.PageSize)).toEqual(['50', '50', '50']);
    const table = screen.getByRole('table', { name: /^Channels of busy\.bee@example\.com/ });
    expect(table).toHaveAttribute('aria-rowcount', '121');
    const body = within(table).getAllByRole('row').slice(1);
    expect(body).toHaveLength(120);
    expect(body[119]).toHaveAttribute('aria-rowindex', '121');

    const muted = [...(fake.store.findUser(support, SEED.users.busyBee.identity)?.memberships ?? [])].filter(
      (m) => m.notificationLevel === 'muted',
    ).length;
    expect(muted).toBeGreaterThan(0);
    await user.selectOptions(screen.getByLabelText('Notifications level'), 'muted');
    expect(within(table).getAllByRole('row').slice(1)).toHaveLength(muted);
    expect(screen.getByText(`${muted} of 120 loaded rows match the filters`)).toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: 'Select all shown' }));
    expect(screen.getByText(`tools: ${muted} selected, ${muted} shown`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Select all 120 loaded' }));
    expect(screen.getByText(`tools: 120 selected, ${muted} shown`)).toBeInTheDocument();
    expect(screen.getByText(`120 selected (${120 - muted} hidden by the filters)`)).toBeInTheDocument();

    // One row's own checkbox is named after its channel.
    const first = within(table).getAllByRole('row')[1] as HTMLElement;
    const box = within(first).getByRole('checkbox', { name: /^Select / });
    await user.click(box);
    expect(box).not.toBeChecked();
    expect(screen.getByText(`tools: 119 selected, ${muted} shown`)).toBeInTheDocument();
  }, 30_000);

  it('virtualises 1000 rows but keeps table semantics (aria-rowcount, aria-rowindex)', async () => {
    // happy-dom has no layout: give the scroll area a viewport so the virtualiser has rows to show.
    const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    const width = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    onTestFinished(() => {
      height.mockRestore();
      width.mockRestore();
    });
    renderView(refOf(SEED.users.thousand.identity));
    await screen.findByText('All 1000 channels loaded.', {}, { timeout: 15_000 });
    const table = screen.getByRole('table', { name: /^Channels of thousand@example\.com/ });
    expect(table).toHaveAttribute('aria-rowcount', '1001');
    const rendered = within(table)
      .getAllByRole('row')
      .filter((row) => row.hasAttribute('aria-rowindex') && row.getAttribute('aria-rowindex') !== '1');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(100);
    expect(rendered[0]).toHaveAttribute('aria-rowindex', '2');
  }, 20_000);

  it('Cancel stops the walk: no further page is requested', async () => {
    // Slow pages, so Cancel lands well before the walk of 20 pages could finish on its own.
    fake.knobs.latencyMs = 300;
    const { user } = renderView(refOf(SEED.users.thousand.identity));
    await waitFor(() => expect(screen.getByText(/Loading every channel: 50 loaded/)).toBeInTheDocument(), {
      timeout: 5000,
    });
    expect(screen.getByRole('progressbar', { name: 'Loading all channels' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(
      await screen.findByText(/^Stopped: \d+ channels loaded, the rest not requested\.$/),
    ).toBeInTheDocument();
    // A page already in flight may still reach the fake's log (it logs on answer, ≥ 300 ms after it started);
    // after that, nothing new starts.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const requested = listPages().length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(listPages().length).toBe(requested);
    expect(requested).toBeLessThan(20);
  }, 20_000);
});
