// The People view over the fake main: one account's people and cards with their keys, a search across every
// account, an account that could not be read (with Retry), a person's keys and activity with Revoke, and the write
// controls as the sign-in allows them (disabled with main's line when it cannot write).
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OwnerAccount, PeopleList, WriteCapabilities } from '../../../shared/model';
import { fail, ok } from '../../../shared/result';
import type { Answers } from '../../../../test/support/fake-main';
import { expectRetryHeals, renderWithMain } from '../../../../test/support/render-with-main';
import { canWrite, card, grant, person, readOnly } from '../../../../test/support/sample-writes';
import { manageSpy } from '../../../../test/support/manage-spy';
import { ManageContext } from '../manage/manage-context';
import { PeopleView } from './people-view';

const accounts: OwnerAccount[] = [
  { id: 'owner-office', name: 'Office', active: true },
  { id: 'owner-home', name: 'Home', active: true },
];
const LOCKS: Record<string, string> = {
  'lock-front': 'Front door',
  'lock-back': 'Back door',
  'lock-gate': 'Main gate',
};
const robinKey = grant('grant-1', 'lock-front', { kind: 'contact', contactId: 'contact-robin' });
const robinOld = grant(
  'grant-2',
  'lock-back',
  { kind: 'contact', contactId: 'contact-robin' },
  { validBefore: '2020-01-01T00:00:00.000Z' },
);
const office: PeopleList = {
  ownerAccountId: 'owner-office',
  holders: [
    card('owner-office', 'card-spare', 'Spare 3', [
      grant('grant-c', 'lock-front', { kind: 'card' }),
    ]),
    person('owner-office', 'contact-robin', 'robin@example.org', 'Robin Keyholder', [
      robinKey,
      robinOld,
    ]),
    person('owner-office', 'contact-ann', 'ann@example.org', null),
  ],
  invalid: [],
};
const home: PeopleList = {
  ownerAccountId: 'owner-home',
  holders: [
    person('owner-home', 'contact-r2', 'robin@example.org', null, [
      grant('grant-h', 'lock-gate', { kind: 'contact', contactId: 'contact-r2' }),
    ]),
  ],
  invalid: [],
};

function show(answers: Answers, caps: WriteCapabilities | null = canWrite) {
  const manage = manageSpy(caps);
  const rendered = renderWithMain(
    <ManageContext.Provider value={manage}>
      <PeopleView
        accounts={accounts}
        accountId="owner-office"
        lockTitle={(_, id) => LOCKS[id] ?? null}
      />
    </ManageContext.Provider>,
    answers,
  );
  return { ...rendered, manage };
}

const both: Answers = {
  'people:list': (id) => ok(id === 'owner-office' ? office : home),
  'access:list-account-log': () =>
    ok({
      entries: [
        {
          id: 'log-1',
          entryNo: 1,
          lockTimestamp: '2026-11-30T08:00:00.000Z',
          receivedAt: null,
          logType: 'Command',
          command: 'TriggerLock',
          boundLockId: 'lock-front',
          holder: { ...robinKey.holder, label: 'Robin Keyholder' },
        },
      ],
      invalid: [],
      nextCursor: null,
    }),
};
const rows = () =>
  screen.getAllByTestId('person-row').map((r) =>
    within(r)
      .getAllByRole('cell')
      .map((c) => c.textContent),
  );

