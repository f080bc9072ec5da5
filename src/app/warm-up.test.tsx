import { waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmUpQueryClient, warmUpRows, warmUpUserView } from './warm-up.tsx';

const host = () => document.querySelector<HTMLElement>('.warm-up');

describe('warmUpUserView', () => {
  afterEach(() => vi.restoreAllMocks());

  it('renders a whole page of a user’s view off screen, hidden from assistive tech, without a request, then removes it', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    document.title = 'Horizon';
    const address = window.location.href;
    const client = warmUpQueryClient();
    warmUpUserView(client);

    const view = host();
    expect(view?.getAttribute('aria-hidden')).toBe('true');
    expect(view?.hasAttribute('inert')).toBe(true);
    // Everything a looked-up user's view shows: the user, the trail, the toolbar, every row with its controls.
    await waitFor(() => expect(view?.querySelectorAll('tbody tr')).toHaveLength(warmUpRows().length));
    expect(view?.querySelector('.user-summary h2')?.textContent).toBe('warm-up@horizon.invalid');
    expect(view?.textContent).toContain('Recent changes');
    // An editor's view: a checkbox in each row and "Select all on this page".
    expect(view?.querySelectorAll('tbody input[type="checkbox"]')).toHaveLength(warmUpRows().length);
    expect(view?.textContent).toContain('Select all on this page');
    expect(view?.textContent).toContain('Warm-up channel 0');

    await waitFor(() => expect(host()).toBeNull());
    // Its cache answered everything: nothing asked the network, and nothing is left in flight.
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(client.isFetching()).toBe(0);
    // And its made-up data is let go with it.
    expect(client.getQueryCache().getAll()).toHaveLength(0);
    // Nor did it change anything outside itself.
    expect(document.title).toBe('Horizon');
    expect(window.location.href).toBe(address);
  });

  it('is removed at once by the function it returns', () => {
    const remove = warmUpUserView();
    expect(host()).not.toBeNull();
    remove();
    expect(host()).toBeNull();
    remove();
  });

  it('shows each kind of row the real view shows, so each kind of cell runs', () => {
    const rows = warmUpRows();
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['joined', 'invited']));
    expect(new Set(rows.map((row) => row.notificationLevel))).toEqual(new Set(['default', 'muted']));
    expect(rows.some((row) => row.lastReadIndex === null && row.unread === null)).toBe(true);
    expect(rows.some((row) => (row.unread ?? 0) > 0)).toBe(true);
  });
});
