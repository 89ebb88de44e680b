import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalField, terminalText } from './terminal-text';

describe('text for a terminal', () => {
  it.each([
    [
      'shows escape sequences, a carriage return, NUL, DEL and C1 controls as escapes',
      terminalText,
      'a\u001b[2Jb\rc\u0000d\u007fe\u009bf\u0007',
      'a\\x1b[2Jb\\x0dc\\x00d\\x7fe\\x9bf\\x07',
    ],
    [
      'shows a terminal hyperlink as escapes',
      terminalText,
      '\u001b]8;;https://x.example/\u0007link\u001b]8;;\u0007',
      '\\x1b]8;;https://x.example/\\x07link\\x1b]8;;\\x07',
    ],
    [
      'shows bidi controls as escapes, so the line reads in the order it was sent',
      terminalText,
      'Safe\u202eexe.txt \u2066x\u2069 \u200f\u061c',
      'Safe\\u202eexe.txt \\u2066x\\u2069 \\u200f\\u061c',
    ],
    [
      'keeps tabs and newlines (the layout), and everything printable, untouched',
      terminalText,
      'Büro Eingang\t東京 office\tŁódź Gate\n',
      'Büro Eingang\t東京 office\tŁódź Gate\n',
    ],
    [
      'escapes a field’s own tabs and newlines too, so it cannot fake a column or a line',
      terminalField,
      'Front door\tFAKE\nforged row\r',
      'Front door\\tFAKE\\nforged row\\x0d',
    ],
  ])('%s', (_, show, raw, shown) => {
    expect(show(raw)).toBe(shown);
  });

  it('never lets a control or bidi character through, whatever the text', () => {
    // eslint-disable-next-line no-control-regex -- the characters that must never reach a terminal
    const dangerous = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(terminalField(s)).not.toMatch(dangerous);
        expect(terminalText(s).replace(/[\t\n]/g, '')).not.toMatch(dangerous);
      }),
    );
  });
});
