// The browse screen's states without a journey: accounts loading, failed and retried, none at all, unreadable
// ones; an account's locks loading, failed and retried, empty, partly unreadable; search and filters that leave
// nothing. Main is the fake of test/support/fake-main, answering as the real dispatcher would.
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { later, type Answers } from '../../../../test/support/fake-main';
import { expectRetryHeals, renderWithMain } from '../../../../test/support/render-with-main';
import { account, lock, page } from '../../../../test/support/sample-data';
import type { BoundLocksPage, OwnerAccountsList } from '../../../shared/model';
import { fail, ok, type Result } from '../../../shared/result';
import { BrowseView } from './browse-view';

const office = account('owner-office', 'Office');
const home = account('owner-home', 'Home');
const officeLocks = page('owner-office', [
  lock('owner-office', 'lock-1', 'Front door'),
  lock('owner-office', 'lock-2', 'Server room', { active: false }),
]);
const homeLocks = page('owner-home', [
  lock('owner-home', 'lock-3', 'Garage', { lockTypeLabel: 'Gate' }),
]);
const locksOf: Record<string, BoundLocksPage> = {
  'owner-office': officeLocks,
  'owner-home': homeLocks,
};
const twoAccounts: Answers = {
  'tapkey:list-owner-accounts': () => ok({ accounts: [office, home], invalid: [] }),
  'tapkey:list-bound-locks': (id) => ok(locksOf[id]!),
};

const show = (answers: Answers) => renderWithMain(<BrowseView />, answers);
const summary = () => screen.getByTestId('locks-summary').textContent;

