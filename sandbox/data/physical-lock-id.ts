/** Tapkey's physicalLockId: base64 of a 2-byte little-endian length followed by the id bytes. */
export function encodePhysicalLockId(idBytes: Uint8Array): string {
  const out = Buffer.alloc(2 + idBytes.length);
  out.writeUInt16LE(idBytes.length, 0);
  out.set(idBytes, 2);
  return out.toString('base64');
}

/** The inverse of encodePhysicalLockId; throws when the length prefix does not match. */
export function decodePhysicalLockId(value: string): Uint8Array {
  const raw = Buffer.from(value, 'base64');
  if (raw.length < 2 || raw.readUInt16LE(0) !== raw.length - 2)
    throw new Error('bad physicalLockId length prefix');
  return new Uint8Array(raw.subarray(2));
}
