import { describe, expect, it } from 'vitest';
import type { BoundLock } from '../../../shared/model';
import { lock as sampleLock } from '../../../../test/support/sample-data';
import {
  buildEntries,
  createSearcher,
  queryTerms,
  searchGroups,
  searchKey,
  sortFold,
} from './search-index';

const lock = (over: Partial<BoundLock>): BoundLock =>
  sampleLock('O1', 'L1', 'Entrance Door', {
    description: 'Main building',
    bindDate: '2018-12-12T12:00:00.000Z',
    physicalLockId: 'BAASNL/7',
    lockTypeId: 'TK.Td30',
    readableLockId: '12-34-BF-FB',
    raw: {},
    ...over,
  });

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

  it('never takes one character for another that shares its bit in the character set', () => {
    // More distinct characters than the set has shared bits, so some pairs must share one: a one-character
    // query of either must still find only its own lock.
    const chars = [...'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿāăąćčďđēėęěğ東京łź'];
    const g = [
      buildEntries(
        chars.map((c, i) =>
          lock({
            id: `L${i}`,
            title: c,
            description: null,
            readableLockId: null,
            physicalLockId: null,
            lockTypeLabel: 'x',
          }),
        ),
      ),
    ];
    for (const [i, c] of chars.entries()) {
      expect(searchGroups(g, queryTerms(c)).map((e) => e.lock.id)).toEqual([`L${i}`]);
      expect(searchGroups(g, queryTerms(`x ${c}`)).map((e) => e.lock.id)).toEqual([`L${i}`]);
    }
  });

  it('narrows a search over 400,000 locks to the same results as a fresh one', () => {
    const groups = Array.from({ length: 200 }, (_, o) =>
      buildEntries(
        Array.from({ length: 2000 }, (_, i) =>
          lock({ id: `o${o}n${i}`, title: `Lock o${o}n${i}` }),
        ),
      ),
    );
    const search = createSearcher();
    expect(search(groups, 'l')).toHaveLength(400_000);
    expect(search(groups, 'lock o17n')).toHaveLength(2000);
    const narrowed = search(groups, 'lock o17n19').map((e) => e.lock.id);
    expect(narrowed).toHaveLength(111);
    expect(narrowed).toEqual(searchGroups(groups, queryTerms('lock o17n19')).map((e) => e.lock.id));
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
