import type { Logger } from '../log';
import { SIGNED_OUT_NOT_FORGOTTEN } from '../messages';
import { keychainProblemText } from '../secrets/keychain';
import { fromStored, sameServers, type LiveTokens, type Servers } from './live-tokens';
import { sentWithoutStoring, type RenewalJournal } from './renewal-journal';
import type { SessionLock } from './session-lock';
import { tokenFingerprint, type SignedOutMarker } from './signed-out-marker';
import type { TokenStore } from './token-store';

/** What the keychain offers at start-up. */
export type ResumeOutcome =
  | { kind: 'signed-out'; reason?: string }
  /** A sign-in to other servers: not ours to use or to delete. */
  | { kind: 'elsewhere'; servers: Servers }
  /** The stored refresh token was sent by a renewal whose answer was lost: it may be spent, and is never sent again. */
  | { kind: 'interrupted' }
  | { kind: 'resume'; tokens: LiveTokens };

/** What finding the stored sign-in needs. */
export interface ResumeDeps {
  log: Logger;
  store: TokenStore;
  lock: SessionLock;
  marker: SignedOutMarker;
  journal: RenewalJournal;
}

/**
 * Finds the sign-in to resume for `servers`: never one the user signed out of (the signed-out marker; its delete
 * is retried here), never one for other servers (left alone), never one whose last renewal was interrupted after
 * sending (the renewal journal), and an unreadable entry is removed.
 */
export async function findResumable(deps: ResumeDeps, servers: Servers): Promise<ResumeOutcome> {
  const { log, store, marker } = deps;
  const read = await store.read();
  if (read.kind === 'unavailable') {
    log.warn('keychain unavailable at start-up', { error: read.error });
    return {
      kind: 'signed-out',
      reason: keychainProblemText(read.problem).replace(
        /this sign-in will not/,
        'your sign-in cannot',
      ),
    };
  }
  if (read.kind === 'unreadable') {
    log.warn('stored sign-in is unreadable; treating as signed out and removing it');
    await deps.lock.withLock(() => store.remove()).catch(() => {});
    return { kind: 'signed-out' };
  }
  const signedOut = await marker.read().catch((e: unknown) => {
    log.warn('could not read the signed-out marker', { error: e });
    return null;
  });
  if (read.kind === 'none') {
    // Stryker disable next-line ConditionalExpression: clearing a marker that is not there is a no-op (rm with force; the memory marker sets null)
    if (signedOut) await marker.clear().catch(() => {});
    return { kind: 'signed-out' };
  }
  const stored = read.session;
  if (signedOut) {
    if (
      signedOut.refreshTokenSha256 === null ||
      signedOut.refreshTokenSha256 === tokenFingerprint(stored.refreshToken)
    ) {
      // The user signed out of this sign-in, but its delete failed: finish the delete, never resume it.
      return retryForget(deps);
    }
    // A sign-in made after that sign-out (by another process): the marker is obsolete.
    await marker.clear().catch(() => {});
  }
  const tokens = fromStored(stored, servers.apiBaseUrl);
  if (!sameServers(tokens, servers)) {
    log.info('stored sign-in belongs to other servers; leaving it alone', {
      storedIssuer: stored.issuer,
      issuer: servers.issuer,
    });
    return {
      kind: 'elsewhere',
      servers: { issuer: tokens.issuer, clientId: tokens.clientId, apiBaseUrl: tokens.apiBaseUrl },
    };
  }
  if (stored.refreshToken && (await interrupted(deps, stored.refreshToken)))
    return { kind: 'interrupted' };
  return { kind: 'resume', tokens };
}

/**
 * True when the journal says the stored token was sent and its answer never stored, and no live process is in the
 * middle of that renewal (the lock is free). Reading the journal costs one failed open in the usual case; only a
 * record leads to a look at the lock, which never waits: a busy lock means a renewal is running, not lost.
 */
async function interrupted(deps: ResumeDeps, refreshToken: string): Promise<boolean> {
  const record = await deps.journal.read().catch(() => null);
  if (!sentWithoutStoring(record, refreshToken)) return false;
  const confirmed = await deps.lock
    .ifFree(async () => {
      const again = await deps.store.read();
      return (
        again.kind === 'found' &&
        sentWithoutStoring(await deps.journal.read(), again.session.refreshToken)
      );
    })
    .catch(() => false);
  if (confirmed === true) deps.log.warn('the last renewal was interrupted after sending');
  return confirmed === true;
}

/** Finishes a sign-out whose keychain delete failed earlier. */
async function retryForget(deps: ResumeDeps): Promise<ResumeOutcome> {
  try {
    await deps.lock.withLock(() => deps.store.remove());
    await deps.marker.clear().catch(() => {});
    deps.log.info('removed a sign-in the user had signed out of');
    return { kind: 'signed-out' };
  } catch (e) {
    deps.log.warn('still cannot remove a sign-in the user signed out of', { error: e });
    return { kind: 'signed-out', reason: SIGNED_OUT_NOT_FORGOTTEN };
  }
}
