import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { readCsv } from '../../test/support/read-csv';

describe('CSV export', () => {
  it('quotes every cell, doubles quotes, and neutralises formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['Büro, 1. OG', 'say "hi"'],
          ['=HYPERLINK("x")', null],
          ['line\nbreak', 3],
        ],
      ),
    ).toBe(
      '"a","b"\r\n"Büro, 1. OG","say ""hi"""\r\n"\'=HYPERLINK(""x"")",""\r\n"line\nbreak","3"\r\n',
    );
  });

  it('keeps a semicolon or a tab inside its cell, for spreadsheets that split on them', () => {
    const csv = toCsv(
      ['title', 'id'],
      [
        ["Front door;=cmd|' /C calc'!A0", 'L1'],
        ['Back\t=1+1', 'L2'],
      ],
    );
    expect(csv).toBe(
      '"title","id"\r\n"Front door;=cmd|\' /C calc\'!A0","L1"\r\n"Back\t=1+1","L2"\r\n',
    );
    // Read as a spreadsheet that splits on semicolons or tabs would: no cell starts a formula.
    for (const separator of [';', '\t'])
      for (const row of readCsv(csv, separator))
        for (const cell of row) expect(cell, JSON.stringify(row)).not.toMatch(/^[=+\-@]/);
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
