import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The file's first bytes: what it is and which layout follows (a later layout gets a new magic). */
const MAGIC = Buffer.from('TKLS1\n', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256 takes a 32-byte key. */
export const SNAPSHOT_KEY_BYTES = 32;

/** A fresh random key for the snapshot. */
export function newSnapshotKey(): Buffer {
  return randomBytes(SNAPSHOT_KEY_BYTES);
}

/**
 * Encrypts `plain` with AES-256-GCM under `key`, authenticating `binding` with it (additional data): the file is
 * magic | IV | tag | ciphertext. A fresh random IV per write, so one key never sees an IV twice in practice.
 */
export function sealSnapshot(plain: Buffer, key: Buffer, binding: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(binding, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/**
 * Decrypts a sealed snapshot; null when it is not one, is truncated, was changed in any byte, was sealed under
 * another key, or for another binding (GCM's tag covers the ciphertext and the binding alike).
 */
export function openSnapshot(sealed: Buffer, key: Buffer, binding: string): Buffer | null {
  const head = MAGIC.length + IV_BYTES + TAG_BYTES;
  if (key.length !== SNAPSHOT_KEY_BYTES || sealed.length < head) return null;
  if (!sealed.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = sealed.subarray(MAGIC.length + IV_BYTES, head);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(binding, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(head)), decipher.final()]);
  } catch {
    // final() throws exactly when the tag does not verify: tampered, truncated inside the body, or foreign.
    return null;
  }
}
