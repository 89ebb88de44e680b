// Ids travel into URL paths: only unreserved characters, 1–200 of them, never a dot segment.
import { describe, expect, it } from 'vitest';
import { INVALID_ID_MESSAGE, isTapkeyId } from './tapkey-id';

describe('isTapkeyId', () => {
  it('accepts GUIDs, short numbers and every unreserved character, from 1 to 200 of them', () => {
    for (const id of [
      '0',
      '7',
      'a',
      'Z',
      '4f1c2b7e-9a0d-4e5f-8c3b-2d1e0f9a8b7c',
      'A-b_c.d~e',
      '-',
      '_',
      '~',
      'a.',
      '.a',
      '..a',
      'a..',
      'a.b',
      'x'.repeat(200),
    ]) {
      expect(isTapkeyId(id), id).toBe(true);
    }
  });

  it('refuses dot segments, separators, escapes, other characters, the empty string, 201 characters and non-strings', () => {
    const refused: unknown[] = [
      '',
      '.',
      '..',
      '...',
      'a/b',
      '/a',
      'a/',
      'a\\b',
      '\\a',
      'a\\',
      '%2F',
      'a%2Fb',
      'a b',
      'a?b',
      'a#b',
      'é',
      'a\n',
      '\na',
      'x'.repeat(201),
    ];
    for (const id of refused) expect(isTapkeyId(id), JSON.stringify(id)).toBe(false);
    for (const value of [7, null, undefined, {}, ['a']])
      expect(isTapkeyId(value), String(value)).toBe(false);
  });

  it('names the rule in its message, dot segments included', () => {
    expect(INVALID_ID_MESSAGE).toBe(
      'That is not a Tapkey id (letters, digits and . _ ~ - only; not "." or "..").',
    );
  });
});
