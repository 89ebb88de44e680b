import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { readCsv } from '../../test/support/read-csv';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and neutralises formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['Büro, 1. OG', 'say "hi"'],
          ['=HYPERLINK("x")', null],
          ['line\nbreak', 3],
        ],
      ),
    ).toBe('a,b\r\n"Büro, 1. OG","say ""hi"""\r\n"\'=HYPERLINK(""x"")",\r\n"line\nbreak",3\r\n');
  });

  it('round-trips any text that does not look like a formula', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s)),
            { minLength: 2, maxLength: 2 },
          ),
          { maxLength: 10 },
        ),
        (rows) => {
          expect(readCsv(toCsv(['x', 'y'], rows))).toEqual([['x', 'y'], ...rows]);
        },
      ),
    );
  });
});
