import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConsoleShortcuts } from './console-shortcuts.tsx';

function Page() {
  const [level, setLevel] = useState<'default' | 'muted'>('default');
  const [drawer, setDrawer] = useState(false);
  return (
    <>
      <label>
        <span>User</span>
        <input type="text" />
      </label>
      <label>
        <span>Notes</span>
        <textarea />
      </label>
      <table aria-label="Channels">
        <tbody>
          {['General', 'Ops', 'Billing'].map((name) => (
            <tr key={name}>
              <td>
                <a
                  href={`#${name}`}
                  data-channel-sid={`CH${name}`}
                  onClick={(event) => {
                    event.preventDefault();
                    setDrawer(true);
                  }}
                >
                  {name}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {drawer && (
        <dialog open aria-label="General">
          <div role="radiogroup" aria-labelledby="n">
            <p id="n">Notifications</p>
            {(['default', 'muted'] as const).map((value) => (
              <label key={value}>
                <input type="radio" name="n" checked={level === value} onChange={() => setLevel(value)} />
                {value === 'muted' ? 'Muted' : 'Default'}
              </label>
            ))}
          </div>
        </dialog>
      )}
      <ConsoleShortcuts />
    </>
  );
}

describe('console shortcuts', () => {
  it('/ focuses User; j/k move between rows; Enter opens; m toggles mute in the drawer', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.keyboard('/');
    expect(screen.getByRole('textbox', { name: 'User' })).toHaveFocus();
    expect(screen.getByRole('textbox', { name: 'User' })).toHaveValue('');

    await user.click(document.body);
    await user.keyboard('j');
    expect(screen.getByRole('link', { name: 'General' })).toHaveFocus();
    await user.keyboard('jj');
    expect(screen.getByRole('link', { name: 'Billing' })).toHaveFocus();
    await user.keyboard('j');
    expect(screen.getByRole('link', { name: 'Billing' })).toHaveFocus();
    await user.keyboard('kk');
    expect(screen.getByRole('link', { name: 'General' })).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(screen.getByRole('radio', { name: 'Default' })).toBeChecked();
    await user.keyboard('m');
    expect(screen.getByRole('radio', { name: 'Muted' })).toBeChecked();
    await user.keyboard('m');
    expect(screen.getByRole('radio', { name: 'Default' })).toBeChecked();
  });

  it('j skips rows in an inert part of the page (the off-screen warm-up view)', async () => {
    const user = userEvent.setup();
    render(
      <>
        <div inert aria-hidden="true">
          <table>
            <tbody>
              <tr>
                <td>
                  <a href="#hidden" data-channel-sid="CHhidden">
                    Hidden
                  </a>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        <Page />
      </>,
    );
    await user.keyboard('j');
    expect(screen.getByRole('link', { name: 'General' })).toHaveFocus();
  });

  it('never fires while typing in a field', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('textbox', { name: 'Notes' }));
    await user.keyboard('j/k?m');
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue('j/k?m');
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveFocus();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('textbox', { name: 'User' }));
    await user.keyboard('jk');
    expect(screen.getByRole('textbox', { name: 'User' })).toHaveValue('jk');
  });

  it('? lists the shortcuts', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Focus the User field');
    expect(dialog).toHaveTextContent('Mute or unmute the channel in the open drawer');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();
  });
});
