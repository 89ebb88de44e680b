/**
 * Decodes Tapkey's `physicalLockId` (base64 of a 2-byte little-endian length followed by the id bytes) into
 * the form people see: upper-case hex bytes joined by dashes, e.g. `12-34-BF-FB`. Returns null when the
 * value is not such an encoding, so the UI can fall back to the raw value instead of showing garbage.
 */
export function readablePhysicalLockId(encoded: string | null | undefined): string | null {
  if (!encoded || encoded.length > 1024 || encoded.length % 4 === 1 || !BASE64.test(encoded)) return null;
  const bytes = Buffer.from(encoded, 'base64');
  // Buffer.from skips characters it cannot place; the length a well-formed value decodes to catches that.
  const unpadded = encoded.replace(/=+$/, '').length;
  if (bytes.length !== Math.floor((unpadded * 3) / 4)) return null;
  if (bytes.length < 3) return null;
  const length = bytes.readUInt16LE(0);
  if (length === 0 || length !== bytes.length - 2) return null;
  // join() gives one flat string; `+=` would leave a chain of cons strings per lock (about 100 bytes more each).
  const hex: string[] = [];
  for (let i = 2; i < bytes.length; i++) hex.push(HEX[bytes[i]!]!);
  return hex.join('-');
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Upper-case hex for each byte value, so decoding a list of thousands does no per-byte formatting. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/** Encodes id bytes the way Tapkey does; the inverse of readablePhysicalLockId, for tests and the sandbox. */
export function encodePhysicalLockId(idBytes: Uint8Array): string {
  const out = Buffer.alloc(2 + idBytes.length);
  out.writeUInt16LE(idBytes.length, 0);
  out.set(idBytes, 2);
  return out.toString('base64');
}
