import { fromStored, sameServers, type LiveTokens, type Servers } from './live-tokens';
import type { StoredSessionParts } from './stored-session-parts';

/** What forgetting a sign-in needs. */
export interface SignOutDeps extends StoredSessionParts {
  revocationTimeoutMs: number;
}

/**
 * What the authorization server was told: 'revoked' only on a 200 (RFC 7009 §2.2); 'refused' on any other
 * answer below 500; 'unreachable' without an answer or on a 5xx; 'unsupported' when it advertises no revocation
 * endpoint; null when there was nothing to revoke.
 */
type RevocationResult = 'revoked' | 'refused' | 'unreachable' | 'unsupported' | null;

/** How a sign-out went. */
export interface SignOutResult {
  /** False when the keychain entry could not be removed (a marker then keeps it from being resumed). */
  forgotten: boolean;
  /**
   * False when a sign-in may come back: the entry could not be removed and the marker could not be written, or
   * the sign-out ran without the session lock (a renewal may store its answer after it) and the marker that
   * keeps that answer from being resumed could not be written.
   */
  remembered: boolean;
  revocation: RevocationResult;
}

/**
 * Forgets a sign-in: removes the keychain entry under the session lock (only an entry of `servers`: another
 * server's sign-in is not ours to delete), remembers a failed delete in the signed-out marker, and revokes the
 * newest refresh token at the issuer it came from. It never refreshes first: a token it would mint only to
 * revoke it is one more token that may outlive a failed revocation.
 */
export async function forgetSignIn(
  deps: SignOutDeps,
  ended: LiveTokens | null,
  servers: Servers,
): Promise<SignOutResult> {
  const { log, store, marker } = deps;
  const forget = async () => {
    const read = await store.read();
    // The keychain may hold a token rotated by another process since we last looked: that one is the live one.
    const stored = read.kind === 'found' ? fromStored(read.session, servers.apiBaseUrl) : null;
    const ours = stored !== null && sameServers(stored, servers);
    const toRevoke = ours ? stored : ended;
    // Nothing stored, or another server's sign-in: nothing of ours to delete.
    if (read.kind === 'none' || (read.kind === 'found' && !ours))
      return { toRevoke, forgotten: true, remembered: true };
    try {
      await store.remove();
      await marker.clear().catch(() => {});
      await deps.journal.clear().catch(() => {});
      return { toRevoke, forgotten: true, remembered: true };
    } catch (e) {
      // Unknown token (an unreadable entry): the marker then forgets whatever is stored.
      return {
        toRevoke,
        ...(await remember(deps, stored?.refreshToken ?? ended?.refreshToken ?? null, e)),
      };
    }
  };
  // A sign-out never fails for a lock another process holds too long: it forgets without it. A renewal still
  // holding the lock may then store its answer after the entry is gone, so the marker (for whatever is stored)
  // keeps that answer from ever being resumed; a marker that cannot be written leaves the sign-out not remembered.
  const local = await deps.lock.withLock(forget).catch(async (e: unknown) => {
    log.warn('signing out without the session lock', { error: e });
    const result = await forget();
    const marked = await marker.write(null).then(
      () => true,
      (err: unknown) => {
        log.warn('could not remember the sign-out', { error: err });
        return false;
      },
    );
    return { ...result, remembered: result.remembered && marked };
  });
  const revocation = local.toRevoke ? await revoke(deps, local.toRevoke) : null;
  return { forgotten: local.forgotten, remembered: local.remembered, revocation };
}

/**
 * Revokes the refresh token (or the access token, when there is none). When the server refuses, the access token
 * is revoked on its own (RFC 7009 §2.1 `token_type_hint`), so that at least it stops working at once; the result
 * still says refused, because the refresh token stays valid.
 */
async function revoke(deps: SignOutDeps, t: LiveTokens): Promise<RevocationResult> {
  const { log } = deps;
  const token = t.refreshToken ?? t.accessToken;
  if (!token) return null;
  let result: RevocationResult;
  try {
    const metadata = await deps.metadata(t.issuer, AbortSignal.timeout(deps.revocationTimeoutMs));
    const endpoint = metadata.revocationEndpoint;
    if (!endpoint) {
      result = 'unsupported';
    } else {
      const send = (value: string, hint: 'refresh_token' | 'access_token') =>
        deps.tokenClient.revoke(
          { revocationEndpoint: endpoint, clientId: t.clientId, token: value, hint },
          AbortSignal.timeout(deps.revocationTimeoutMs),
        );
      result = await send(token, t.refreshToken ? 'refresh_token' : 'access_token');
      if (result === 'refused' && t.refreshToken && t.accessToken) {
        const access = await send(t.accessToken, 'access_token');
        log.info('revocation of the refresh token refused; revoked the access token alone', {
          accessTokenRevocation: access,
        });
      }
    }
  } catch (e) {
    log.warn('revocation skipped', { error: e });
    result = 'unreachable';
  }
  log.info('signed out', { revocation: result });
  return result;
}

async function remember(
  deps: SignOutDeps,
  refreshToken: string | null,
  error: unknown,
): Promise<{ forgotten: false; remembered: boolean }> {
  deps.log.warn('could not remove the stored sign-in; remembering the sign-out', { error });
  try {
    await deps.marker.write(refreshToken);
    return { forgotten: false, remembered: true };
  } catch (e) {
    deps.log.error('could not remember the sign-out either', { error: e });
    return { forgotten: false, remembered: false };
  }
}
