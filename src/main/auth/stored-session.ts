import { z } from 'zod';

/** The keychain account the session lives under (one per keychain service). */
export const SESSION_ACCOUNT = 'session';

/** What the keychain keeps so the app can resume: never the access token, which lives in memory only. */
export interface StoredSession {
  v: 1;
  refreshToken: string;
  /** When the last access token expires (ms since epoch); informational. */
  accessTokenExpiresAt: number | null;
  scope: string;
  issuer: string;
  clientId: string;
  savedAt: string;
}

const storedSchema = z.object({
  v: z.literal(1),
  refreshToken: z.string().min(1),
  accessTokenExpiresAt: z.number().nullable(),
  scope: z.string(),
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  savedAt: z.string(),
});

/** Serialises a session for the keychain. */
export function serializeSession(s: StoredSession): string {
  return JSON.stringify(s);
}

/** Parses a keychain value; null when it is not a session this version wrote (treated as corrupt). */
export function parseStoredSession(text: string): StoredSession | null {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
