import { describe, expect, it } from 'vitest';
import type { BoundLock, OwnerAccountsList } from '../../../shared/model';
import { keyOf } from '../search/search-index';
import {
  browseReducer,
  initialBrowseState,
  loadingCount,
  searchGroupsOf,
  type BrowseAction,
  type BrowseState,
} from './browse-state';

const list: OwnerAccountsList = {
  accounts: [
    { id: 'A', name: 'Home', active: true },
    { id: 'B', name: 'Office', active: false },
  ],
  invalid: [],
};
const lock = (id: string, ownerAccountId: string): BoundLock => ({
  id,
  ownerAccountId,
  title: `Lock ${id}`,
  description: null,
  active: true,
  bindDate: null,
  unbindDate: null,
  physicalLockId: null,
  lockTypeId: null,
  lockType: null,
  readableLockId: null,
  lockTypeLabel: 'Lock',
  raw: {},
});
const run = (actions: BrowseAction[], from: BrowseState = initialBrowseState) =>
  actions.reduce(browseReducer, from);
const started: BrowseAction[] = [
  { type: 'refresh-started', generation: 1 },
  { type: 'accounts-loaded', generation: 1, list, at: 1 },
];

describe('browse state', () => {
  it('selects the first account and shows each account as its locks arrive', () => {
    const s = run([
      ...started,
      {
        type: 'locks-loaded',
        generation: 1,
        page: { ownerAccountId: 'B', locks: [lock('b1', 'B')], invalid: [] },
        at: 2,
      },
    ]);
    expect(s.selectedId).toBe('A');
    expect(s.locks.A!.status).toBe('loading');
    expect(s.locks.B!.status).toBe('loaded');
    expect(keyOf(s.locks.B!.entries[0]!)).toContain('lock b1');
    expect(s.locks.B!.updatedAt).toBe(2);
    expect(loadingCount(s)).toBe(1);
    expect(s.lastUpdated).toBeNull();
  });

  it('keeps other accounts when one fails, and records when everything settled', () => {
    const s = run([
      ...started,
      {
        type: 'locks-failed',
        generation: 1,
        ownerAccountId: 'A',
        error: { code: 'server', message: 'Tapkey is unavailable.' },
        at: 2,
      },
      {
        type: 'locks-loaded',
        generation: 1,
        page: { ownerAccountId: 'B', locks: [lock('b1', 'B')], invalid: [] },
        at: 3,
      },
    ]);
    expect(s.locks.A).toMatchObject({ status: 'error', error: { code: 'server' } });
    expect(s.locks.B!.locks).toHaveLength(1);
    expect(s.lastUpdated).toBe(3);
  });

  it('retries one account without touching the rest', () => {
    const failed = run([
      ...started,
      {
        type: 'locks-failed',
        generation: 1,
        ownerAccountId: 'A',
        error: { code: 'network', message: 'offline' },
        at: 2,
      },
    ]);
    const retrying = browseReducer(failed, {
      type: 'locks-started',
      generation: 1,
      ownerAccountId: 'A',
    });
    expect(retrying.locks.A).toMatchObject({ status: 'loading', error: null });
    const done = browseReducer(retrying, {
      type: 'locks-loaded',
      generation: 1,
      page: {
        ownerAccountId: 'A',
        locks: [],
        invalid: [{ index: 0, id: 'x', problem: 'no title' }],
      },
      at: 5,
    });
    expect(done.locks.A).toMatchObject({ status: 'loaded', locks: [], invalid: [{ id: 'x' }] });
  });

  it('drops answers from before a refresh, and keeps old data visible while refreshing', () => {
    const loaded = run([
      ...started,
      {
        type: 'locks-loaded',
        generation: 1,
        page: { ownerAccountId: 'A', locks: [lock('a1', 'A')], invalid: [] },
        at: 2,
      },
    ]);
    const refreshing = run(
      [
        { type: 'refresh-started', generation: 2 },
        {
          type: 'locks-loaded',
          generation: 1,
          page: { ownerAccountId: 'A', locks: [], invalid: [] },
          at: 3,
        },
      ],
      loaded,
    );
    expect(refreshing.locks.A!.locks).toHaveLength(1);
    expect(refreshing.accounts).toBe(list);
    const again = browseReducer(refreshing, {
      type: 'accounts-loaded',
      generation: 2,
      list,
      at: 4,
    });
    expect(again.locks.A).toMatchObject({ status: 'loading', locks: [{ id: 'a1' }] });
  });

  it('keeps the selection across refresh when the account still exists, else picks the first', () => {
    const s = browseReducer(run(started), { type: 'select', ownerAccountId: 'B' });
    expect(
      run(
        [
          { type: 'refresh-started', generation: 2 },
          { type: 'accounts-loaded', generation: 2, list, at: 2 },
        ],
        s,
      ).selectedId,
    ).toBe('B');
    const onlyA = { accounts: [list.accounts[0]!], invalid: [] };
    const t = run(
      [
        { type: 'refresh-started', generation: 2 },
        { type: 'accounts-loaded', generation: 2, list: onlyA, at: 2 },
      ],
      s,
    );
    expect(t.selectedId).toBe('A');
    expect(t.locks.B).toBeUndefined();
  });

  it('settles immediately when there are no owner accounts, and reports a failed account list', () => {
    const none = run([
      { type: 'refresh-started', generation: 1 },
      { type: 'accounts-loaded', generation: 1, list: { accounts: [], invalid: [] }, at: 7 },
    ]);
    expect(none.lastUpdated).toBe(7);
    expect(none.selectedId).toBeNull();
    const failed = run([
      { type: 'refresh-started', generation: 1 },
      {
        type: 'accounts-failed',
        generation: 1,
        error: { code: 'permission', message: 'no scope' },
      },
    ]);
    expect(failed).toMatchObject({
      accountsStatus: 'error',
      accountsError: { code: 'permission' },
    });
  });

  it('gives search groups in account order', () => {
    const s = run([
      ...started,
      {
        type: 'locks-loaded',
        generation: 1,
        page: { ownerAccountId: 'B', locks: [lock('b1', 'B')], invalid: [] },
        at: 2,
      },
    ]);
    expect(searchGroupsOf(s.accounts, s.locks).map((g) => g.length)).toEqual([0, 1]);
  });
});
