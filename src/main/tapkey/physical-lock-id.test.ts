import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePhysicalLockId, readablePhysicalLockId } from './physical-lock-id';

describe('physical lock id', () => {
  it('decodes the length-prefixed encoding into dashed upper-case hex', () => {
    // 4 bytes 12 34 BF FB, length prefix 04 00 (little-endian).
    const encoded = Buffer.from([0x04, 0x00, 0x12, 0x34, 0xbf, 0xfb]).toString('base64');
    expect(readablePhysicalLockId(encoded)).toBe('12-34-BF-FB');
    // Tapkey's documented example has a zero length prefix that does not describe its 4 id bytes: we do not
    // guess, the UI shows such a value as it came.
    expect(readablePhysicalLockId('AAChsgq2')).toBeNull();
  });

  it('round-trips any id bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const readable = readablePhysicalLockId(encodePhysicalLockId(bytes));
        expect(readable).toBe([...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('-'));
      }),
    );
  });

  it('returns null, never throws, for anything that is not a valid encoding', () => {
    for (const v of [null, undefined, '', '!!!', 'AA==', 'BAA=', Buffer.from([0x05, 0x00, 1, 2]).toString('base64'), 'A'.repeat(5000)]) {
      expect(readablePhysicalLockId(v)).toBeNull();
    }
    fc.assert(fc.property(fc.string(), (s) => {
      const r = readablePhysicalLockId(s);
      expect(r === null || /^[0-9A-F]{2}(-[0-9A-F]{2})*$/.test(r)).toBe(true);
    }));
  });
});
