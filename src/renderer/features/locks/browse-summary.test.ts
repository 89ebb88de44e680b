import { describe, expect, it } from 'vitest';
import { account, lock } from '../../../../test/support/sample-data';
import type { AccountLocks } from './browse-state';
import { paneHeading, type PaneView } from './browse-summary';

const office = account('owner-office', 'Office');
const loaded = (n: number, status: AccountLocks['status'] = 'loaded'): AccountLocks => ({
  status,
  locks: Array.from({ length: n }, (_, i) => lock('owner-office', `l${i}`, `Lock ${i}`)),
  invalid: [],
  entries: [],
  error: null,
  updatedAt: 1,
  changes: null,
  answeredIn: 0,
});
const view = (over: Partial<PaneView>): PaneView => ({
  query: '',
  allView: false,
  account: office,
  accountLocks: loaded(3),
  shownCount: 3,
  groupCount: 1,
  filtered: false,
  totalLocks: 3,
  unsearchable: 0,
  ...over,
});

describe('the locks pane heading', () => {
  it('names the account and counts its locks, filtered, reloading or still loading', () => {
    expect(paneHeading(view({}))).toEqual({ heading: 'Office', summary: '3 locks' });
    expect(paneHeading(view({ filtered: true, shownCount: 1 })).summary).toBe('1 of 3 locks');
    expect(paneHeading(view({ accountLocks: loaded(1, 'loading') })).summary).toBe(
      '1 lock · updating…',
    );
    expect(paneHeading(view({ accountLocks: undefined })).summary).toBe('Loading locks…');
    expect(paneHeading(view({ account: account('o2', '', false) }))).toEqual({
      heading: 'o2',
      summary: 'Inactive owner account · 3 locks',
    });
  });

  it('counts every account’s locks in the views over all of them', () => {
    expect(
      paneHeading(
        view({ allView: true, shownCount: 4, groupCount: 2, filtered: true, totalLocks: 1200 }),
      ),
    ).toEqual({ heading: 'All accounts', summary: '4 locks of 1,200 in 2 accounts' });
    expect(
      paneHeading(view({ allView: true, query: 'door', shownCount: 1, groupCount: 1 })),
    ).toEqual({
      heading: 'Search results',
      summary: '1 lock match “door” in 1 account',
    });
    expect(
      paneHeading(view({ allView: true, query: 'x', shownCount: 0, unsearchable: 2 })).summary,
    ).toBe('No locks match “x” · 2 owner accounts not searched: their locks are not loaded');
  });
});
