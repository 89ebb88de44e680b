import type { AuthConfig } from './config';
import type { ServerMetadata } from './discovery';
import { createPkcePair, randomToken } from './pkce';

/** One sign-in attempt's secrets and expectations. Lives only in main, only for the attempt. */
export interface PendingAuthorization {
  url: string;
  state: string;
  verifier: string;
  nonce: string | undefined;
  redirectUri: string;
  issuer: string;
  /** RFC 9207 advertised: a callback without `iss` must be refused. */
  issRequired: boolean;
  /** Set once a callback has been checked against this attempt: `state` is single-use. */
  consumed: boolean;
  /** The scopes asked for, so a refusal (`invalid_scope`) can name the ones refused. */
  scopes: readonly string[];
}

/** Builds the authorization URL with fresh PKCE, state and (for openid) nonce. */
export function buildAuthorization(
  config: Omit<AuthConfig, 'apiBaseUrl'>,
  metadata: ServerMetadata,
): PendingAuthorization {
  const pkce = createPkcePair();
  const state = randomToken();
  const nonce = config.scopes.includes('openid') ? randomToken() : undefined;
  const url = new URL(metadata.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    state,
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
  };
  if (nonce) params.nonce = nonce;
  // A refresh token for offline_access is only issued after explicit consent (OIDC Core §11).
  if (config.scopes.includes('offline_access')) params.prompt = 'consent';
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return {
    url: url.toString(),
    state,
    verifier: pkce.verifier,
    nonce,
    redirectUri: config.redirectUri,
    issuer: metadata.issuer,
    issRequired: metadata.issParameterSupported,
    consumed: false,
    scopes: config.scopes,
  };
}
