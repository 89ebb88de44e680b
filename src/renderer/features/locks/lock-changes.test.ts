import { describe, expect, it } from 'vitest';
import { lock } from '../../../../test/support/sample-data';
import { changeSummaryOf, lockChangesOf, marksOf } from './lock-changes';

describe('what a reload changed', () => {
  const before = [lock('o', 'a', 'Front'), lock('o', 'b', 'Back'), lock('o', 'c', 'Side')];

  it('finds added, changed and removed locks by id, case-insensitively', () => {
    const after = [lock('o', 'A', 'Front'), lock('o', 'b', 'Back door'), lock('o', 'd', 'Gate')];
    const c = lockChangesOf(before, after);
    expect([...c.added]).toEqual(['d']);
    expect([...c.changed]).toEqual(['b']);
    expect(c.removed).toEqual([{ id: 'c', title: 'Side' }]);
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
