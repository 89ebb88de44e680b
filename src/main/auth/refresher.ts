import { SESSION_EXPIRED } from '../messages';
import type { KeychainProblem } from '../secrets/keychain';
import {
  fromStored,
  isFresh,
  sameServers,
  sameSignIn,
  toStored,
  type LiveTokens,
} from './live-tokens';
import { answeredWith, sentWithoutStoring } from './renewal-journal';
import { holdExitFor } from './renewals-in-flight';
import { tokenFingerprint } from './signed-out-marker';
import type { TokenResponse } from './token-client';
import { TokenEndpointError } from './token-errors';
import type { StoredSessionParts } from './stored-session-parts';

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
  /** Another sign-in (a new login elsewhere) is stored: its tokens, for a new session, never for the old one's screen. */
  | { kind: 'replaced'; tokens: LiveTokens; stored: 'yes' | 'foreign' | KeychainProblem }
  /** The server refused the refresh token and no newer one exists: the session is over, for `reason`. */
  | { kind: 'dead'; reason: string }
  /** The refresh token may have been consumed by a renewal whose answer was lost: it is never sent again. */
  | { kind: 'interrupted' }
  /** The user signed out in another process (the entry this session stored is gone, or marked signed out). */
  | { kind: 'signed-out-elsewhere' };

/** What the refresher needs. */
export interface RefresherDeps extends StoredSessionParts {
  now: () => number;
  /** The early-refresh margin's upper bound (60 s). */
  marginCapMs: number;
  /** Lifetime assumed when the server does not say (seconds). */
  defaultAccessTtlS: number;
}

type Stored = 'yes' | 'foreign' | KeychainProblem;

