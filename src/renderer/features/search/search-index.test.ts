import { describe, expect, it } from 'vitest';
import type { BoundLock } from '../../../shared/model';
import {
  buildEntries,
  createSearcher,
  keyOf,
  queryTerms,
  searchGroups,
  searchKey,
  sortFold,
} from './search-index';

function lock(over: Partial<BoundLock>): BoundLock {
  return {
    id: 'L1',
    ownerAccountId: 'O1',
    title: 'Entrance Door',
    description: 'Main building',
    active: true,
    bindDate: '2018-12-12T12:00:00.000Z',
    unbindDate: null,
    physicalLockId: 'BAASNL/7',
    lockTypeId: 'TK.Td30',
    lockType: null,
    readableLockId: '12-34-BF-FB',
    lockTypeLabel: 'Td30',
    raw: {},
    ...over,
  };
}

describe('search index', () => {
  it('finds a lock by title, description, readable id with or without dashes, and id, ignoring case', () => {
    const key = searchKey(lock({}));
    for (const q of ['entrance', 'MAIN BUILD', '34-bf', '34bf', 'l1', 'baasnl']) {
      expect(searchGroups([buildEntries([lock({})])], queryTerms(q))).toHaveLength(1);
    }
    expect(key).toBe(key.toLowerCase());
  });

  it('requires every term and never matches across two fields', () => {
    const g = [buildEntries([lock({ title: 'Back door', description: 'garage' })])];
    expect(searchGroups(g, queryTerms('door garage'))).toHaveLength(1);
    expect(searchGroups(g, queryTerms('door cellar'))).toHaveLength(0);
    expect(searchGroups(g, queryTerms('doorgarage'))).toHaveLength(0);
  });

  it('finds a lock by its lock type and its owner account name', () => {
    const g = [buildEntries([lock({ lockTypeLabel: 'Digitaler Zylinder' })], 'Praxis Dr. Öztürk')];
    expect(searchGroups(g, queryTerms('zylinder'))).toHaveLength(1);
    expect(searchGroups(g, queryTerms('öztürk entrance'))).toHaveLength(1);
    expect(searchGroups(g, queryTerms('öztürk cellar'))).toHaveLength(0);
  });

  it('treats a missing description or readable id as empty', () => {
    const g = [
      buildEntries([lock({ description: null, readableLockId: null, physicalLockId: null })]),
    ];
    expect(searchGroups(g, queryTerms('null'))).toHaveLength(0);
    expect(searchGroups(g, queryTerms('entrance'))).toHaveLength(1);
  });

  it('keeps group order across accounts', () => {
    const a = buildEntries([lock({ id: 'a1', title: 'Door A' })]);
    const b = buildEntries([
      lock({ id: 'b1', title: 'Door B' }),
      lock({ id: 'b2', title: 'Gate' }),
    ]);
    expect(searchGroups([a, b], queryTerms('door')).map((e) => e.lock.id)).toEqual(['a1', 'b1']);
  });

  it('narrows its last results while the user keeps typing, and starts over when the groups change', () => {
    const search = createSearcher();
    const groups = [
      buildEntries([lock({ id: '1', title: 'Door one' }), lock({ id: '2', title: 'Door two' })]),
    ];
    const first = search(groups, 'door');
    expect(first).toHaveLength(2);
    expect(search(groups, 'door')).toBe(first);
    expect(search(groups, 'door tw').map((e) => e.lock.id)).toEqual(['2']);
    expect(search(groups, 'door').map((e) => e.lock.id)).toEqual(['1', '2']);
    const more = [...groups, buildEntries([lock({ id: '3', title: 'Door twelve' })])];
    expect(search(more, 'door tw').map((e) => e.lock.id)).toEqual(['2', '3']);
    expect(search(more, '   ')).toEqual([]);
  });

  it('searches 400,000 locks in well under a frame budget per narrowed keystroke', () => {
    const groups = Array.from({ length: 200 }, (_, o) =>
      buildEntries(
        Array.from({ length: 2000 }, (_, i) =>
          lock({ id: `o${o}n${i}`, title: `Lock o${o}n${i}` }),
        ),
      ),
    );
    // Keys are built in idle time after a page arrives (warmUp); this measures the scan itself.
    for (const g of groups) for (const e of g) keyOf(e);
    const search = createSearcher();
    const t0 = performance.now();
    expect(search(groups, 'lock o17n')).toHaveLength(2000);
    const full = performance.now() - t0;
    const t1 = performance.now();
    expect(search(groups, 'lock o17n19')).toHaveLength(111);
    const narrowed = performance.now() - t1;
    // Generous bounds: this guards against an accidental quadratic scan, not against a slow CI machine.
    expect(full).toBeLessThan(1000);
    expect(narrowed).toBeLessThan(50);
  });
});

describe('sortFold', () => {
  it('orders like a case- and accent-insensitive numeric collator, including letters without a decomposition', () => {
    const titles = [
      'Zürich Annex',
      'Łódź Gate',
      'Lager Nord',
      'Øresund Dock',
      'Office',
      'Straße 12 Tor',
      'Strasse 2',
      'İstanbul Kiosk',
      'Haus 10',
      'haus 9',
      '東京 office',
      'Ärztehaus',
    ];
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const byFold = [...titles].sort((a, b) =>
      sortFold(a) < sortFold(b) ? -1 : sortFold(a) > sortFold(b) ? 1 : 0,
    );
    expect(byFold).toEqual([...titles].sort(collator.compare));
  });
});
