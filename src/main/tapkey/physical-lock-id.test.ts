import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePhysicalLockId, readablePhysicalLockId } from './physical-lock-id';

describe('physical lock id', () => {
  it('decodes the length-prefixed encoding into dashed lower-case hex, as Tapkey’s exporter shows it', () => {
    // 4 bytes 12 34 BF FB, length prefix 04 00 (little-endian).
    const encoded = Buffer.from([0x04, 0x00, 0x12, 0x34, 0xbf, 0xfb]).toString('base64');
    expect(readablePhysicalLockId(encoded)).toBe('12-34-bf-fb');
    // Tapkey's documented example has a zero length prefix before its 4 id bytes: the bytes are shown all the
    // same (the exporter never checks the prefix), never the raw base64.
    expect(readablePhysicalLockId('AAChsgq2')).toBe('a1-b2-0a-b6');
    // A prefix that promises more, or fewer, bytes than follow: the bytes that are there.
    expect(readablePhysicalLockId(Buffer.from([0x09, 0x00, 1, 2]).toString('base64'))).toBe(
      '01-02',
    );
    expect(readablePhysicalLockId(Buffer.from([0x01, 0x00, 1, 2, 3]).toString('base64'))).toBe(
      '01-02-03',
    );
  });

  it('round-trips any id bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const readable = readablePhysicalLockId(encodePhysicalLockId(bytes));
        expect(readable).toBe([...bytes].map((b) => b.toString(16).padStart(2, '0')).join('-'));
      }),
    );
  });

  it('returns null, never throws, for anything that is not base64 of a prefix and an id byte', () => {
    for (const v of [null, undefined, '', '!!!', 'AA==', 'BAA=', 'A'.repeat(5000)]) {
      expect(readablePhysicalLockId(v)).toBeNull();
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = readablePhysicalLockId(s);
        expect(r === null || /^[0-9a-f]{2}(-[0-9a-f]{2})*$/.test(r)).toBe(true);
      }),
    );
  });

  it('agrees with a Buffer-based decoder on any string, base64-like or not', () => {
    // A Buffer-based decoder, kept as the reference for the hand-written one.
    const reference = (encoded: string): string | null => {
      if (
        !encoded ||
        encoded.length > 1024 ||
        encoded.length % 4 === 1 ||
        !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)
      )
        return null;
      const bytes = Buffer.from(encoded, 'base64');
      if (
        bytes.length !== Math.floor((encoded.replace(/=+$/, '').length * 3) / 4) ||
        bytes.length < 3
      )
        return null;
      return [...bytes.subarray(2)].map((b) => b.toString(16).padStart(2, '0')).join('-');
    };
    const base64ish = fc.string({
      unit: fc.constantFrom(
        ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ '.split(''),
      ),
      maxLength: 40,
    });
    const encodings = fc
      .uint8Array({ maxLength: 40 })
      .map((b) => Buffer.from(b).toString('base64'));
    const prefixed = fc
      .uint8Array({ minLength: 1, maxLength: 40 })
      .map((b) => encodePhysicalLockId(b).replace(/=+$/, ''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), base64ish, encodings, prefixed), (s) => {
        expect(readablePhysicalLockId(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
  });
});
