import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readTextIfExists } from '../fs/read-if-exists';

/**
 * Remembers a sign-out whose keychain delete failed, so that the sign-in is never resumed and the delete is
 * retried at the next start. It holds a SHA-256 of the refresh token (not the token), so a later, different
 * sign-in stored by another process is recognised as new and used.
 */
export interface SignedOutMarker {
  /** The marker, or null; a null fingerprint means "whatever is stored" (the signed-out token was unknown). */
  read(): Promise<{ refreshTokenSha256: string | null } | null>;
  write(refreshToken: string | null): Promise<void>;
  clear(): Promise<void>;
}

/** The fingerprint the marker keeps of a refresh token. */
export function tokenFingerprint(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('hex');
}

const markerSchema = z.object({
  refreshTokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});

/** The marker as a file (mode 0600), beside the keychain entry's lock (see session-files). */
export function fileSignedOutMarker(file: string): SignedOutMarker {
  const dir = path.dirname(file);
  return {
    async read() {
      const text = await readTextIfExists(file);
      if (text === null) return null;
      try {
        const parsed = markerSchema.safeParse(JSON.parse(text));
        // An unreadable marker still means "the user signed out": forget whatever is stored.
        return parsed.success ? parsed.data : { refreshTokenSha256: null };
      } catch {
        return { refreshTokenSha256: null };
      }
    },
    async write(refreshToken) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(
        file,
        JSON.stringify({
          refreshTokenSha256: refreshToken === null ? null : tokenFingerprint(refreshToken),
          at: new Date().toISOString(),
        }),
        { mode: 0o600 },
      );
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}

/** Keeps the marker in memory: for cores without a profile folder. */
export function memorySignedOutMarker(): SignedOutMarker {
  let value: { refreshTokenSha256: string | null } | null = null;
  return {
    read: async () => value,
    write: async (refreshToken) => {
      value = { refreshTokenSha256: refreshToken === null ? null : tokenFingerprint(refreshToken) };
    },
    clear: async () => {
      value = null;
    },
  };
}
