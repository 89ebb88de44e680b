import { AppFailure } from '../../errors';
import { REQUEST_CANCELLED } from '../../messages';
import { portalPermissionOf } from '../../../shared/scopes';
import { lacksScope, scopeNamedIn, type RequestPurpose } from './options';

/** The caller stopped the request. */
export const cancelled = () => new AppFailure('cancelled', REQUEST_CANCELLED);

/** Tapkey asked us to slow down (429); `retryAfter` in seconds when it said how long, `then` ends the sentence. */
export function rateLimited(retryAfter: number | null, then = ''): AppFailure {
  return new AppFailure(
    'rate-limited',
    `Tapkey is limiting requests${retryAfter !== null ? `; try again in ${retryAfter} s` : '; try again shortly'}.${then}`,
    retryAfter !== null ? { retryAfterSeconds: retryAfter } : {},
  );
}

/**
 * A 403, which means one of two things. With `insufficient_scope` in `WWW-Authenticate`, the OAuth client lacks a
 * permission: the remedy is in the Tapkey portal. Any other 403 is about the user's role in the owner account or
 * the object itself (documented: an Access Manager cannot see logs), which no portal setting of the client
 * changes. `write` adds that nothing was changed.
 */
export function forbidden(
  purpose: RequestPurpose,
  wwwAuthenticate: string | undefined,
  write: boolean,
): AppFailure {
  const nothing = write ? '; nothing was changed' : '';
  if (lacksScope(wwwAuthenticate)) {
    const scope = scopeNamedIn(wwwAuthenticate) ?? purpose.scope;
    return new AppFailure(
      'permission',
      `This app's OAuth client lacks ${scope}, needed ${write ? 'for' : 'to read'} ${purpose.what}${nothing}. In the Tapkey portal, allow ${portalPermissionOf(scope)} in the client's permissions, then sign in again.`,
      { scope },
    );
  }
  return new AppFailure(
    'forbidden',
    purpose.forbidden
      ? `${purpose.forbidden}${write ? ' Nothing was changed.' : ''}`
      : write
        ? `Tapkey does not let you make this change (${purpose.what}): your role in this owner account does not allow it, or the item does not. Nothing was changed.`
        : `Tapkey does not let you read ${purpose.what}: your role in this owner account does not allow it, or the item does not.`,
  );
}
