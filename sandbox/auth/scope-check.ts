import { unknownScopes } from './scopes';

export interface ScopeCheckContext {
  issuer: string;
  clientId: string;
  redirectUris: readonly string[];
  accept: { readContacts: boolean; oidc: boolean };
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

// A native client may use its registered loopback redirect on any port (RFC 8252 §7.3), as oidc-provider allows.
function isRegistered(redirectUri: string, registered: readonly string[]): boolean {
  if (registered.includes(redirectUri)) return true;
  let wanted: URL;
  try {
    wanted = new URL(redirectUri);
  } catch {
    return false;
  }
  if (wanted.protocol !== 'http:' || !LOOPBACK.has(wanted.hostname)) return false;
  return registered.some((r) => {
    const known = new URL(r);
    known.port = wanted.port;
    return known.href === wanted.href;
  });
}

/**
 * IdentityServer (Tapkey's authorization server) answers a scope it does not know by redirecting back with
 * `error=invalid_scope`; oidc-provider would silently drop the scope instead. Returns the redirect for an
 * authorize request with an unknown scope, or null to let oidc-provider handle the request. Like IdentityServer,
 * it never redirects to a client or redirect URI it cannot vouch for: those go on to oidc-provider's error page.
 */
export function invalidScopeRedirect(requestUrl: string, ctx: ScopeCheckContext): string | null {
  const params = new URL(requestUrl, 'http://127.0.0.1').searchParams;
  const redirectUri = params.get('redirect_uri');
  if (params.get('client_id') !== ctx.clientId || !redirectUri) return null;
  if (!isRegistered(redirectUri, ctx.redirectUris)) return null;
  const unknown = unknownScopes((params.get('scope') ?? '').split(' ').filter(Boolean), ctx.accept);
  if (unknown.length === 0) return null;
  const location = new URL(redirectUri);
  location.searchParams.set('error', 'invalid_scope');
  location.searchParams.set(
    'error_description',
    `Invalid scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}`,
  );
  const state = params.get('state');
  if (state !== null) location.searchParams.set('state', state);
  location.searchParams.set('iss', ctx.issuer);
  return location.href;
}
