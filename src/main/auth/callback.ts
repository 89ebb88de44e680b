import { AppFailure } from '../errors';
import { scopesRefused } from '../messages';
import type { PendingAuthorization } from './authorize-request';
import { constantTimeEqual } from './pkce';

/** True when `url` is the redirect URI (same scheme, host, port and path); query and fragment are ignored. */
export function isRedirectTarget(url: string, redirectUri: string): boolean {
  let u: URL;
  let r: URL;
  try {
    u = new URL(url);
    r = new URL(redirectUri);
  } catch {
    return false;
  }
  return u.protocol === r.protocol && u.host === r.host && u.pathname === r.pathname;
}

const failed = (message: string) => new AppFailure('sign-in-failed', message);

/**
 * Validates the authorization response against the pending attempt and returns the code. Order matters:
 * state first (a response that is not ours must not be interpreted at all), then RFC 9207 `iss` (a mix-up
 * must not be interpreted either), then `error`, then `code`. The attempt is consumed by the first call.
 */
export function readCallback(callbackUrl: string, pending: PendingAuthorization): { code: string } {
  if (!isRedirectTarget(callbackUrl, pending.redirectUri))
    throw failed('The sign-in ended at an unexpected address. Please try again.');
  const params = new URL(callbackUrl).searchParams;
  const wasConsumed = pending.consumed;
  pending.consumed = true;
  // RFC 6749 §3.1: response parameters must not repeat; a repeated one makes the response ambiguous.
  if (['state', 'code', 'iss', 'error'].some((k) => params.getAll(k).length > 1)) {
    throw failed('The sign-in response was malformed, so it was ignored. Please sign in again.');
  }
  const state = params.get('state');
  if (wasConsumed || !state || !constantTimeEqual(state, pending.state)) {
    throw new AppFailure(
      'state-mismatch',
      'The sign-in response did not belong to this sign-in attempt, so it was ignored. Please sign in again.',
    );
  }
  const iss = params.get('iss');
  // Exactly the discovered issuer (RFC 9207 §2.4): no slash or case forgiveness, which a mix-up could exploit.
  if (iss !== null ? iss !== pending.issuer : pending.issRequired) {
    throw failed(
      'The sign-in response came from an unexpected server, so it was ignored. Please sign in again.',
    );
  }
  const error = params.get('error');
  // Present but empty still marks an error response: never fall through to a code that came with it.
  if (error !== null) {
    if (error === 'access_denied') {
      throw new AppFailure(
        'access-denied',
        'You did not allow the app to access your Tapkey account. Sign in again and choose Allow to continue.',
      );
    }
    // Asking again can never help: the OAuth client's permissions in the Tapkey portal must change first.
    if (error === 'invalid_scope') {
      const refused = scopesRefused(pending.scopes, params.get('error_description'));
      throw new AppFailure('scope-refused', refused.message, { scopes: refused.scopes });
    }
    if (
      error === 'login_required' ||
      error === 'consent_required' ||
      error === 'interaction_required'
    ) {
      throw failed('The sign-in server needs you to sign in interactively. Please try again.');
    }
    throw failed(
      `The sign-in server refused the sign-in (${error.replace(/[^\w.-]/g, '').slice(0, 60)}). Please try again.`,
    );
  }
  const code = params.get('code');
  if (!code)
    throw failed('The sign-in server did not return an authorization code. Please try again.');
  return { code };
}
