import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoundLock } from '../../../shared/model';
import { lock as sampleLock } from '../../../../test/support/sample-data';
import { buildEntries, type SearchEntry } from '../search/search-index';
import {
  defaultSort,
  exportSelection,
  filterEntries,
  groupedItems,
  indexOfLock,
  loadSort,
  lockCsv,
  lockTypesOf,
  moveSelection,
  saveSort,
  sortEntries,
  sortedGroup,
  toggleSort,
  typeAhead,
  type SortColumn,
  type TableRows,
} from './lock-table-model';

const lock = (over: Partial<BoundLock>): BoundLock =>
  sampleLock('O1', 'L1', 'Door', {
    bindDate: '2020-01-01T00:00:00.000Z',
    lockTypeId: 'TK.Td30',
    raw: {},
    ...over,
  });
const titles = (entries: readonly SearchEntry[]) => entries.map((e) => e.lock.title);

const locks = [
  lock({
    id: 'a',
    title: 'Übergang 10',
    active: true,
    lockTypeLabel: 'Td30',
    readableLockId: '0B-00',
    bindDate: '2021-05-01T00:00:00Z',
    description: 'zebra',
  }),
  lock({
    id: 'b',
    title: 'garage 2',
    active: false,
    lockTypeLabel: 'Wall reader',
    readableLockId: '0A-00',
    bindDate: '2019-05-01T00:00:00Z',
    description: null,
  }),
  lock({
    id: 'c',
    title: 'Büro',
    active: true,
    lockTypeLabel: 'Digitaler Zylinder',
    readableLockId: null,
    bindDate: null,
    description: 'Apfel',
  }),
  lock({
    id: 'd',
    title: 'Garage 10',
    active: false,
    lockTypeLabel: 'Td30',
    readableLockId: '01-FF',
    bindDate: '2020-05-01T00:00:00Z',
    description: 'Äpfel',
  }),
  lock({
    id: 'e',
    title: 'büro',
    active: true,
    lockTypeLabel: 'Td30',
    readableLockId: '01-FF',
    bindDate: '2020-05-01T00:00:00Z',
    description: 'apfel',
  }),
];

describe('sorting', () => {
  const entries = buildEntries(locks, 'Home');
  const by = (column: SortColumn, descending = false) =>
    titles(sortEntries(entries, { column, descending }));

  it('orders titles ignoring case and accents, numbers by value, ties by lock id', () => {
    expect(by('title')).toEqual(['Büro', 'büro', 'garage 2', 'Garage 10', 'Übergang 10']);
    expect(by('title', true)).toEqual(['Übergang 10', 'Garage 10', 'garage 2', 'büro', 'Büro']);
  });

  it('sorts by every column with title as the tie-breaker, missing values last', () => {
    expect(by('status')).toEqual(['Büro', 'büro', 'Übergang 10', 'garage 2', 'Garage 10']);
    expect(by('type')).toEqual(['Büro', 'büro', 'Garage 10', 'Übergang 10', 'garage 2']);
    expect(by('lockId')).toEqual(['büro', 'Garage 10', 'garage 2', 'Übergang 10', 'Büro']);
    expect(by('bound')).toEqual(['garage 2', 'büro', 'Garage 10', 'Übergang 10', 'Büro']);
    expect(by('description')).toEqual(['Büro', 'büro', 'Garage 10', 'Übergang 10', 'garage 2']);
  });

  it('never reorders its input, and remembers a group sorted once', () => {
    const before = titles(entries);
    const once = sortedGroup(entries, { column: 'bound', descending: false });
    expect(titles(entries)).toEqual(before);
    expect(sortedGroup(entries, { column: 'bound', descending: false })).toBe(once);
  });

  it('toggles direction on the same column and starts ascending on another', () => {
    expect(toggleSort(defaultSort, 'title')).toEqual({ column: 'title', descending: true });
    expect(toggleSort({ column: 'title', descending: true }, 'bound')).toEqual({
      column: 'bound',
      descending: false,
    });
  });

  it('remembers the sort, and falls back to title for anything unreadable', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadSort(storage)).toEqual(defaultSort);
    saveSort(storage, { column: 'lockId', descending: true });
    expect(loadSort(storage)).toEqual({ column: 'lockId', descending: true });
    store.set('tapkey-locks.sort', '{"column":"rm -rf","descending":1}');
    expect(loadSort(storage)).toEqual(defaultSort);
    store.set('tapkey-locks.sort', 'not json');
    expect(loadSort(storage)).toEqual(defaultSort);
  });
});

