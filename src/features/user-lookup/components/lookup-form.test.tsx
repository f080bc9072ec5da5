import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { fake } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { LookupForm } from './lookup-form.tsx';

const SUPPORT = SEED.services.support.sid;

function renderForm(props: Partial<Parameters<typeof LookupForm>[0]> = {}) {
  const onLookUp = vi.fn();
  const onFindParticipant = vi.fn();
  const result = renderWithClient(
    <LookupForm
      api="conversations"
      service={null}
      user={null}
      onLookUp={onLookUp}
      onFindParticipant={onFindParticipant}
      {...props}
    />,
  );
  return { ...result, onLookUp, onFindParticipant };
}

describe('LookupForm in Conversations mode', () => {
  it('starts on the default service, named as such, so no choice is needed', async () => {
    localStorage.clear();
    const { user, onLookUp } = renderForm();
    const service = screen.getByRole('combobox', { name: 'Service' });
    await within(service).findByRole('option', { name: /Acme Support .*— default/ });
    expect(service).toHaveValue(SUPPORT);
    await user.type(screen.getByRole('textbox', { name: 'User' }), 'alice@example.com');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(onLookUp).toHaveBeenCalledWith({
      api: 'conversations',
      service: SUPPORT,
      user: 'alice@example.com',
    });
  });

  it('takes an address to the participant lookup, and refuses a malformed one before anything is sent', async () => {
    const { user, onLookUp, onFindParticipant } = renderForm({ service: SUPPORT });
    const field = screen.getByRole('textbox', { name: 'User' });
    await screen.findByRole('option', { name: /Acme Support/ });
    await user.type(field, '+44 7700 9OO123');
    fake.log.clear();
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/isn't an address/);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(fake.log).toHaveLength(0);
    expect(onFindParticipant).not.toHaveBeenCalled();

    await user.clear(field);
    await user.type(field, 'whatsapp:+44 7700 900123');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(onFindParticipant).toHaveBeenCalledWith({ service: SUPPORT, address: 'whatsapp:+447700900123' });
    expect(onLookUp).not.toHaveBeenCalled();
  });

  it('offers only the APIs the server reaches (no Chat outside US1)', () => {
    renderForm({ api: 'chat-v2', apis: ['conversations'] });
    const api = screen.getByRole('combobox', { name: 'API' });
    expect(
      within(api)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Conversations']);
    expect(api).toHaveValue('conversations');
  });

  it('keeps an identity that merely contains a + an identity, in Chat too', async () => {
    const { user, onLookUp, onFindParticipant } = renderForm({ api: 'chat-v2', service: SUPPORT });
    await screen.findByRole('option', { name: /Acme Support/ });
    await user.type(screen.getByRole('textbox', { name: 'User' }), '+15551234567');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(onLookUp).toHaveBeenCalledWith({ api: 'chat-v2', service: SUPPORT, user: '+15551234567' });
    expect(onFindParticipant).not.toHaveBeenCalled();
  });
});
