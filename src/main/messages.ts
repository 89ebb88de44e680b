// Every sentence the session and the CLI show to people, in one place: the same situation always reads the same way.
import { portalPermissionOf } from '../shared/scopes';

/** The user (or the app on their behalf) stopped a sign-in. */
export const SIGN_IN_CANCELLED = 'Sign-in was cancelled.';
/** A request was abandoned by its caller. */
export const REQUEST_CANCELLED = 'The request was cancelled.';
/** An API call was cut short because the user signed out. */
export const CANCELLED_BY_SIGN_OUT = 'You signed out, so the request was cancelled.';
/** Something needs a sign-in and there is none. */
export const NOT_SIGNED_IN = 'You are not signed in. Sign in to continue.';
/** The refresh token is dead (expired, revoked, or rotated away): the one expiry message everywhere. */
export const SESSION_EXPIRED = 'Your sign-in has expired or was revoked. Please sign in again.';
/** The server gave no refresh token, so the sign-in lasts for this run only. */
export const NOT_REMEMBERED_NO_REFRESH_TOKEN =
  'The sign-in server did not allow the app to stay signed in, so you will need to sign in again next time.';
/** A refresh failed for a reason that is neither transient nor the token's death. */
export const RENEWAL_FAILED = 'Could not renew your sign-in. Details are in the log.';
/** Sign-in failed for an unexpected reason. */
export const SIGN_IN_FAILED_UNEXPECTEDLY = 'Sign-in failed unexpectedly. Details are in the log.';
/** The keychain delete at sign-out failed; the app remembers to retry. */
export const SIGNED_OUT_NOT_FORGOTTEN =
  'You are signed out, but the saved sign-in could not be removed from the system keychain. The app will try again at the next start.';
/**
 * Sign-out removed the saved sign-in while another process was renewing it, and could not record the sign-out that
 * keeps the renewal's answer from being used: the sign-in may come back.
 */
export const SIGNED_OUT_NOT_RECORDED =
  'You are signed out, but another Tapkey Locks window or command was renewing the sign-in and the sign-out could not be recorded, so the sign-in may come back. Sign out again once it has finished.';
/**
 * Sign-out forgot the sign-in here, but the authorization server at `host` did not confirm the revocation (RFC 7009
 * §2.2: only a 200 means revoked): it could not be reached, it refused, or it offers no revocation at all.
 */
export function signedOutNotRevoked(
  why: 'unreachable' | 'refused' | 'unsupported',
  host: string,
): string {
  const what =
    why === 'unreachable'
      ? `${host} could not be told`
      : why === 'refused'
        ? `${host} refused to revoke the sign-in`
        : `${host} offers no way to revoke a sign-in`;
  return `Signed out on this computer, but ${what}: it may still honour the sign-in until it expires.`;
}
/** A renewal was sent and its answer never stored (a crash, a kill, a lost connection): its token may be spent. */
export const RENEWAL_INTERRUPTED =
  'The last renewal of your sign-in was interrupted; sign in again.';
/** The user signed out in another process while this one was signed in. */
export const SIGNED_OUT_ELSEWHERE = 'You signed out in another window or the command line.';

/** A new login elsewhere replaced the sign-in this window or command was using. */
export function signedInAgain(account: string | undefined): string {
  return `You were signed in again in another window or the command line${account ? ` (as ${account})` : ''}.`;
}
/** The inter-process session lock could not be taken in time. */
export const SESSION_BUSY =
  'Another Tapkey Locks window or command is renewing your sign-in and did not finish in time. Please try again.';

/**
 * The sign-in server refused scopes the app asked for (`invalid_scope`): which ones, and where to allow them.
 * Only scopes the app itself asked for are named, as the server's description names them; when it names none,
 * every scope asked for is listed as a candidate. The server's text itself is never shown.
 */
export function scopesRefused(
  asked: readonly string[],
  description: string | null,
): { scopes: string[]; message: string } {
  const words = new Set((description ?? '').split(/[^\w:.-]+/).filter(Boolean));
  const named = asked.filter((s) => words.has(s));
  const permissions = (list: readonly string[]) =>
    [...new Set(list.filter((s) => s !== 'offline_access').map(portalPermissionOf))].join(', ');
  if (named.length) {
    return {
      scopes: named,
      message: `Tapkey refused ${named.length === 1 ? 'the permission' : 'the permissions'} ${named.join(' ')} (invalid_scope). In the Tapkey portal, allow ${permissions(named)} in the permissions of this app's OAuth client, then sign in again.`,
    };
  }
  return {
    scopes: [...asked],
    message: `Tapkey refused a permission this app asks for (invalid_scope; it asks for ${asked.join(' ')}). In the Tapkey portal, check that the permissions of this app's OAuth client allow ${permissions(asked)}, then sign in again.`,
  };
}

/** The CLI's answer when the stored sign-in belongs to other servers than the ones it was asked to use. */
export function signedInElsewhere(stored: string, wanted: string): string {
  return `signed in to ${stored}; run \`tapkey-locks login\` to use ${wanted}`;
}

/** The CLI's answer to a command that needs a sign-in when there is none. */
export function notSignedInTo(issuer: string): string {
  return `Not signed in to ${issuer}: run \`tapkey-locks login\` first.`;
}
