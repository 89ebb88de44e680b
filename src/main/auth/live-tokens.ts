import type { StoredSession } from './stored-session';

/** The servers a sign-in belongs to: its tokens go to these and nowhere else. */
export interface Servers {
  issuer: string;
  clientId: string;
  apiBaseUrl: string;
}

/** The token set of a signed-in session, in main's memory (and, when remembered, in the keychain). */
export interface LiveTokens extends Servers {
  accessToken: string | null;
  /** ms since epoch; 0 when there is no access token. */
  accessExpiresAt: number;
  /** ms since epoch; with the expiry it gives the lifetime. */
  accessIssuedAt: number;
  refreshToken: string | undefined;
  scope: string;
  account?: string;
  /** Which sign-in these tokens belong to (see StoredSession.signInId). */
  signInId?: string;
  subject?: string;
}

/**
 * True when both belong to the same sign-in: the same id made at login. Renewals keep the id, so only a new
 * login changes it (entries from before ids existed have none, and match each other).
 */
export function sameSignIn(
  a: Pick<LiveTokens, 'signInId'>,
  b: Pick<LiveTokens, 'signInId'>,
): boolean {
  return a.signInId === b.signInId;
}

/** True when both name the same issuer, client and API. */
export function sameServers(a: Servers, b: Servers): boolean {
  return a.issuer === b.issuer && a.clientId === b.clientId && a.apiBaseUrl === b.apiBaseUrl;
}

/** Refresh this long before expiry: min(cap, half the token's lifetime), so a 30-second token is not renewed on every call. */
export function refreshMarginMs(
  t: Pick<LiveTokens, 'accessExpiresAt' | 'accessIssuedAt'>,
  capMs: number,
): number {
  return Math.min(capMs, Math.max(0, (t.accessExpiresAt - t.accessIssuedAt) / 2));
}

/** True when the access token may still be sent (not inside its early-refresh margin). */
export function isFresh(
  t: Pick<LiveTokens, 'accessToken' | 'accessExpiresAt' | 'accessIssuedAt'>,
  now: number,
  capMs: number,
): boolean {
  return t.accessToken !== null && now < t.accessExpiresAt - refreshMarginMs(t, capMs);
}

/** The live set a stored entry describes; a version 1 entry is bound to `apiBaseUrl` (the configured one) at first use. */
export function fromStored(s: StoredSession, apiBaseUrl: string): LiveTokens {
  const hasAccess = s.accessToken !== null && s.accessTokenExpiresAt !== null;
  return {
    accessToken: hasAccess ? s.accessToken : null,
    accessExpiresAt: hasAccess ? (s.accessTokenExpiresAt ?? 0) : 0,
    accessIssuedAt: hasAccess ? (s.accessTokenIssuedAt ?? 0) : 0,
    refreshToken: s.refreshToken,
    scope: s.scope,
    issuer: s.issuer,
    clientId: s.clientId,
    apiBaseUrl: s.apiBaseUrl ?? apiBaseUrl,
    ...(s.account ? { account: s.account } : {}),
    ...(s.signInId ? { signInId: s.signInId } : {}),
    ...(s.subject ? { subject: s.subject } : {}),
  };
}

/** The keychain entry for a live set that has a refresh token. */
export function toStored(t: LiveTokens & { refreshToken: string }, now: number): StoredSession {
  return {
    v: 2,
    refreshToken: t.refreshToken,
    accessToken: t.accessToken,
    accessTokenExpiresAt: t.accessToken ? t.accessExpiresAt : null,
    accessTokenIssuedAt: t.accessToken ? t.accessIssuedAt : null,
    scope: t.scope,
    issuer: t.issuer,
    clientId: t.clientId,
    apiBaseUrl: t.apiBaseUrl,
    ...(t.account ? { account: t.account } : {}),
    ...(t.signInId ? { signInId: t.signInId } : {}),
    ...(t.subject ? { subject: t.subject } : {}),
    savedAt: new Date(now).toISOString(),
  };
}
