// A lock's Access tab as a place to take a key away: Revoke… on each key naming this lock that still opens, only
// when the sign-in may write, never on a group's key (it reaches other locks), and the tab reads again once a
// change was sent.
import { screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { LockAccess, WriteCapabilities } from '../../../shared/model';
import { ok } from '../../../shared/result';
import { renderWithMain } from '../../../../test/support/render-with-main';
import { canWrite, grant, readOnly } from '../../../../test/support/sample-writes';
import { manageSpy } from '../../../../test/support/manage-spy';
import { ManageContext } from '../manage/manage-context';
import { AccessTab } from './access-tab';

const robin = grant(
  'grant-1',
  'lock-front',
  { kind: 'contact', label: 'Robin Keyholder', contactId: 'contact-robin' },
  {},
);
const expired = grant(
  'grant-2',
  'lock-front',
  { kind: 'contact', label: 'Ann Old', contactId: 'contact-ann' },
  { validBefore: '2020-01-01T00:00:00.000Z' },
);
const pending = grant(
  'grant-3',
  'lock-front',
  { kind: 'card', label: 'Spare 3', boundCardId: 'card-spare' },
  { active: false, state: 'RevocationPending' },
);
const staff = grant(
  'grant-4',
  'group-staff',
  { kind: 'contact', label: 'Sam Staff', contactId: 'contact-sam' },
  { target: { kind: 'group', title: 'Staff' } },
);
const access: LockAccess = {
  ownerAccountId: 'owner-office',
  boundLockId: 'lock-front',
  grants: [robin, expired, pending],
  invalid: [],
  groupGrants: [staff],
  groups: [
    { id: 'group-staff', title: 'Staff', description: null, active: true, statistics: null },
  ],
  memberships: null,
};

function show(caps: WriteCapabilities) {
  const manage = manageSpy(caps);
  const rendered = renderWithMain(
    <ManageContext.Provider value={manage}>
      <AccessTab ownerAccountId="owner-office" lockId="lock-front" lockTitle="Front door" />
    </ManageContext.Provider>,
    { 'access:list-grants': () => ok(access) },
  );
  return { ...rendered, manage };
}

describe('the Access tab, taking a key away', () => {
  it('offers Revoke… only on keys naming this lock that still open, and opens the dialog for that key', async () => {
    const { user, manage } = show(canWrite);
    await screen.findByTestId('grants-table');
    const buttons = screen.getAllByRole('button', { name: /^Revoke the key of/ });
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Revoke the key of Robin Keyholder',
    ]);
    expect(
      within(screen.getByTestId('group-grants-table')).queryByRole('button', { name: /Revoke/ }),
    ).toBeNull();
    await user.click(buttons[0]!);
    expect(manage.revoke).toHaveBeenCalledWith({
      ownerAccountId: 'owner-office',
      grant: robin,
      lockTitle: 'Front door',
    });
  });

  it('offers nothing to a sign-in that cannot write', async () => {
    show(readOnly);
    await screen.findByTestId('grants-table');
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });

  it('reads the grants again once a change was sent', async () => {
    const manage = manageSpy(canWrite);
    // The shell's lastSent moves when the strip's change has been sent.
    function Shell() {
      const [lastSent, setLastSent] = useState<string | null>(null);
      return (
        <ManageContext.Provider value={{ ...manage, lastSent }}>
          <button type="button" onClick={() => setLastSent('change-1')}>
            sent
          </button>
          <AccessTab ownerAccountId="owner-office" lockId="lock-front" lockTitle="Front door" />
        </ManageContext.Provider>
      );
    }
    const { main, user } = renderWithMain(<Shell />, { 'access:list-grants': () => ok(access) });
    await screen.findByTestId('grants-table');
    const reads = () => main.calls.filter((c) => c.channel === 'access:list-grants').length;
    expect(reads()).toBe(1);
    main.answer({
      'access:list-grants': () =>
        ok({ ...access, grants: [{ ...robin, active: false, state: 'RevocationPending' }] }),
    });
    await user.click(screen.getByRole('button', { name: 'sent' }));
    expect(
      await screen.findByText('Revoking: pending until the lock syncs', { exact: false }),
    ).toBeTruthy();
    expect(reads()).toBe(2);
    expect(screen.queryByRole('button', { name: /^Revoke the key of/ })).toBeNull();
  });
});