/**
 * Renews a session's access token with one rotating refresh token shared by many processes: under the session
 * lock it re-reads the keychain, adopts what another process already renewed (or notices that another sign-in
 * took its place), and otherwise redeems the refresh token and stores the rotated one before anyone uses it. A
 * refresh, once sent, is never abandoned: the request is not cancellable, the process waits for it before exiting
 * (renewals-in-flight), and the renewal journal records it until its answer is stored, so a token whose answer
 * was lost is never sent a second time.
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
   * Renews `held` (its access token `rejected` by the API, when given; `remembered` when the keychain held it).
   * Transient failures (network, 5xx, timeout before anything was sent) are thrown untouched: the stored refresh
   * token is kept for the next try. `signal` stops the wait for the lock, never a request that was sent.
   */
  renew(
    held: LiveTokens,
    rejected: string | undefined,
    remembered: boolean,
    signal: AbortSignal,
  ): Promise<Renewal> {
    return this.deps.lock.withLock(() => this.renewLocked(held, rejected, remembered, signal), {
      signal,
    });
  }

  private usable(t: LiveTokens, rejected: string | undefined): boolean {
    return isFresh(t, this.deps.now(), this.deps.marginCapMs) && t.accessToken !== rejected;
  }

  private async renewLocked(
    held: LiveTokens,
    rejected: string | undefined,
    remembered: boolean,
    signal: AbortSignal,
  ): Promise<Renewal> {
    const { log } = this.deps;
    const first = await this.deps.store.read();
    let candidate = held;
    if (first.kind === 'none' && remembered) return this.signedOutElsewhere();
    if (first.kind === 'found') {
      const stored = fromStored(first.session, held.apiBaseUrl);
      if (sameServers(stored, held)) {
        if (await this.markedSignedOut(first.session.refreshToken))
          return this.signedOutElsewhere();
        if (!sameSignIn(stored, held)) return this.replacedBy(stored, signal);
        // Another process renewed while we waited for the lock (or before we started): use its tokens.
        if (this.usable(stored, rejected))
          return { kind: 'renewed', tokens: stored, source: 'store', stored: 'yes' };
        if (stored.refreshToken !== held.refreshToken) candidate = stored;
      }
    }
    const record = await this.deps.journal.read().catch((e: unknown) => {
      log.warn('could not read the renewal journal', { error: e });
      return null;
    });
    // This process received the last answer but could not store it: the token it holds is the live one.
    if (held.refreshToken && answeredWith(record, held.refreshToken)) candidate = held;
    else if (candidate.refreshToken && sentWithoutStoring(record, candidate.refreshToken)) {
      log.warn(
        'the last renewal was interrupted after sending; its refresh token is not sent again',
      );
      return { kind: 'interrupted' };
    }
    return this.redeem(candidate, held, signal);
  }

  private async markedSignedOut(refreshToken: string): Promise<boolean> {
    const marker = await this.deps.marker.read().catch(() => null);
    return (
      marker !== null &&
      (marker.refreshTokenSha256 === null ||
        marker.refreshTokenSha256 === tokenFingerprint(refreshToken))
    );
  }

  private signedOutElsewhere(): Renewal {
    this.deps.log.info('the sign-in was signed out in another process');
    return { kind: 'signed-out-elsewhere' };
  }

  /** Another sign-in is stored: its tokens, renewed first (with its own refresh token) when they are stale. */
  private async replacedBy(stored: LiveTokens, signal: AbortSignal): Promise<Renewal> {
    this.deps.log.info('another sign-in replaced this one');
    if (this.usable(stored, undefined)) return { kind: 'replaced', tokens: stored, stored: 'yes' };
    const record = await this.deps.journal.read().catch(() => null);
    if (stored.refreshToken && sentWithoutStoring(record, stored.refreshToken))
      return { kind: 'interrupted' };
    const renewal = await this.redeem(stored, stored, signal);
    return renewal.kind === 'renewed'
      ? { kind: 'replaced', tokens: renewal.tokens, stored: renewal.stored }
      : renewal;
  }

  /** Redeems `candidate`'s refresh token; a refusal is checked against a re-read of the keychain first. */
  private async redeem(
    candidate: LiveTokens,
    held: LiveTokens,
    signal: AbortSignal,
    again = true,
  ): Promise<Renewal> {
    try {
      return await this.send(candidate, signal);
    } catch (e) {
      if (!(e instanceof TokenEndpointError)) throw e;
      if (e.fate === 'unknown') {
        this.deps.log.warn(
          'the answer to a sent refresh was lost; its refresh token is not sent again',
        );
        return { kind: 'interrupted' };
      }
      if (e.fate !== 'refused') throw e;
      if (!again) return this.dead(candidate, e.message);
      // Only a re-read under the lock may declare the sign-in dead: a process that does not take the lock
      // (an older version) may have rotated the token after our first read.
      const read = await this.deps.store.read();
      if (read.kind === 'found') {
        const newer = fromStored(read.session, held.apiBaseUrl);
        if (sameServers(newer, held) && newer.refreshToken !== candidate.refreshToken) {
          if (!sameSignIn(newer, held)) return this.replacedBy(newer, signal);
          this.deps.log.info('refresh token was rotated by another process; adopting it');
          if (this.usable(newer, undefined))
            return { kind: 'renewed', tokens: newer, source: 'store', stored: 'yes' };
          return this.redeem(newer, held, signal, false);
        }
      }
      return this.dead(candidate, e.message);
    }
  }

  /**
   * Sends one refresh and stores its answer. The journal records the token before it leaves; the record goes
   * when the answer is stored, or when the server answered that it issued nothing (or nothing was sent). It
   * stays when the answer was lost, so no process sends that token again.
   */
  private async send(t: LiveTokens, signal: AbortSignal): Promise<Renewal> {
    const { tokenClient, log, journal } = this.deps;
    const sent = t.refreshToken;
    if (!sent)
      throw new TokenEndpointError('session-expired', SESSION_EXPIRED, {
        oauthError: 'invalid_grant',
        transient: false,
        fate: 'refused',
      });
    // Discovery may still be cancelled: nothing has been sent.
    const metadata = await this.deps.metadata(t.issuer, signal);
    const work = (async (): Promise<Renewal> => {
      await journal
        .sending(sent)
        .catch((e: unknown) =>
          log.warn('could not record the renewal before sending it', { error: e }),
        );
      let res: TokenResponse;
      try {
        // No signal: once sent, the answer may carry the only valid refresh token, so it is always awaited
        // (within the token request's own deadline).
        res = await tokenClient.refresh({
          tokenEndpoint: metadata.tokenEndpoint,
          clientId: t.clientId,
          refreshToken: sent,
        });
      } catch (e) {
        // Nothing was sent, or the server answered that it issued nothing: the token is as good as before.
        if (e instanceof TokenEndpointError && e.fate !== 'unknown') await this.forget();
        throw e;
      }
      const next = this.tokensFrom(res, t);
      const rotated = next.refreshToken !== sent;
      log.debug('session renewed', { rotated });
      // Stored before anyone uses it: if this process dies right after, the keychain must not hold the old refresh
      // token, which the server now rejects (and treats as token theft). The access token goes along, so every
      // other process can use it without a token request of its own.
      const stored = await this.store(next);
      if (stored === 'yes' || !rotated || stored === 'foreign') await this.forget();
      else
        await journal
          .answered(sent, next.refreshToken as string)
          .catch((e: unknown) => log.warn('could not record the unstored renewal', { error: e }));
      return { kind: 'renewed', tokens: next, source: 'server', stored };
    })();
    return holdExitFor(work);
  }

  private async forget(): Promise<void> {
    await this.deps.journal
      .clear()
      .catch((e: unknown) =>
        this.deps.log.warn('could not clear the renewal journal', { error: e }),
      );
  }

  /** Forgets a dead refresh token in the keychain (only if the entry still holds it) and reports the end. */
  private async dead(sent: LiveTokens, reason: string): Promise<Renewal> {
    const { log } = this.deps;
    log.info('refresh token refused; the sign-in has ended');
    const read = await this.deps.store.read();
    if (read.kind === 'found' && read.session.refreshToken === sent.refreshToken) {
      await this.deps.store
        .remove()
        .catch((err: unknown) => log.warn('could not remove the stored sign-in', { error: err }));
    }
    return { kind: 'dead', reason };
  }

  private async store(next: LiveTokens): Promise<Stored> {
    // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable at run time (send refuses a set without a refresh token and tokensFrom keeps the previous one); the check narrows the type for toStored
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
