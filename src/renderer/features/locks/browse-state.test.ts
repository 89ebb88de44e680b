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
/** Main's answer with one account's locks (all readable) for load `generation`, at time `at`. */
const loaded = (
  ownerAccountId: string,
  locks: BoundLock[],
  at: number,
  generation = 1,
): BrowseAction => ({
  type: 'locks-loaded',
  generation,
  page: { ownerAccountId, locks, invalid: [] },
  at,
});
const started: BrowseAction[] = [
  { type: 'refresh-started', generation: 1 },
  { type: 'accounts-loaded', generation: 1, list, at: 1 },
];

describe('browse state', () => {
  it('selects the first account and shows each account as its locks arrive', () => {
    const s = run([...started, loaded('B', [lock('b1', 'B')], 2)]);
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
      loaded('B', [lock('b1', 'B')], 3),
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
    const before = run([...started, loaded('A', [lock('a1', 'A')], 2)]);
    const refreshing = run(
      [{ type: 'refresh-started', generation: 2 }, loaded('A', [], 3)],
      before,
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
    const s = run([...started, loaded('B', [lock('b1', 'B')], 2)]);
    expect(searchGroupsOf(s.accounts, s.locks).map((g) => g.length)).toEqual([0, 1]);
  });
});

describe('starting from the last-known snapshot', () => {
  const asOf = Date.UTC(2026, 11, 1, 10, 42);
  const snapshot = {
    asOf,
    accounts: list,
    locks: [
      {
        ownerAccountId: 'A',
        locks: [lock('1', 'A'), lock('2', 'A')],
        invalid: [],
        updatedAt: asOf,
      },
      { ownerAccountId: 'B', locks: [lock('3', 'B')], invalid: [], updatedAt: asOf - 1 },
    ],
    selectedId: 'B',
  };
  const shown = run([{ type: 'snapshot-loaded', snapshot }]);

  it('shows every account as the snapshot left it, with its selection and date', () => {
    expect(shown.accounts).toBe(list);
    expect(shown.selectedId).toBe('B');
    expect(shown.snapshotAsOf).toBe(asOf);
    expect(shown.locks.A?.locks?.map((l) => l.id)).toEqual(['1', '2']);
    expect(shown.locks.B?.updatedAt).toBe(asOf - 1);
    expect(searchGroupsOf(shown.accounts, shown.locks).map((g) => g.length)).toEqual([2, 1]);
  });

  it('never replaces live data, and falls back to the first account for a selection that is gone', () => {
    const live = run(started);
    expect(browseReducer(live, { type: 'snapshot-loaded', snapshot })).toBe(live);
    const gone = run([{ type: 'snapshot-loaded', snapshot: { ...snapshot, selectedId: 'Z' } }]);
    expect(gone.selectedId).toBe('A');
  });

  it('marks exactly what the live load changed, and keeps the selection', () => {
    const renamed = { ...lock('2', 'A'), title: 'Renamed' };
    const s = run(
      [
        { type: 'refresh-started', generation: 1 },
        { type: 'accounts-loaded', generation: 1, list, at: asOf + 10 },
        loaded('A', [renamed, lock('4', 'A')], asOf + 20),
        loaded('B', [lock('3', 'B')], asOf + 30),
      ],
      shown,
    );
    expect(s.selectedId).toBe('B');
    expect([...(s.locks.A?.changes?.added ?? [])]).toEqual(['4']);
    expect([...(s.locks.A?.changes?.changed ?? [])]).toEqual(['2']);
    expect(s.locks.A?.changes?.removed).toEqual([{ id: '1', title: 'Lock 1' }]);
    // An account whose locks came back the same is not marked at all.
    expect(s.locks.B?.changes).toBeNull();
    // All live now: the snapshot's date no longer describes the screen.
    expect(s.snapshotAsOf).toBeNull();
    expect(s.lastUpdated).toBe(asOf + 30);
    const cleared = browseReducer(s, { type: 'marks-cleared' });
    expect(cleared.locks.A?.changes).toBeNull();
    expect(cleared.locks.A?.locks).toBe(s.locks.A?.locks);
  });

  it('is offline when Tapkey cannot be reached, and keeps the data; a refusal is not "offline"', () => {
    const refreshing = run([{ type: 'refresh-started', generation: 1 }], shown);
    for (const code of ['network', 'timeout', 'server'] as const) {
      const s = browseReducer(refreshing, {
        type: 'accounts-failed',
        generation: 1,
        error: { code, message: 'x' },
      });
      expect(s.offline, code).toBe(true);
      expect(s.locks).toBe(shown.locks);
    }
    const refused = browseReducer(refreshing, {
      type: 'accounts-failed',
      generation: 1,
      error: { code: 'permission', message: 'x' },
    });
    expect(refused.offline).toBe(false);
    // Without a snapshot on screen, an unreachable Tapkey is the ordinary error.
    const fresh = run([
      { type: 'refresh-started', generation: 1 },
      { type: 'accounts-failed', generation: 1, error: { code: 'network', message: 'x' } },
    ]);
    expect(fresh.offline).toBe(false);
  });

  it('offline, the account on screen (asked for beside the accounts) keeps its rows without an error of its own', () => {
    const unreachable = { code: 'network', message: 'Tapkey could not be reached.' } as const;
    const failedFirst = run(
      [
        { type: 'refresh-started', generation: 1 },
        { type: 'locks-failed', generation: 1, ownerAccountId: 'B', error: unreachable, at: 1 },
        { type: 'accounts-failed', generation: 1, error: unreachable },
      ],
      shown,
    );
    const failedAfter = run(
      [
        { type: 'refresh-started', generation: 1 },
        { type: 'accounts-failed', generation: 1, error: unreachable },
        { type: 'locks-failed', generation: 1, ownerAccountId: 'B', error: unreachable, at: 1 },
      ],
      shown,
    );
    for (const s of [failedFirst, failedAfter]) {
      expect(s.offline).toBe(true);
      expect(s.locks.B?.status).toBe('loaded');
      expect(s.locks.B?.error).toBeNull();
      expect(s.locks.B?.locks).toBe(shown.locks.B?.locks);
    }
    // A refusal is not "offline": it stays the account's own error.
    const refused = run(
      [
        { type: 'refresh-started', generation: 1 },
        {
          type: 'locks-failed',
          generation: 1,
          ownerAccountId: 'B',
          error: { code: 'permission', message: 'No.' },
          at: 1,
        },
        { type: 'accounts-failed', generation: 1, error: unreachable },
      ],
      shown,
    );
    expect(refused.locks.B?.status).toBe('error');
  });
});

describe('the rest of the snapshot', () => {
  const asOf = 1_000;
  const part = (id: string, locks: BoundLock[]) => ({
    ownerAccountId: id,
    locks,
    invalid: [],
    updatedAt: asOf,
  });
  const first = run([
    {
      type: 'snapshot-loaded',
      snapshot: { asOf, accounts: list, locks: [part('A', [lock('1', 'A')])], selectedId: null },
    },
  ]);

  it('waits as "loading" for the accounts not sent yet, then shows them', () => {
    expect(first.locks.B?.locks).toBeNull();
    expect(first.locks.B?.status).toBe('loading');
    const s = browseReducer(first, {
      type: 'snapshot-locks',
      locks: [part('B', [lock('3', 'B')])],
    });
    expect(s.locks.B?.locks?.map((l) => l.id)).toEqual(['3']);
    expect(s.locks.B?.status).toBe('loaded');
  });

  it('never replaces rows the live load already brought', () => {
    const live = run(
      [
        { type: 'refresh-started', generation: 1 },
        { type: 'accounts-loaded', generation: 1, list, at: asOf + 1 },
        loaded('B', [lock('9', 'B')], asOf + 2),
      ],
      first,
    );
    const s = browseReducer(live, { type: 'snapshot-locks', locks: [part('B', [lock('3', 'B')])] });
    expect(s.locks.B?.locks?.map((l) => l.id)).toEqual(['9']);
  });
});

describe('a refresh that asks for the account on screen beside the owner accounts', () => {
  const firstLoad = run([
    ...started,
    loaded('A', [lock('a1', 'A')], 2),
    loaded('B', [lock('b1', 'B')], 2),
  ]);
  const pageOf = (ownerAccountId: string, ...ids: string[]) => ({
    ownerAccountId,
    locks: ids.map((id) => lock(id, ownerAccountId)),
    invalid: [],
  });

  it('keeps its answer when it comes before the list of accounts, and waits only for the others', () => {
    const s = run(
      [
        { type: 'refresh-started', generation: 2 },
        { type: 'locks-loaded', generation: 2, page: pageOf('A', 'a1', 'a2'), at: 3 },
        { type: 'accounts-loaded', generation: 2, list, at: 4 },
      ],
      firstLoad,
    );
    expect(s.locks.A!.status).toBe('loaded');
    expect(s.locks.A!.locks!.map((l) => l.id)).toEqual(['a1', 'a2']);
    expect([...(s.locks.A!.changes?.added ?? [])]).toEqual(['a2']);
    expect(s.locks.B!.status).toBe('loading');
    expect(loadingCount(s)).toBe(1);
    const done = run([{ type: 'locks-loaded', generation: 2, page: pageOf('B', 'b1'), at: 5 }], s);
    expect(done.lastUpdated).toBe(5);
  });

  it('an answer from the previous refresh does not count for this one', () => {
    const s = run(
      [
        { type: 'refresh-started', generation: 2 },
        { type: 'accounts-loaded', generation: 2, list, at: 4 },
      ],
      firstLoad,
    );
    expect(s.locks.A!.status).toBe('loading');
    expect(s.locks.B!.status).toBe('loading');
  });

  it('an account Tapkey no longer lists is dropped with its answer, success or failure', () => {
    const onlyB: OwnerAccountsList = { accounts: [list.accounts[1]!], invalid: [] };
    for (const early of [
      { type: 'locks-loaded', generation: 2, page: pageOf('A', 'a1'), at: 3 },
      {
        type: 'locks-failed',
        generation: 2,
        ownerAccountId: 'A',
        error: { code: 'forbidden', message: 'No access.' },
        at: 3,
      },
    ] as BrowseAction[]) {
      const s = run(
        [
          { type: 'refresh-started', generation: 2 },
          early,
          { type: 'accounts-loaded', generation: 2, list: onlyB, at: 4 },
          { type: 'locks-loaded', generation: 2, page: pageOf('B', 'b1'), at: 5 },
        ],
        firstLoad,
      );
      expect(Object.keys(s.locks)).toEqual(['B']);
      expect(s.selectedId).toBe('B');
      expect(s.lastUpdated).toBe(5);
    }
  });

  it('an account not on screen yet is kept until the list says whether it exists', () => {
    const s = run([
      { type: 'refresh-started', generation: 1 },
      { type: 'locks-loaded', generation: 1, page: pageOf('A', 'a1'), at: 1 },
      { type: 'accounts-loaded', generation: 1, list, at: 2 },
    ]);
    expect(s.locks.A!.status).toBe('loaded');
    // Once the list is in, an answer for an account it does not name is dropped.
    const late = run([{ type: 'locks-loaded', generation: 1, page: pageOf('C', 'c1'), at: 3 }], s);
    expect(late.locks.C).toBeUndefined();
  });
});
