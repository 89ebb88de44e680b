import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

/** A small RFC 4180 reader, to prove the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

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
          expect(parseCsv(toCsv(['x', 'y'], rows))).toEqual([['x', 'y'], ...rows]);
        },
      ),
    );
  });
});
