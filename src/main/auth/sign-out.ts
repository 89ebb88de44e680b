import type { Logger } from '../log';
import type { ServerMetadata } from './discovery';
import { fromStored, sameServers, type LiveTokens, type Servers } from './live-tokens';
import type { SessionLock } from './session-lock';
import type { SignedOutMarker } from './signed-out-marker';
import type { RevocationOutcome, TokenClient } from './token-client';
import type { TokenStore } from './token-store';

/** What forgetting a sign-in needs. */
export interface SignOutDeps {
  log: Logger;
  store: TokenStore;
  lock: SessionLock;
  marker: SignedOutMarker;
  tokenClient: TokenClient;
  metadata: (issuer: string, signal?: AbortSignal) => Promise<ServerMetadata>;
  revocationTimeoutMs: number;
}

/** How a sign-out went. */
export interface SignOutResult {
  /** False when the keychain entry could not be removed (a marker then keeps it from being resumed). */
  forgotten: boolean;
  /** False when the marker could not be written either. */
  remembered: boolean;
  /** What the authorization server was told: null when there was nothing to revoke or it offers no revocation. */
  revocation: RevocationOutcome | null;
}

/**
 * Forgets a sign-in: removes the keychain entry under the session lock (only an entry of `servers`: another
 * server's sign-in is not ours to delete), remembers a failed delete in the signed-out marker, and revokes the
 * newest refresh token at the issuer it came from.
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
      return { toRevoke, forgotten: true, remembered: true };
    } catch (e) {
      // Unknown token (an unreadable entry): the marker then forgets whatever is stored.
      return {
        toRevoke,
        ...(await remember(deps, stored?.refreshToken ?? ended?.refreshToken ?? null, e)),
      };
    }
  };
  // A sign-out never waits on, or fails for, a lock another process holds too long: it forgets without it.
  const local = await deps.lock.withLock(forget).catch((e: unknown) => {
    log.warn('signing out without the session lock', { error: e });
    return forget();
  });
  let revocation: RevocationOutcome | null = null;
  const token = local.toRevoke?.refreshToken ?? local.toRevoke?.accessToken;
  if (local.toRevoke && token) {
    try {
      const metadata = await deps.metadata(local.toRevoke.issuer);
      if (metadata.revocationEndpoint) {
        revocation = await deps.tokenClient.revoke(
          {
            revocationEndpoint: metadata.revocationEndpoint,
            clientId: local.toRevoke.clientId,
            token,
            hint: local.toRevoke.refreshToken ? 'refresh_token' : 'access_token',
          },
          AbortSignal.timeout(deps.revocationTimeoutMs),
        );
      }
    } catch (e) {
      log.warn('revocation skipped', { error: e });
      revocation = 'unreachable';
    }
    log.info('signed out', { revocation });
  }
  return { forgotten: local.forgotten, remembered: local.remembered, revocation };
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
