import type { Settings, SignInMode } from '../../shared/model';

/** The scopes the app asks for: owner accounts, bound locks, and a refresh token to stay signed in. */
export const DEFAULT_SCOPES = ['read:owneraccounts', 'read:core:entities', 'offline_access'] as const;

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
export function authConfigFrom(settings: Settings, scopes: readonly string[] = DEFAULT_SCOPES): AuthConfig {
  return {
    issuer: normalizeIssuer(settings.issuer),
    clientId: settings.clientId.trim(),
    apiBaseUrl: settings.apiBaseUrl.trim().replace(/\/*$/, '/'),
    redirectUri: settings.redirectUri.trim(),
    scopes,
    signInMode: settings.signInMode,
  };
}

/** Issuers are compared without a trailing slash, as users type them both ways. */
export function normalizeIssuer(issuer: string): string {
  return issuer.trim().replace(/\/+$/, '');
}
