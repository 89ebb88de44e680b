import type { FileHandle } from 'node:fs/promises';

/** The file's first bytes: what it is and which layout follows (a later layout gets a new magic). */
const MAGIC = Buffer.from('TKLS2\n', 'latin1');
/** More parts than this is not a file we wrote (one part per owner account, plus the head). */
const MAX_PARTS = 100_000;

/**
 * The layout: magic | part count (u32 BE) | each part's length (u32 BE) | the parts. Parts are sealed one by
 * one, so a start reads and decrypts only the head and the accounts it shows first. The lengths are not
 * secret; each part's index and the count are in its GCM additional data, so moving, dropping or resizing
 * parts fails a tag.
 */
export function packParts(parts: readonly Buffer[]): Buffer {
  const table = Buffer.alloc(4 + 4 * parts.length);
  table.writeUInt32BE(parts.length, 0);
  parts.forEach((p, i) => table.writeUInt32BE(p.length, 4 + 4 * i));
  return Buffer.concat([MAGIC, table, ...parts]);
}

/** Where each part lies in an open file; null when the file is not laid out as packParts writes it. */
export async function partTable(
  handle: FileHandle,
  size: number,
): Promise<{ offset: number; length: number }[] | null> {
  const fixed = MAGIC.length + 4;
  if (size < fixed) return null;
  const start = Buffer.alloc(fixed);
  await handle.read(start, 0, fixed, 0);
  if (!start.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const count = start.readUInt32BE(MAGIC.length);
  if (count < 1 || count > MAX_PARTS || size < fixed + 4 * count) return null;
  const lengths = Buffer.alloc(4 * count);
  await handle.read(lengths, 0, lengths.length, fixed);
  const table: { offset: number; length: number }[] = [];
  let offset = fixed + 4 * count;
  for (let i = 0; i < count; i++) {
    const length = lengths.readUInt32BE(4 * i);
    table.push({ offset, length });
    offset += length;
  }
  return offset === size ? table : null;
}

/** Reads one part's bytes. */
export async function readPart(
  handle: FileHandle,
  part: { offset: number; length: number },
): Promise<Buffer> {
  const buf = Buffer.alloc(part.length);
  const { bytesRead } = await handle.read(buf, 0, part.length, part.offset);
  return bytesRead === part.length ? buf : buf.subarray(0, bytesRead);
}