describe('filters and groups', () => {
  const entries = buildEntries(locks, 'Home');

  it('filters by status and type, and returns the input itself when nothing is filtered', () => {
    expect(filterEntries(entries, { status: 'all', type: null })).toBe(entries);
    expect(titles(filterEntries(entries, { status: 'inactive', type: null }))).toEqual([
      'garage 2',
      'Garage 10',
    ]);
    expect(titles(filterEntries(entries, { status: 'active', type: 'Td30' }))).toEqual([
      'Übergang 10',
      'büro',
    ]);
    expect(lockTypesOf([entries])).toEqual(['Digitaler Zylinder', 'Td30', 'Wall reader']);
  });

  it('puts each account under a heading with its count, in the order given', () => {
    const a = buildEntries(
      [
        lock({ id: '1', ownerAccountId: 'A', title: 'x' }),
        lock({ id: '2', ownerAccountId: 'A', title: 'y' }),
      ],
      'Alpha',
    );
    const b = buildEntries([lock({ id: '3', ownerAccountId: 'B', title: 'z' })], 'Beta');
    const { items: rows, groups } = groupedItems([...a, ...b]);
    const items = Array.from({ length: rows.length }, (_, i) => rows.at(i)!);
    expect(groups).toBe(2);
    expect(rows.at(-1)).toBeUndefined();
    expect(rows.at(5)).toBeUndefined();
    expect(items.map((i) => (i.kind === 'group' ? `${i.name}:${i.count}` : i.lock.id))).toEqual([
      'Alpha:2',
      '1',
      '2',
      'Beta:1',
      '3',
    ]);
    expect(indexOfLock(rows, { ownerAccountId: 'B', id: '3' })).toBe(4);
    expect(indexOfLock(rows, { ownerAccountId: 'A', id: '3' })).toBe(-1);
    expect(exportSelection([...a, ...b])).toEqual([
      { ownerAccountId: 'A', lockIds: ['1', '2'] },
      { ownerAccountId: 'B', lockIds: ['3'] },
    ]);
  });

  it('finds a lock among grouped rows where a row-by-row scan does, or nowhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }),
        fc.nat(8),
        fc.nat(40),
        (sizes, owner, id) => {
          const entries = sizes.flatMap((n, k) =>
            buildEntries(
              Array.from({ length: n }, (_, i) => lock({ id: String(i), ownerAccountId: `O${k}` })),
              `Account ${k}`,
            ),
          );
          const { items: rows } = groupedItems(entries);
          const target = { ownerAccountId: `O${owner}`, id: String(id) };
          let scanned = -1;
          for (let i = 0; i < rows.length && scanned < 0; i++) {
            const row = rows.at(i)!;
            if (
              row.kind === 'lock' &&
              row.lock.id === target.id &&
              row.ownerAccountId === target.ownerAccountId
            )
              scanned = i;
          }
          expect(indexOfLock(rows, target)).toBe(scanned);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds every account run and its count, whatever the run lengths (runs are found by galloping)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 8 }), (sizes) => {
        const entries = sizes.flatMap((n, k) =>
          buildEntries(
            Array.from({ length: n }, (_, i) => lock({ id: `${k}-${i}`, ownerAccountId: `O${k}` })),
            `Account ${k}`,
          ),
        );
        const { items: rows, groups } = groupedItems(entries);
        const seen = Array.from({ length: rows.length }, (_, i) => rows.at(i)!).map((i) =>
          i.kind === 'group' ? `${i.name}:${i.count}` : i.lock.id,
        );
        const expected = sizes.flatMap((n, k) => [
          `Account ${k}:${n}`,
          ...Array.from({ length: n }, (_, i) => `${k}-${i}`),
        ]);
        expect(groups).toBe(sizes.length);
        expect(seen).toEqual(expected);
      }),
    );
  });
});

describe('selection', () => {
  const a = buildEntries(
    [
      lock({ id: '1', ownerAccountId: 'A', title: 'Alpha' }),
      lock({ id: '2', ownerAccountId: 'A', title: 'Beta' }),
    ],
    'A',
  );
  const b = buildEntries(
    [
      lock({ id: '3', ownerAccountId: 'B', title: 'Bravo' }),
      lock({ id: '4', ownerAccountId: 'B', title: 'Charlie' }),
    ],
    'B',
  );
  const items: TableRows = groupedItems([...a, ...b]).items; // [A, 1, 2, B, 3, 4]

  it('moves over lock rows only, skipping group headings, and stops at the ends', () => {
    expect(moveSelection(items, -1, 'ArrowDown', 10)).toBe(1);
    expect(moveSelection(items, 2, 'ArrowDown', 10)).toBe(4);
    expect(moveSelection(items, 4, 'ArrowUp', 10)).toBe(2);
    expect(moveSelection(items, 1, 'ArrowUp', 10)).toBe(1);
    expect(moveSelection(items, 5, 'ArrowDown', 10)).toBe(5);
    expect(moveSelection(items, 2, 'Home', 10)).toBe(1);
    expect(moveSelection(items, 1, 'End', 10)).toBe(5);
    expect(moveSelection(items, 1, 'PageDown', 2)).toBe(4);
    expect(moveSelection(items, 5, 'PageUp', 2)).toBe(2);
    expect(moveSelection(items, 4, 'PageUp', 10)).toBe(1);
    expect(moveSelection(items, 1, 'x', 10)).toBeNull();
    expect(moveSelection([], -1, 'ArrowDown', 10)).toBeNull();
  });

  it('jumps to the next title starting with what was typed, wrapping, and cycles on a repeated letter', () => {
    expect(typeAhead(items, 1, 'b')).toBe(2);
    expect(typeAhead(items, 2, 'b')).toBe(4);
    expect(typeAhead(items, 4, 'b')).toBe(2);
    expect(typeAhead(items, 2, 'bbb')).toBe(4);
    expect(typeAhead(items, 2, 'be')).toBe(2);
    expect(typeAhead(items, 1, 'ch')).toBe(5);
    expect(typeAhead(items, 1, 'zz')).toBeNull();
  });
});

describe('copy as CSV', () => {
  it('writes the CLI columns and neutralises a title a spreadsheet would run as a formula', () => {
    const csv = lockCsv(
      lock({
        id: 'L9',
        title: '=HYPERLINK("http://x")',
        description: 'a, b',
        readableLockId: '0A-0B',
      }),
      'Home "HQ"',
    );
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(
      '"ownerAccountId","ownerAccountName","id","title","description","active","lockType","lockTypeId","physicalLockId","readableLockId","bindDate"',
    );
    expect(row).toBe(
      `"O1","Home ""HQ""","L9","'=HYPERLINK(""http://x"")","a, b","true","Td30","TK.Td30","","0A-0B","2020-01-01T00:00:00.000Z"`,
    );
  });
});
