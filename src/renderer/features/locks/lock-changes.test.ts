import { describe, expect, it } from 'vitest';
import { lock } from '../../../../test/support/sample-data';
import { changeSummaryOf, lockChangesOf, marksOf } from './lock-changes';

describe('what a reload changed', () => {
  const before = [lock('o', 'a', 'Front'), lock('o', 'b', 'Back'), lock('o', 'c', 'Side')];

  it('finds added, changed and removed locks by id', () => {
    const after = [lock('o', 'a', 'Front'), lock('o', 'b', 'Back door'), lock('o', 'd', 'Gate')];
    const c = lockChangesOf(before, after);
    expect([...c.added]).toEqual(['d']);
    expect([...c.changed]).toEqual(['b']);
    expect(c.removed).toEqual([{ id: 'c', title: 'Side' }]);
  });

  it('finds them the same when the order changed, and finds nothing in an identical list', () => {
    const c = lockChangesOf(before, [before[2]!, lock('o', 'a', 'Front!'), lock('o', 'e', 'New')]);
    expect([...c.added]).toEqual(['e']);
    expect([...c.changed]).toEqual(['a']);
    expect(c.removed).toEqual([{ id: 'b', title: 'Back' }]);
    const same = lockChangesOf(
      before,
      before.map((l) => ({ ...l })),
    );
    expect([same.added.size, same.changed.size, same.removed.length]).toEqual([0, 0, 0]);
    // A list that only grew: the new ones at the end.
    expect([...lockChangesOf(before, [...before, lock('o', 'z', 'Z')]).added]).toEqual(['z']);
    expect(lockChangesOf(before, before.slice(0, 2)).removed).toEqual([{ id: 'c', title: 'Side' }]);
  });

  it.each([
    ['description', { description: 'new' }],
    ['active', { active: false }],
    ['lock type', { lockTypeLabel: 'Gate' }],
    ['bind date', { bindDate: '2027-01-01T00:00:00Z' }],
  ])('counts a different %s as a change', (_, over) => {
    const c = lockChangesOf(before, [{ ...before[0]!, ...over }, before[1]!, before[2]!]);
    expect([...c.changed]).toEqual(['a']);
  });

  it('sums the marks and the names of removed locks over the accounts', () => {
    const locks = {
      o: { changes: lockChangesOf(before, [before[0]!, lock('o', 'x', 'New')]) },
      p: { changes: null },
    };
    expect([...marksOf(locks)]).toEqual([['x', 'added']]);
    expect(changeSummaryOf(locks)).toEqual({ added: 1, changed: 0, removed: ['Back', 'Side'] });
    expect(changeSummaryOf({ p: { changes: null } })).toBeNull();
  });
});
