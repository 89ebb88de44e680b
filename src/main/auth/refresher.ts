import type { Logger } from '../log';
import type { KeychainProblem } from '../secrets/keychain';
import type { ServerMetadata } from './discovery';
import { fromStored, isFresh, sameServers, toStored, type LiveTokens } from './live-tokens';
import type { SessionLock } from './session-lock';
import type { TokenClient, TokenResponse } from './token-client';
import { TokenEndpointError } from './token-errors';
import type { StoreRead, TokenStore } from './token-store';

/** What a renewal produced. */
export type Renewal =
  | {
      kind: 'renewed';
      tokens: LiveTokens;
      /** 'store': another process had already renewed, and its tokens were adopted without a token request. */
      source: 'server' | 'store';
      /** Whether the keychain now holds these tokens ('foreign': it holds another server's sign-in, left alone). */
      stored: 'yes' | 'foreign' | KeychainProblem;
    }
  /** The refresh token is dead and no newer one exists: the session is over. */
  | { kind: 'dead' };

/** What the refresher needs. */
export interface RefresherDeps {
  store: TokenStore;
  lock: SessionLock;
  tokenClient: TokenClient;
  metadata: (issuer: string, signal?: AbortSignal) => Promise<ServerMetadata>;
  log: Logger;
  now: () => number;
  /** The early-refresh margin's upper bound (60 s). */
  marginCapMs: number;
  /** Lifetime assumed when the server does not say (seconds). */
  defaultAccessTtlS: number;
}

const isInvalidGrant = (e: unknown) =>
  e instanceof TokenEndpointError && e.oauthError === 'invalid_grant';

/**
 * Renews a session's access token with one rotating refresh token shared by many processes: under the session
 * lock it re-reads the keychain, adopts what another process already renewed, and otherwise redeems the refresh
 * token and stores the rotated one before anyone uses it.
 */
export class Refresher {
  constructor(private readonly deps: RefresherDeps) {}

  /** The live set a token response yields; the previous refresh token stays when the server did not rotate it. */
  tokensFrom(
    res: TokenResponse,
    previous: Omit<
      LiveTokens,
      'accessToken' | 'accessExpiresAt' | 'accessIssuedAt' | 'refreshToken'
    > & { refreshToken?: string | undefined },
  ): LiveTokens {
    const now = this.deps.now();
    return {
      ...previous,
      accessToken: res.accessToken,
      accessIssuedAt: now,
      accessExpiresAt: now + (res.expiresIn ?? this.deps.defaultAccessTtlS) * 1000,
      refreshToken: res.refreshToken ?? previous.refreshToken,
      scope: res.scope ?? previous.scope,
    };
  }

  /**
   * Renews `held` (its access token `rejected` by the API, when given). Throws transient failures (network,
   * 5xx, timeout) untouched: the stored refresh token is kept for the next try.
   */
  renew(held: LiveTokens, rejected: string | undefined, signal: AbortSignal): Promise<Renewal> {
    return this.deps.lock.withLock(() => this.renewLocked(held, rejected, signal));
  }

  /** A newer usable set in the keychain than `sent`, or null. */
  private adoptable(
    read: StoreRead,
    held: LiveTokens,
    sent: string | undefined,
  ): LiveTokens | null {
    if (read.kind !== 'found' || !sameServers(fromStored(read.session, held.apiBaseUrl), held))
      return null;
    const stored = fromStored(read.session, held.apiBaseUrl);
    return stored.refreshToken !== sent ? stored : null;
  }

  private async renewLocked(
    held: LiveTokens,
    rejected: string | undefined,
    signal: AbortSignal,
  ): Promise<Renewal> {
    const { log, now, marginCapMs } = this.deps;
    const usable = (t: LiveTokens) => isFresh(t, now(), marginCapMs) && t.accessToken !== rejected;
    const first = await this.deps.store.read();
    let candidate = held;
    if (first.kind === 'found') {
      const stored = fromStored(first.session, held.apiBaseUrl);
      if (sameServers(stored, held)) {
        // Another process renewed while we waited for the lock (or before we started): use its tokens.
        if (usable(stored))
          return { kind: 'renewed', tokens: stored, source: 'store', stored: 'yes' };
        if (stored.refreshToken !== held.refreshToken) candidate = stored;
      }
    }
    try {
      return await this.redeem(candidate, signal);
    } catch (e) {
      if (!isInvalidGrant(e)) throw e;
      // Only a re-read under the lock may declare the sign-in dead: a process that does not take the lock
      // (an older version) may have rotated the token after our first read.
      const again = await this.deps.store.read();
      const newer = this.adoptable(again, held, candidate.refreshToken);
      if (newer) {
        log.info('refresh token was rotated by another process; adopting it');
        if (usable(newer))
          return { kind: 'renewed', tokens: newer, source: 'store', stored: 'yes' };
        try {
          return await this.redeem(newer, signal);
        } catch (e2) {
          if (!isInvalidGrant(e2)) throw e2;
          return this.dead(newer);
        }
      }
      return this.dead(candidate);
    }
  }

  /** Forgets a dead refresh token in the keychain (only if the entry still holds it) and reports the end. */
  private async dead(sent: LiveTokens): Promise<Renewal> {
    const { log } = this.deps;
    log.info('refresh token rejected (invalid_grant); the sign-in has ended');
    const read = await this.deps.store.read();
    if (read.kind === 'found' && read.session.refreshToken === sent.refreshToken) {
      await this.deps.store
        .remove()
        .catch((err: unknown) => log.warn('could not remove the stored sign-in', { error: err }));
    }
    return { kind: 'dead' };
  }

  private async redeem(t: LiveTokens, signal: AbortSignal): Promise<Renewal> {
    const { tokenClient, log } = this.deps;
    if (!t.refreshToken)
      throw new TokenEndpointError('session-expired', 'no refresh token', {
        oauthError: 'invalid_grant',
        transient: false,
      });
    const metadata = await this.deps.metadata(t.issuer, signal);
    const res = await tokenClient.refresh(
      { tokenEndpoint: metadata.tokenEndpoint, clientId: t.clientId, refreshToken: t.refreshToken },
      signal,
    );
    const next = this.tokensFrom(res, t);
    const rotated = next.refreshToken !== t.refreshToken;
    log.debug('session renewed', { rotated });
    // Stored before anyone uses it: if this process dies right after, the keychain must not hold the old refresh
    // token, which the server now rejects (and treats as token theft). The access token goes along, so every other
    // process can use it without a token request of its own.
    return { kind: 'renewed', tokens: next, source: 'server', stored: await this.store(next) };
  }

  private async store(next: LiveTokens): Promise<'yes' | 'foreign' | KeychainProblem> {
    // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable at run time (redeem refuses a set without a refresh token and tokensFrom keeps the previous one); the check narrows the type for toStored
    if (!next.refreshToken) return 'unavailable';
    const current = await this.deps.store.read();
    if (
      current.kind === 'found' &&
      !sameServers(fromStored(current.session, next.apiBaseUrl), next)
    )
      return 'foreign';
    try {
      await this.deps.store.write(
        toStored({ ...next, refreshToken: next.refreshToken }, this.deps.now()),
      );
      return 'yes';
    } catch (e) {
      const problem = (e as { problem?: KeychainProblem }).problem ?? 'unavailable';
      this.deps.log.warn('could not store the renewed sign-in in the keychain', {
        problem,
        error: e,
      });
      return problem;
    }
  }
}