describe('the People view', () => {
  it('lists the account’s people, then cards, with their keys and the places they open', async () => {
    const { main } = show(both);
    await screen.findAllByTestId('person-row');
    expect(screen.getByRole('heading', { name: 'People in Office' })).toBeTruthy();
    expect(screen.getByTestId('people-summary').textContent).toBe('3 people and cards');
    // A person's keys open a door today or later; an expired grant stays active at Tapkey until revoked, so it is
    // counted beside them, and its place is not listed. On a card, it takes a place until revoked.
    expect(rows()).toEqual([
      ['ann@example.org', 'Person', '0 keys', '—'],
      ['Robin Keyholderrobin@example.org', 'Person', '1 key, 1 expired', 'Front door'],
      ['Spare 3', 'Card', '1 of 12 keys', 'Front door'],
    ]);
    expect(main.calls.map((c) => c.args[0])).toEqual(['owner-office']);
  });

  it('searches every account, saying which account each match is in', async () => {
    const { main, user } = show(both);
    await screen.findAllByTestId('person-row');
    await user.type(screen.getByRole('searchbox'), 'robin');
    expect(await screen.findByRole('heading', { name: 'People matching “robin”' })).toBeTruthy();
    await screen.findByText('Home');
    // By name: "Robin Keyholder" (Office) before "robin@example.org" (Home).
    expect(rows().map((r) => r.at(-1))).toEqual(['Office', 'Home']);
    expect(main.calls.map((c) => c.args[0])).toEqual(['owner-office', 'owner-home']);
    await user.type(screen.getByRole('searchbox'), ' nobody');
    expect(screen.getByText(/^Nobody matches/)).toBeTruthy();
  });

  it('says which account could not be read, and reads it again on Retry', async () => {
    const shown = show({
      'people:list': () => fail('network', 'No connection to Tapkey.'),
    });
    await expectRetryHeals(
      shown,
      { alert: true, says: 'Could not load the people of Office. No connection to Tapkey.' },
      both,
      () => screen.findAllByTestId('person-row'),
    );
  });

  it('opens a person: keys (Revoke only for one that still opens), activity, Give and Remove all', async () => {
    const { main, user, manage } = show(both);
    await user.click(await screen.findByRole('button', { name: 'Robin Keyholder' }));
    const detail = screen.getByTestId('person-detail');
    expect(within(detail).getByRole('heading', { name: 'Robin Keyholder' })).toBeTruthy();
    const keys = within(detail).getAllByTestId('person-key');
    expect(keys.map((k) => k.getAttribute('data-id'))).toEqual(['grant-1', 'grant-2']);
    expect(within(keys[1]!).getByText('Expired')).toBeTruthy();
    expect(within(keys[1]!).queryByRole('button')).toBeNull();
    await user.click(
      within(keys[0]!).getByRole('button', { name: 'Revoke the key for Front door' }),
    );
    expect(manage.revoke).toHaveBeenCalledWith({
      ownerAccountId: 'owner-office',
      grant: robinKey,
      lockTitle: 'Front door',
    });
    const activity = await screen.findByTestId('person-activity');
    expect(
      within(activity)
        .getAllByRole('cell')
        .map((c) => c.textContent)
        .slice(1),
    ).toEqual(['Front door', 'Opened']);
    expect(main.calls.find((c) => c.channel === 'access:list-account-log')?.args).toEqual([
      'owner-office',
      { contactId: 'contact-robin' },
    ]);
    await user.click(within(detail).getByRole('button', { name: 'Give access…' }));
    expect(manage.give).toHaveBeenCalledWith({
      ownerAccountId: 'owner-office',
      holder: expect.objectContaining({ id: 'contact-robin' }),
    });
    await user.click(within(detail).getByRole('button', { name: 'Remove all access…' }));
    expect(manage.removeAll).toHaveBeenCalledWith(expect.objectContaining({ id: 'contact-robin' }));
    await user.click(within(detail).getByRole('button', { name: '← People' }));
    expect(screen.getByTestId('people-view')).toBeTruthy();
  });

  it('without the write permissions: Give access… disabled, with main’s line saying what to enable', async () => {
    const { user, manage } = show(both, readOnly);
    const give = screen.getByRole('button', { name: 'Give access…' }) as HTMLButtonElement;
    expect(give.disabled).toBe(true);
    expect(give.getAttribute('aria-describedby')).toBe('people-write-hint');
    expect(document.getElementById('people-write-hint')!.textContent).toBe(readOnly.hint);
    await user.click(await screen.findByRole('button', { name: 'Robin Keyholder' }));
    const detail = screen.getByTestId('person-detail');
    expect(within(detail).queryByRole('button', { name: /^Revoke/ })).toBeNull();
    expect(
      (within(detail).getByRole('button', { name: 'Remove all access…' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    expect(manage.give).not.toHaveBeenCalled();
  });
});
