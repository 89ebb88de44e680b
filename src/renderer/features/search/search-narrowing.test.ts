import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoundLock } from '../../../shared/model';
import {
  buildEntries,
  createSearcher,
  indexGroup,
  queryTerms,
  searchGroups,
  searchKey,
  type SearchEntry,
} from './search-index';

// A small alphabet with the cases that matter: Latin-1 and wider letters (one-byte and two-byte text), digits,
// dashes and spaces, so random titles and queries hit, miss and overlap often.
const char = fc.constantFrom('a', 'b', 'c', 'ü', 'ł', '東', '1', '2', '-', ' ', 'A');
const text = (max: number) => fc.array(char, { maxLength: max }).map((cs) => cs.join(''));

function lock(
  ownerAccountId: string,
  i: number,
  title: string,
  description: string | null,
  readable: string | null,
): BoundLock {
  return {
    id: `${ownerAccountId}-l${i}`,
    ownerAccountId,
    title,
    description,
    active: true,
    bindDate: null,
    unbindDate: null,
    physicalLockId: null,
    lockTypeId: 't',
    lockType: null,
    readableLockId: readable,
    lockTypeLabel: i % 2 ? 'Zylinder' : 'Wand',
    raw: {},
  };
}

const accounts = fc.array(
  fc.record({
    name: text(4),
    locks: fc.array(
      fc.record({ title: text(6), description: fc.option(text(5)), readable: fc.option(text(4)) }),
      { maxLength: 40 },
    ),
    reversed: fc.boolean(),
  }),
  { minLength: 1, maxLength: 4 },
);

/** The definition, written plainly: every term is in the account's name or in the lock's own text. */
function reference(groups: readonly (readonly SearchEntry[])[], query: string): string[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  return groups.flatMap((g) =>
    g
      .filter((e) => terms.every((t) => e.accountKey.includes(t) || searchKey(e.lock).includes(t)))
      .map((e) => e.lock.id),
  );
}

type AccountsSpec = typeof accounts extends fc.Arbitrary<infer T> ? T : never;

function build(spec: AccountsSpec): SearchEntry[][] {
  return spec.map((a, k) => {
    const entries = buildEntries(
      a.locks.map((l, i) => lock(`o${k}`, i, l.title, l.description, l.readable)),
      a.name,
    );
    // Searches run over each account in the shown order, which is rarely the order the locks arrived in.
    return a.reversed ? entries.slice().reverse() : entries;
  });
}

describe('search narrowing', () => {
  it('gives, keystroke by keystroke, exactly the results of a fresh search, in the shown order', () => {
    fc.assert(
      fc.property(
        accounts,
        fc.array(text(6), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (spec, words, indexFirst) => {
          const groups = build(spec);
          // With or without the flat text built ahead (idle time), the answers are the same.
          if (indexFirst) for (const g of groups) if (g[0]) indexGroup(g[0].group);
          const search = createSearcher();
          for (const word of words) {
            // Typed one character at a time (narrowing), then the next word typed over a cleared box.
            for (let n = 1; n <= word.length; n++) {
              const q = word.slice(0, n);
              expect(search(groups, q).map((e) => e.lock.id)).toEqual(reference(groups, q));
              if (queryTerms(q).length > 0)
                expect(searchGroups(groups, queryTerms(q)).map((e) => e.lock.id)).toEqual(
                  reference(groups, q),
                );
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches text with characters beyond Latin-1 only where it is, and never across two locks', () => {
    const groups = [
      buildEntries(
        [
          lock('o', 0, 'Łódź Gate', null, null),
          lock('o', 1, 'Gate', 'Łódź', null),
          lock('o', 2, 'Haus', null, null),
        ],
        'Acme',
      ),
    ];
    expect(searchGroups(groups, queryTerms('łódź')).map((e) => e.lock.id)).toEqual([
      'o-l0',
      'o-l1',
    ]);
    expect(searchGroups(groups, queryTerms('gate')).map((e) => e.lock.id)).toEqual([
      'o-l0',
      'o-l1',
    ]);
    // The end of one lock's text and the start of the next are never one match.
    const [first, second] = [searchKey(groups[0]![0]!.lock), searchKey(groups[0]![1]!.lock)];
    expect(searchGroups(groups, queryTerms(`${first.slice(-2)}${second.slice(0, 2)}`))).toEqual([]);
  });
});
