import { describe, expect, it } from 'vitest';
import {
  manifestFor,
  MAX_PART_BYTES,
  needsSplitting,
  parseManifest,
  partAccount,
  splitUtf8,
  verifyJoined,
} from './chunking';

const SHA_OF_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('splitting a value into keychain-sized parts', () => {
  it('keeps a value that fits in one part, the empty value included', () => {
    expect(splitUtf8('abc', 3)).toEqual(['abc']);
    expect(splitUtf8('', 3)).toEqual(['']);
    expect(splitUtf8('x'.repeat(MAX_PART_BYTES))).toEqual(['x'.repeat(MAX_PART_BYTES)]);
  });

  it('starts a new part exactly when the next character would not fit', () => {
    expect(splitUtf8('abcd', 3)).toEqual(['abc', 'd']);
    expect(splitUtf8('abcdef', 3)).toEqual(['abc', 'def']);
    expect(splitUtf8('x'.repeat(MAX_PART_BYTES + 1))).toEqual(['x'.repeat(MAX_PART_BYTES), 'x']);
    // 'é' is two bytes: "aé" fills three bytes, the next "é" needs a new part.
    expect(splitUtf8('aéé', 3)).toEqual(['aé', 'é']);
  });

  it('gives a character larger than the limit a part of its own, never an empty part', () => {
    expect(splitUtf8('🔑🔑', 2)).toEqual(['🔑', '🔑']);
    expect(splitUtf8('a🔑', 2)).toEqual(['a', '🔑']);
  });
});

describe('the manifest of a split value', () => {
  it('records the part count and the SHA-256 of the whole value', () => {
    expect(manifestFor('abc', 3)).toBe(`tkchunks:v1:3:${SHA_OF_ABC}`);
    expect(parseManifest(`tkchunks:v1:3:${SHA_OF_ABC}`)).toEqual({ parts: 3, sha256: SHA_OF_ABC });
    expect(parseManifest(`tkchunks:v1:123:${SHA_OF_ABC}`)).toEqual({
      parts: 123,
      sha256: SHA_OF_ABC,
    });
  });

  it('treats anything that is not exactly a manifest as a plain value', () => {
    for (const stored of [
      '{"refreshToken":"x"}',
      `tkchunks:v1:1234:${SHA_OF_ABC}`,
      `tkchunks:v1::${SHA_OF_ABC}`,
      `tkchunks:v1:x:${SHA_OF_ABC}`,
      `tkchunks:v1:3:${SHA_OF_ABC.toUpperCase()}`,
      `tkchunks:v1:3:${SHA_OF_ABC.slice(1)}`,
      `tkchunks:v1:3:${SHA_OF_ABC}0`,
      `xtkchunks:v1:3:${SHA_OF_ABC}`,
      `tkchunks:v2:3:${SHA_OF_ABC}`,
    ]) {
      expect(parseManifest(stored), stored).toBeNull();
    }
  });

  it('verifies joined parts against the checksum', () => {
    expect(verifyJoined('abc', SHA_OF_ABC)).toBe(true);
    expect(verifyJoined('abd', SHA_OF_ABC)).toBe(false);
  });

  it('splits values above the limit, and values that could be read as a manifest', () => {
    expect(needsSplitting('x'.repeat(MAX_PART_BYTES))).toBe(false);
    expect(needsSplitting('x'.repeat(MAX_PART_BYTES + 1))).toBe(true);
    expect(needsSplitting('éé', 3)).toBe(true);
    expect(needsSplitting('tkchunks:anything')).toBe(true);
    expect(needsSplitting('a tkchunks:')).toBe(false);
    expect(partAccount('session', 2)).toBe('session#part2');
  });
});
