import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter } from './odata-filter';

const fields = { id: 'guid', title: 'string', active: 'boolean' } as const;

describe('compileFilter', () => {
  it("matches id eq 'x' or id eq 'y' exactly like set membership, for any ids (quotes included)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), fc.string({ maxLength: 12 }), (ids, probe) => {
        const filter = ids.map((id) => `id eq '${id.replace(/'/g, "''")}'`).join(' or ');
        const predicate = compileFilter(filter, fields);
        const expected = ids.some((id) => id.toLowerCase() === probe.toLowerCase());
        expect(predicate({ id: probe })).toBe(expected);
      }),
    );
  });

  it('supports and, or and parentheses', () => {
    const p = compileFilter("(active eq true and title eq 'A') or title eq 'B'", fields);
    expect(p({ active: true, title: 'A' })).toBe(true);
    expect(p({ active: false, title: 'A' })).toBe(false);
    expect(p({ active: false, title: 'B' })).toBe(true);
  });

  it.each(["title ne 'a'", 'other eq 1', 'active eq 1', "title eq 'a' xor", '(active eq true', '', "title eq \"a\""])('refuses %j', (f) => {
    expect(() => compileFilter(f, fields)).toThrow();
  });
});
