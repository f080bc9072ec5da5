import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConsoleShortcuts } from './console-shortcuts.tsx';

interface PageProps {
  toggleMute?: (sid: string, label: string) => string | null;
  /** Records which Diagnosis's fix button was pressed (the user's above the table, or the drawer's). */
  onFix?: (where: 'user' | 'drawer') => void;
}

function Page({ toggleMute, onFix }: PageProps) {
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
      <main id="main">
        {onFix && (
          <div className="finding-fix">
            <button type="button" onClick={() => onFix('user')}>
              Remove this device…
            </button>
          </div>
        )}
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
      </main>
      {drawer && (
        <dialog open aria-label="General">
          {onFix && (
            <div className="finding-fix">
              <button type="button" onClick={() => onFix('drawer')}>
                Clear the stuck badge
              </button>
            </div>
          )}
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
      <ConsoleShortcuts toggleMute={toggleMute} />
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

  it('↓ or Escape in the User field goes to the first row; m there toggles that row and says what it did', async () => {
    const user = userEvent.setup();
    const toggled: string[] = [];
    render(
      <Page
        toggleMute={(sid, label) => {
          toggled.push(sid);
          return `Muted ${label}`;
        }}
      />,
    );
    await user.click(screen.getByRole('textbox', { name: 'User' }));
    await user.keyboard('alice{ArrowDown}');
    expect(screen.getByRole('link', { name: 'General' })).toHaveFocus();
    await user.click(screen.getByRole('textbox', { name: 'User' }));
    await user.keyboard('{Escape}j');
    expect(screen.getByRole('link', { name: 'Ops' })).toHaveFocus();
    expect(screen.getByRole('textbox', { name: 'User' })).toHaveValue('alice');
    await user.keyboard('m');
    expect(toggled).toEqual(['CHOps']);
    expect(screen.getByRole('status')).toHaveTextContent('Muted Ops');
  });

  it('after "No user …", ↓ in the User field goes to the first user offered', async () => {
    const user = userEvent.setup();
    render(
      <>
        <label>
          <span>User</span>
          <input type="text" />
        </label>
        <main id="main">
          <p role="alert">No user “Sam.Stuck”.</p>
          <a href="/users/sam.stuck" data-user-offer="">
            sam.stuck
          </a>
          <a href="/users/ari" data-user-offer="">
            ari
          </a>
        </main>
        <ConsoleShortcuts />
      </>,
    );
    await user.click(screen.getByRole('textbox', { name: 'User' }));
    await user.keyboard('Sam.Stuck{ArrowDown}');
    expect(screen.getByRole('link', { name: 'sam.stuck' })).toHaveFocus();
  });

  it("f presses the open drawer's first fix, else the user's, and says which", async () => {
    const user = userEvent.setup();
    const fixed: string[] = [];
    render(<Page onFix={(where) => fixed.push(where)} />);
    await user.keyboard('f');
    expect(fixed).toEqual(['user']);
    expect(screen.getByRole('status')).toHaveTextContent('Fix: Remove this device…');
    await user.keyboard('j{Enter}f');
    expect(fixed).toEqual(['user', 'drawer']);
    expect(screen.getByRole('status')).toHaveTextContent('Fix: Clear the stuck badge');
  });

  it('f pressed while the Diagnosis reads waits for all its facts, then presses the first fix once', async () => {
    const user = userEvent.setup();
    const fixed: string[] = [];
    // The read-state fix arrives with the messages and ranks above the mute that was first until then.
    function ReadingDrawer() {
      const [read, setRead] = useState(false);
      const fixes = read ? ['Mark the last 5 messages unread', 'Mute for this user'] : ['Mute for this user'];
      return (
        <>
          <main id="main" />
          <dialog open aria-label="Product updates">
            <ul className="findings" aria-busy={!read}>
              {fixes.map((label) => (
                <li key={label} className="finding-fix">
                  <button type="button" onClick={() => fixed.push(label)}>
                    {label}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => setRead(true)}>
              Messages arrive
            </button>
          </dialog>
          <ConsoleShortcuts />
        </>
      );
    }
    render(<ReadingDrawer />);
    await user.keyboard('ff');
    expect(fixed).toEqual([]);
    expect(screen.getByRole('status')).toHaveTextContent('Waiting for the diagnosis to finish reading');
    await user.click(screen.getByRole('button', { name: 'Messages arrive' }));
    await waitFor(() => expect(fixed).toEqual(['Mark the last 5 messages unread']));
    expect(screen.getByRole('status')).toHaveTextContent('Fix: Mark the last 5 messages unread');
  });

  it('f with no suggested fix says so and presses nothing', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.keyboard('f');
    expect(screen.getByRole('status')).toHaveTextContent('No suggested fix here');
  });

  it('never fires while typing in a field', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('textbox', { name: 'Notes' }));
    await user.keyboard('j/k?mf');
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue('j/k?mf');
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
    expect(dialog).toHaveTextContent('From the User field to the first row of the table');
    expect(dialog).toHaveTextContent('Apply the first suggested fix');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument();
  });
});
