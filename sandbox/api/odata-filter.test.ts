import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter } from './odata-filter';

const fields = { id: 'guid', title: 'string', active: 'boolean' } as const;

describe('compileFilter', () => {
  it("matches id eq 'x' or id eq 'y' exactly like set membership, for any ids (quotes included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        fc.string({ maxLength: 12 }),
        (ids, probe) => {
          const filter = ids.map((id) => `id eq '${id.replace(/'/g, "''")}'`).join(' or ');
          const predicate = compileFilter(filter, fields);
          const expected = ids.some((id) => id.toLowerCase() === probe.toLowerCase());
          expect(predicate({ id: probe })).toBe(expected);
        },
      ),
    );
  });

  it('supports and, or and parentheses', () => {
    const p = compileFilter("(active eq true and title eq 'A') or title eq 'B'", fields);
    expect(p({ active: true, title: 'A' })).toBe(true);
    expect(p({ active: false, title: 'A' })).toBe(false);
    expect(p({ active: false, title: 'B' })).toBe(true);
  });

  it('compares dates given as ISO literals, datetime literals or strings, with every operator', () => {
    const dates = { at: 'datetime', n: 'number' } as const;
    const item = { at: '2026-03-01T12:00:00.000Z', n: 5 };
    expect(compileFilter('at ge 2026-01-01T00:00:00Z', dates)(item)).toBe(true);
    expect(
      compileFilter(
        "at lt datetime'2026-03-01T12:00:00'",
        dates,
      )({ at: '2026-03-01T11:59:59.000Z' }),
    ).toBe(true);
    expect(compileFilter('at gt 2026-03-01T12:00:00Z', dates)(item)).toBe(false);
    expect(
      compileFilter('at le 2026-03-01T12:00:00Z and at ge 2026-03-01T12:00:00Z', dates)(item),
    ).toBe(true);
    expect(compileFilter('at ne 2026-03-01T12:00:00.000Z', dates)(item)).toBe(false);
    expect(compileFilter('at eq null or n gt 4', dates)(item)).toBe(true);
    expect(compileFilter('at ge 2026-01-01T00:00:00Z', dates)({ at: null })).toBe(false);
  });

  it("supports ne and ordering on strings: logType eq 'Command' and command ne 'LockLock'", () => {
    const f = compileFilter("title ne 'a' and title lt 'c'", fields);
    expect([{ title: 'a' }, { title: 'b' }, { title: 'c' }].filter(f)).toEqual([{ title: 'b' }]);
  });

  it.each([
    "title sw 'a'",
    'title eq 2026-01-01T00:00:00Z',
    'active gt true',
    'other eq 1',
    'active eq 1',
    "title eq 'a' xor",
    '(active eq true',
    '',
    'title eq "a"',
  ])('refuses %j', (f) => {
    expect(() => compileFilter(f, fields)).toThrow();
  });
});