describe('the browse screen', () => {
  it('says it is loading the owner accounts until main answers, then shows the first account’s locks', async () => {
    const accounts = later<Result<OwnerAccountsList>>();
    const { main } = show({ ...twoAccounts, 'tapkey:list-owner-accounts': () => accounts.promise });
    expect(screen.getByText('Loading your owner accounts…')).toBeTruthy();
    expect(screen.getByTestId('last-updated').textContent).toBe('Loading owner accounts…');
    accounts.resolve(ok({ accounts: [office, home], invalid: [] }));
    expect((await screen.findByRole('heading', { name: 'Office' })).id).toBe('locks-heading');
    await waitFor(() => expect(summary()).toBe('2 locks'));
    expect(screen.getByTestId('last-updated').textContent).toMatch(/^2 of 2 accounts updated/);
    // The account on screen loads first and ahead of the others; every account's locks load.
    expect(main.calls.filter((c) => c.channel.startsWith('tapkey:')).slice(1)).toEqual([
      { channel: 'tapkey:list-bound-locks', args: ['owner-office', { priority: true }] },
      { channel: 'tapkey:list-bound-locks', args: ['owner-home'] },
    ]);
  });

  it('on Refresh, asks for the account on screen beside the owner accounts, and for it once', async () => {
    const { main, user } = show(twoAccounts);
    await waitFor(() =>
      expect(screen.getByTestId('last-updated').textContent).toMatch(/^2 of 2 accounts updated/),
    );
    const accounts = later<Result<OwnerAccountsList>>();
    main.answer({ 'tapkey:list-owner-accounts': () => accounts.promise });
    const before = main.calls.length;
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    // The locks of the account on screen (Office) are asked for while the list of accounts is on its way.
    await waitFor(() =>
      expect(main.calls.slice(before)).toEqual([
        { channel: 'tapkey:list-bound-locks', args: ['owner-office', { priority: true }] },
        { channel: 'tapkey:list-owner-accounts', args: [] },
      ]),
    );
    accounts.resolve(ok({ accounts: [office, home], invalid: [] }));
    await waitFor(() =>
      expect(screen.getByTestId('last-updated').textContent).toMatch(/^2 of 2 accounts updated/),
    );
    expect(main.calls.slice(before + 2)).toEqual([
      { channel: 'tapkey:list-bound-locks', args: ['owner-home'] },
    ]);
  });

  it('says why the owner accounts could not be loaded, and loads them on Retry', async () => {
    const shown = show({
      'tapkey:list-owner-accounts': () => fail('network', 'Tapkey could not be reached.'),
    });
    await expectRetryHeals(
      shown,
      {
        testId: 'accounts-error',
        says: 'Could not load your owner accounts. Tapkey could not be reached.Retry',
        exactly: true,
      },
      twoAccounts,
      () => screen.findByRole('heading', { name: 'Office' }),
    );
  });

  it('leaves an ended session to the shell’s banner', async () => {
    show({
      'tapkey:list-owner-accounts': () => fail('session-expired', 'Your sign-in has expired.'),
    });
    await waitFor(() =>
      expect(screen.getByTestId('last-updated').textContent).toBe(
        'Owner accounts could not be updated',
      ),
    );
    expect(screen.queryByTestId('accounts-error')).toBeNull();
  });

  it('explains an empty account list, and counts accounts Tapkey sent in a form it cannot read', async () => {
    show({
      'tapkey:list-owner-accounts': () =>
        ok({ accounts: [], invalid: [{ index: 0, id: null, problem: 'name is not a string' }] }),
    });
    expect((await screen.findByTestId('no-owner-accounts')).textContent).toContain(
      'You have no owner accounts.',
    );
    expect(screen.getByTestId('accounts-invalid').textContent).toBe(
      '1 owner account could not be read: Tapkey sent data this app does not understand.',
    );
  });

  it('shows an account’s locks loading, failing with a Retry, then loaded', async () => {
    const officeAnswer = later<Result<BoundLocksPage>>();
    const { main, user } = show({
      ...twoAccounts,
      'tapkey:list-bound-locks': (id) =>
        id === 'owner-office' ? officeAnswer.promise : ok(homeLocks),
    });
    await screen.findByRole('heading', { name: 'Office' });
    expect(summary()).toBe('Loading locks…');
    officeAnswer.resolve(fail('server', 'Tapkey answered with an error (HTTP 503).'));
    await expectRetryHeals(
      { main, user },
      {
        testId: 'account-error',
        says: 'Could not load the locks of this account. Tapkey answered with an error (HTTP 503).Retry',
        exactly: true,
      },
      { 'tapkey:list-bound-locks': (id) => ok(locksOf[id]!) },
      () => waitFor(() => expect(summary()).toBe('2 locks')),
    );
  });

  it('explains an account without locks, and lists locks it could not read', async () => {
    show({
      'tapkey:list-owner-accounts': () => ok({ accounts: [office], invalid: [] }),
      'tapkey:list-bound-locks': () =>
        ok({
          ownerAccountId: 'owner-office',
          locks: [],
          invalid: [{ index: 3, id: 'lock-9', problem: 'title is missing' }],
        }),
    });
    expect((await screen.findByTestId('account-empty')).textContent).toContain(
      'Locks appear here once they are bound to “Office”',
    );
    expect(screen.getByTestId('account-invalid').textContent).toBe(
      '1 lock could not be read: Tapkey sent it in a form this app does not understand.Lock lock-9: title is missing',
    );
  });

  it('says when a search or the filters leave nothing, and what search looks at', async () => {
    const { user } = show(twoAccounts);
    await waitFor(() => expect(summary()).toBe('2 locks'));
    await user.click(screen.getByRole('button', { name: 'Inactive' }));
    await waitFor(() => expect(summary()).toBe('1 of 2 locks'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Lock type' }), 'Gate');
    await waitFor(() => expect(summary()).toBe('0 of 2 locks'));
    expect(screen.getByTestId('no-matches').textContent).toBe(
      'No lock matches the status and type filters.',
    );
    await user.type(screen.getByRole('searchbox', { name: 'Search all locks' }), 'zzz');
    await waitFor(() =>
      expect(screen.getByTestId('search-summary').textContent).toBe('No locks match “zzz”'),
    );
    expect(screen.getByRole('heading', { name: 'Search results' })).toBeTruthy();
    expect(screen.getByTestId('no-matches').textContent).toContain('Search looks at the title');
    expect(screen.getByRole('button', { name: 'Export…' }).hasAttribute('disabled')).toBe(true);
  });

  it('searches every account’s locks and says which accounts it could not search', async () => {
    const { user } = show({
      ...twoAccounts,
      'tapkey:list-bound-locks': (id) =>
        id === 'owner-home' ? fail('network', 'Tapkey could not be reached.') : ok(officeLocks),
    });
    await waitFor(() => expect(summary()).toBe('2 locks'));
    await user.type(screen.getByRole('searchbox', { name: 'Search all locks' }), 'door');
    await waitFor(() =>
      expect(screen.getByTestId('search-summary').textContent).toBe(
        '1 lock match “door” in 1 account · 1 owner account not searched: its locks are not loaded',
      ),
    );
  });
});
