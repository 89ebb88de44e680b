import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256 takes a 32-byte key. */
export const SNAPSHOT_KEY_BYTES = 32;

/** A fresh random key for the snapshot. */
export function newSnapshotKey(): Buffer {
  return randomBytes(SNAPSHOT_KEY_BYTES);
}

/**
 * Encrypts one part of the snapshot with AES-256-GCM under `key`, authenticating `aad` with it (additional
 * data): IV | tag | ciphertext. A fresh random IV per part and write, so one key never sees an IV twice in practice.
 */
export function sealPart(plain: Buffer, key: Buffer, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/**
 * Decrypts a sealed part; null when it is truncated, was changed in any byte, was sealed under another key, or
 * with other additional data (GCM's tag covers the ciphertext and the additional data alike).
 */
export function openPart(sealed: Buffer, key: Buffer, aad: string): Buffer | null {
  const head = IV_BYTES + TAG_BYTES;
  if (key.length !== SNAPSHOT_KEY_BYTES || sealed.length < head) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, head));
    return Buffer.concat([decipher.update(sealed.subarray(head)), decipher.final()]);
  } catch {
    // final() throws exactly when the tag does not verify: tampered, truncated inside the body, or foreign.
    return null;
  }
}
