/**
 * Decodes Tapkey's `physicalLockId` (base64 of a 2-byte little-endian length followed by the id bytes) into
 * the form people see: the id bytes as lower-case hex joined by dashes, e.g. `12-34-bf-fb`, as Tapkey's log
 * exporter shows them. Like the exporter, the length prefix is not checked: the docs' own example `AAChsgq2` has
 * a prefix of 0 before four id bytes, so an odd prefix is no reason to show raw base64. Returns null only when
 * the value is not base64 of a prefix and at least one id byte.
 */
export function readablePhysicalLockId(encoded: string | null | undefined): string | null {
  if (!encoded || encoded.length > 1024 || encoded.length % 4 === 1) return null;
  // Up to two '=' of padding at the end, base64 characters before them and nowhere else.
  let end = encoded.length;
  if (encoded.charCodeAt(end - 1) === EQUALS) end--;
  if (encoded.charCodeAt(end - 1) === EQUALS) end--;
  if (end === 0) return null;
  // Decoded here rather than with Buffer.from: this runs for every lock of every list (400,000 at a time),
  // and a scratch array with no allocation per lock costs a fraction of a Buffer and a regex.
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = encoded.charCodeAt(i);
    const v = c < 128 ? SEXTET[c]! : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      SCRATCH[n++] = (acc >> bits) & 0xff;
    }
  }
  if (n < 3) return null;
  const length = n - 2;
  // join() gives one flat string; `+=` would leave a chain of cons strings per lock (about 100 bytes more each).
  const hex: string[] = new Array<string>(length);
  for (let i = 0; i < length; i++) hex[i] = HEX[SCRATCH[i + 2]!]!;
  return hex.join('-');
}

const EQUALS = 61;
/** The value of each base64 character, -1 for anything else. */
const SEXTET = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((ch, i) => (SEXTET[ch.charCodeAt(0)] = i));
/** Room for the longest accepted value: 1,024 characters decode to at most 768 bytes. */
const SCRATCH = new Uint8Array(768);
/** Lower-case hex for each byte value, so decoding a list of thousands does no per-byte formatting. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Encodes id bytes the way Tapkey does; the inverse of readablePhysicalLockId, for tests and the sandbox. */
export function encodePhysicalLockId(idBytes: Uint8Array): string {
  const out = Buffer.alloc(2 + idBytes.length);
  out.writeUInt16LE(idBytes.length, 0);
  out.set(idBytes, 2);
  return out.toString('base64');
}
