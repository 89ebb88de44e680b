import { createHash } from 'node:crypto';

/**
 * Windows Credential Manager stores at most 2,560 bytes per credential (CRED_MAX_CREDENTIAL_BLOB_SIZE);
 * keytar writes UTF-8 there. Values above this size are split into parts below it.
 */
export const MAX_PART_BYTES = 2_000;

const MANIFEST = /^tkchunks:v1:(\d{1,3}):([0-9a-f]{64})$/;

/** Splits a value into parts of at most `maxBytes` UTF-8 bytes without cutting a character in two. */
export function splitUtf8(value: string, maxBytes = MAX_PART_BYTES): string[] {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of value) {
    const n = Buffer.byteLength(ch); // UTF-8, Node's default
    if (size + n > maxBytes && current) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  // The last part; for an empty value, the one empty part.
  parts.push(current);
  return parts;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex'); // UTF-8, Node's default

/** The manifest stored under the main account when a value is split: part count and a checksum of the whole. */
export function manifestFor(value: string, partCount: number): string {
  return `tkchunks:v1:${partCount}:${digest(value)}`;
}

/** Parses a manifest; null when `stored` is a plain (unsplit) value. */
export function parseManifest(stored: string): { parts: number; sha256: string } | null {
  const m = MANIFEST.exec(stored);
  return m ? { parts: Number(m[1]), sha256: m[2]! } : null;
}

/** True when the joined parts are exactly what was stored (no missing, stale or foreign part). */
export function verifyJoined(joined: string, sha256: string): boolean {
  return digest(joined) === sha256;
}

/** Whether a value must be split to fit one credential, or could be mistaken for a manifest. */
export function needsSplitting(value: string, maxBytes = MAX_PART_BYTES): boolean {
  return Buffer.byteLength(value) > maxBytes || value.startsWith('tkchunks:');
}

/** The account name of part `i` (1-based) of `account`. */
export const partAccount = (account: string, i: number) => `${account}#part${i}`;
