import { z } from 'zod';

/** The keychain account the session lives under (one per keychain service). */
export const SESSION_ACCOUNT = 'session';

/**
 * What the keychain keeps, shared by the app and every CLI process: the refresh token, the current access token
 * with its lifetime (so a process started while it is valid makes no token request), and the servers the tokens
 * are bound to. Version 1 entries (no access token, no API base URL) are still read.
 */
export interface StoredSession {
  v: 2;
  refreshToken: string;
  /** The last access token issued, or null (version 1 entries, or none yet). */
  accessToken: string | null;
  /** When that access token expires (ms since epoch). */
  accessTokenExpiresAt: number | null;
  /** When it was issued (ms since epoch): with the expiry it gives the lifetime, which sets the early-refresh margin. */
  accessTokenIssuedAt: number | null;
  scope: string;
  issuer: string;
  clientId: string;
  /** The only API base URL the tokens may be sent to; null in a version 1 entry (bound at its first use). */
  apiBaseUrl: string | null;
  /** Who is signed in, for display (from the ID token's claims); not secret. */
  account?: string;
  /**
   * Made at login (a random UUID) and kept through every renewal: a process that finds another id stored knows a
   * new sign-in replaced the one it shows. Absent in entries stored before it existed.
   */
  signInId?: string;
  /** The ID token's `sub`, when the server sent an ID token: who signed in, as the server names them. */
  subject?: string;
  savedAt: string;
}

const v1Schema = z.object({
  v: z.literal(1),
  refreshToken: z.string().min(1),
  accessTokenExpiresAt: z.number().nullable(),
  scope: z.string(),
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  savedAt: z.string(),
});

const v2Schema = z.object({
  v: z.literal(2),
  refreshToken: z.string().min(1),
  accessToken: z.string().min(1).nullable(),
  accessTokenExpiresAt: z.number().nullable(),
  accessTokenIssuedAt: z.number().nullable(),
  scope: z.string(),
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  apiBaseUrl: z.string().min(1).nullable(),
  account: z.string().min(1).max(200).optional(),
  signInId: z.string().min(1).max(100).optional(),
  subject: z.string().min(1).max(255).optional(),
  savedAt: z.string(),
});

/** Serialises a session for the keychain. */
export function serializeSession(s: StoredSession): string {
  return JSON.stringify(s);
}

/** Parses a keychain value (version 2, or version 1 upgraded); null when it is not a session (treated as corrupt). */
export function parseStoredSession(text: string): StoredSession | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: json stays undefined, which neither schema accepts, so the entry reads as null (corrupt).
  }
  const v2 = v2Schema.safeParse(json);
  if (v2.success) {
    const { account, signInId, subject, ...rest } = v2.data;
    return {
      ...rest,
      ...(account ? { account } : {}),
      ...(signInId ? { signInId } : {}),
      ...(subject ? { subject } : {}),
    };
  }
  const v1 = v1Schema.safeParse(json);
  if (!v1.success) return null;
  // Version 1 kept no access token: the first use refreshes, as it always did.
  return {
    ...v1.data,
    v: 2,
    accessToken: null,
    accessTokenExpiresAt: null,
    accessTokenIssuedAt: null,
    apiBaseUrl: null,
  };
}
