/** Tapkey's physicalLockId: base64 of a 2-byte little-endian length followed by the id bytes. */
export function encodePhysicalLockId(idBytes: Uint8Array): string {
  const out = Buffer.alloc(2 + idBytes.length);
  out.writeUInt16LE(idBytes.length, 0);
  out.set(idBytes, 2);
  return out.toString('base64');
}

/**
 * The inverse of encodePhysicalLockId; throws when the length prefix is neither the id's length nor 0 (Tapkey's
 * exporter does not check the prefix, and the docs' example has 0).
 */
export function decodePhysicalLockId(value: string): Uint8Array {
  const raw = Buffer.from(value, 'base64');
  const prefix = raw.length < 2 ? -1 : raw.readUInt16LE(0);
  if (prefix !== 0 && prefix !== raw.length - 2)
    throw new Error('bad physicalLockId length prefix');
  return new Uint8Array(raw.subarray(2));
}

/** The same id bytes behind a length prefix of 0, as in the docs' example `AAChsgq2`. */
export function zeroPrefixed(encoded: string): string {
  const raw = Buffer.from(encoded, 'base64');
  raw.writeUInt16LE(0, 0);
  return raw.toString('base64');
}
