import type { Settings, SignInMode } from '../../shared/model';
import { ACCESS_SCOPES, DEFAULT_SCOPES, WRITE_SCOPES } from '../../shared/scopes';

// The scope lists live in src/shared (the CLI and the renderer name them too); re-exported for the session's tests.
export { DEFAULT_SCOPES };

/**
 * The scopes to request for these settings: the base ones, plus the access ones when access data is on, plus the
 * write ones (and the access ones they rely on) when Manage access is on.
 */
export function scopesFor(
  settings: Pick<Settings, 'accessData' | 'manageAccess'>,
  base: readonly string[] = DEFAULT_SCOPES,
): readonly string[] {
  const extra = [
    ...(settings.accessData || settings.manageAccess ? ACCESS_SCOPES : []),
    ...(settings.manageAccess ? WRITE_SCOPES : []),
  ];
  return [...base, ...extra.filter((s, i) => !base.includes(s) && extra.indexOf(s) === i)];
}

/** Everything a sign-in attempt needs to know about the authorization server and this client. */
export interface AuthConfig {
  issuer: string;
  clientId: string;
  /** The Tapkey Web API the sign-in's tokens are for: stored with them, and the only place they are sent. */
  apiBaseUrl: string;
  redirectUri: string;
  scopes: readonly string[];
  signInMode: SignInMode;
}

/** Derives the auth configuration from the user's settings. */
export function authConfigFrom(
  settings: Settings,
  scopes: readonly string[] = DEFAULT_SCOPES,
): AuthConfig {
  return {
    issuer: normalizeIssuer(settings.issuer),
    clientId: settings.clientId.trim(),
    apiBaseUrl: settings.apiBaseUrl.trim().replace(/\/*$/, '/'),
    redirectUri: settings.redirectUri.trim(),
    scopes,
    signInMode: settings.signInMode,
  };
}

/**
 * Tidies an issuer the user or a flag gave (trim, no trailing slash) before it is used; comparisons of issuers
 * are exact everywhere after this (RFC 8414 §3.3), and settings are tidied when saved (see settings-tidy).
 */
export function normalizeIssuer(issuer: string): string {
  return issuer.trim().replace(/\/+$/, '');
}
