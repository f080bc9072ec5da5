import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SEED } from '../../../../mocks/seed.ts';
import { DIAGNOSIS_SEED } from '../../../../mocks/seed-diagnosis.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { fake } from '../../../testing/fake-server.ts';
import { renderWithClient } from '../../../testing/render.tsx';
import { UserDiagnosis } from './user-diagnosis.tsx';

const SUPPORT = SEED.services.support.sid;

/** The diagnosis as the user view places it: the line in its slot beside the summary, the list where it renders. */
function renderDiagnosis(identity: string, { canChange = true } = {}) {
  const userRef: UserRef = { api: 'chat-v2', service: SUPPORT, user: identity };
  const slot = document.createElement('div');
  document.body.append(slot);
  onTestFinished(() => slot.remove());
  const view = renderWithClient(
    <UserDiagnosis
      userRef={userRef}
      identity={identity}
      isNotifiable={true}
      joinedChannelsCount={2}
      canChange={canChange}
      lineSlot={{ current: slot }}
    />,
  );
  const line = () => within(slot).getByRole('region', { name: 'Diagnosis' });
  return { slot, view, line };
}

describe('the user’s diagnosis line', () => {
  it('says the first finding and offers its fix in the slot kept for it; the findings open on request', async () => {
    const { slot, view, line } = renderDiagnosis(DIAGNOSIS_SEED.users.pushes.identity);
    expect(await within(slot).findByText(/A device hasn't refreshed its registration/)).toBeInTheDocument();
    expect(within(line()).getByRole('button', { name: 'Remove this device…' })).toBeInTheDocument();
    // Not where the component renders: nothing there takes room until the findings are opened.
    const list = view.container.querySelector('.user-diagnosis');
    expect(list).not.toBeNull();
    expect(list).not.toBeVisible();

    const toggle = within(line()).getByRole('button', { name: /^All findings \(\d+\)$/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveTextContent('Hide findings');
    const findings = screen.getByRole('region', { name: 'Diagnosis findings' });
    expect(within(findings).getByText(/^Pushes go to \d+ devices$/)).toBeVisible();
  });

  it('a viewer reads the finding but gets no fix button on the line', async () => {
    const { slot, line } = renderDiagnosis(DIAGNOSIS_SEED.users.pushes.identity, { canChange: false });
    await within(slot).findByText(/A device hasn't refreshed its registration/);
    expect(within(line()).queryByRole('button', { name: 'Remove this device…' })).toBeNull();
  });

  it('says when there is nothing to fix', async () => {
    const { slot, line } = renderDiagnosis(SEED.users.alice.identity);
    expect(
      await within(slot).findByText(
        /Nothing found to fix in this user's devices, push settings or channel limit/,
      ),
    ).toBeInTheDocument();
    expect(within(line()).queryByRole('button')).toBeNull();
  });

  it('says which facts it couldn’t read, instead of a finding that may be missing one', async () => {
    fake.knobs.faults.push({ method: 'GET', pathIncludes: '/Bindings', status: 500 });
    const { slot, line } = renderDiagnosis(DIAGNOSIS_SEED.users.pushes.identity);
    expect(
      await within(slot).findByText(/^Couldn't read the devices \(.+\): the findings leave them out\.$/),
    ).toBeInTheDocument();
    expect(within(line()).queryByRole('button', { name: 'Remove this device…' })).toBeNull();
  });
});
