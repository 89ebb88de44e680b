import type { Got } from 'got';
import type { AuthState, SignInMode } from '../../shared/model';
import { AppFailure, isFailure } from '../errors';
import type { Logger } from '../log';
import { KeychainError, keychainProblemText, type Keychain } from '../secrets/keychain';
import type { AccessTokenSource } from '../tapkey/token-source';
import { buildAuthorization } from './authorize-request';
import { readCallback } from './callback';
import type { AuthConfig } from './config';
import { discover, type ServerMetadata } from './discovery';
import { checkIdTokenClaims } from './id-token';
import { parseStoredSession, serializeSession, SESSION_ACCOUNT } from './stored-session';
import { TokenEndpointError } from './token-errors';
import type { TokenClient, TokenResponse } from './token-client';
import type { UserAgent } from './user-agent';

/** What the session needs from the world; every piece is a port so tests can wire real servers. */
export interface AuthSessionDeps {
  log: Logger;
  keychain: Keychain;
  tokenClient: TokenClient;
  /** For discovery. */
  http: Got;
  /** The current configuration (settings may change between attempts). */
  config: () => AuthConfig;
  userAgentFor: (mode: SignInMode) => UserAgent;
  now?: () => number;
  /** How long the user may take on the sign-in pages (default 10 minutes). */
  signInTimeoutMs?: number;
  /** Refresh this long before the access token expires (default 60 s), so requests never carry a dying token. */
  expirySkewMs?: number;
  /** Upper bound for revocation at sign-out (default 5 s): sign-out must not wait on a slow server. */
  revocationTimeoutMs?: number;
}

interface LiveTokens {
  accessToken: string | null;
  accessExpiresAt: number;
  refreshToken: string | undefined;
  scope: string;
  issuer: string;
  clientId: string;
}

const EXPIRED_MESSAGE = 'You were signed out. Please sign in again.';
const DEFAULT_ACCESS_TTL_S = 3_600;

/** Resolves with `p` unless `signal` aborts first; the shared work behind `p` carries on for other callers. */
function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new AppFailure('cancelled', 'The request was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppFailure('cancelled', 'The request was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The signed-in session: the state machine the renderer observes (signed out → authorizing → exchanging →
 * signed in ⇄ refreshing → expired / error), the access token in memory, the resumable token set in the
 * keychain, and single-flight refresh for the API client.
 */
export class AuthSession implements AccessTokenSource {
  private current: AuthState = { status: 'signed-out' };
  private tokens: LiveTokens | null = null;
  private remembered = false;
  private notice: string | undefined;
  private refreshFlight: Promise<string> | null = null;
  private attempt: { controller: AbortController; promise: Promise<AuthState> } | null = null;
  /** Bumped whenever a session starts or ends, so late results of an ended session are dropped. */
  private generation = 0;
  private sessionController = new AbortController();
  private readonly metadataCache = new Map<string, ServerMetadata>();
  private readonly stateListeners = new Set<(s: AuthState) => void>();
  private readonly signOutListeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly deps: AuthSessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The state as the renderer may see it (never a token). */
  get state(): AuthState {
    return this.current;
  }

  /** Aborted when the current signed-in session ends (sign-out, expiry): in-flight API calls should stop. */
  get sessionSignal(): AbortSignal {
    return this.sessionController.signal;
  }

  /** Subscribes to state changes; returns a disposer for exactly this listener. */
  onStateChange(listener: (s: AuthState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Subscribes to the end of a signed-in session; returns a disposer for exactly this listener. */
  onSignedOut(listener: () => void): () => void {
    this.signOutListeners.add(listener);
    return () => this.signOutListeners.delete(listener);
  }

  /** Resumes silently from the keychain at start-up; never throws. */
  async resume(): Promise<AuthState> {
    const { keychain, log } = this.deps;
    let text: string | null;
    try {
      text = await keychain.get(SESSION_ACCOUNT);
    } catch (e) {
      if (e instanceof KeychainError && e.problem === 'corrupt') {
        log.warn('stored sign-in is corrupt; treating as signed out', { error: e });
        await keychain.delete(SESSION_ACCOUNT).catch(() => {});
        return this.setState({ status: 'signed-out' });
      }
      log.warn('keychain unavailable at start-up', { error: e });
      const problem = e instanceof KeychainError ? e.problem : 'unavailable';
      return this.setState({ status: 'signed-out', reason: keychainProblemText(problem).replace(/this sign-in will not/, 'your sign-in cannot') });
    }
    if (text === null) return this.setState({ status: 'signed-out' });
    const stored = parseStoredSession(text);
    const config = this.deps.config();
    if (!stored) {
      log.warn('stored sign-in is unreadable; treating as signed out and removing it');
      await keychain.delete(SESSION_ACCOUNT).catch(() => {});
      return this.setState({ status: 'signed-out' });
    }
    if (stored.issuer !== config.issuer || stored.clientId !== config.clientId) {
      log.info('stored sign-in belongs to other settings; removing it', { storedIssuer: stored.issuer, issuer: config.issuer });
      await keychain.delete(SESSION_ACCOUNT).catch(() => {});
      return this.setState({ status: 'signed-out' });
    }
    log.addSecret(stored.refreshToken);
    this.startSession({ accessToken: null, accessExpiresAt: 0, refreshToken: stored.refreshToken, scope: stored.scope, issuer: stored.issuer, clientId: stored.clientId });
    this.remembered = true;
    this.notice = undefined;
    this.setState({ status: 'signed-in', remembered: true });
    try {
      await this.refresh();
    } catch (e) {
      // Offline at start-up: stay signed in with the stored token and refresh when the network is back.
      log.info('resume refresh did not complete', { code: isFailure(e) ? e.code : 'internal' });
    }
    return this.current;
  }

  /** Runs one interactive sign-in; a second call while one runs joins it. Resolves signed-out when cancelled. */
  signIn(): Promise<AuthState> {
    if (this.attempt) return this.attempt.promise;
    if (this.tokens && (this.current.status === 'signed-in' || this.current.status === 'refreshing')) return Promise.resolve(this.current);
    const controller = new AbortController();
    const promise = this.runSignIn(controller.signal).finally(() => {
      if (this.attempt?.controller === controller) this.attempt = null;
    });
    this.attempt = { controller, promise };
    return promise;
  }

  /** Cancels a running sign-in (closes its window / stops its listener). */
  async cancelSignIn(): Promise<AuthState> {
    const attempt = this.attempt;
    if (!attempt) return this.current;
    attempt.controller.abort();
    return attempt.promise.catch(() => this.current);
  }

  /**
   * Signs out: forgets the tokens at once (the app is signed out whatever happens next), removes the keychain
   * entry, revokes the refresh token when the server offers revocation, and clears the sign-in pages' data.
   */
  async signOut(): Promise<AuthState> {
    this.attempt?.controller.abort();
    const ended = this.tokens;
    this.endSession();
    this.setState({ status: 'signed-out' });
    const { keychain, log, tokenClient } = this.deps;
    const tasks: Array<Promise<unknown>> = [
      keychain.delete(SESSION_ACCOUNT).catch((e: unknown) => log.warn('could not remove the stored sign-in', { error: e })),
    ];
    if (ended) {
      const token = ended.refreshToken ?? ended.accessToken;
      tasks.push(
        (async () => {
          const metadata = await this.metadata(ended.issuer);
          if (!metadata.revocationEndpoint || !token) return;
          const revoked = await tokenClient.revoke(
            { revocationEndpoint: metadata.revocationEndpoint, clientId: ended.clientId, token, hint: ended.refreshToken ? 'refresh_token' : 'access_token' },
            AbortSignal.timeout(this.deps.revocationTimeoutMs ?? 5_000),
          );
          log.info('signed out', { revoked });
        })().catch((e: unknown) => log.warn('revocation skipped', { error: e })),
      );
    }
    for (const mode of ['embedded', 'system-browser'] as const) {
      const agent = this.deps.userAgentFor(mode);
      if (agent.clearData) tasks.push(agent.clearData().catch((e: unknown) => log.warn('could not clear sign-in data', { error: e })));
    }
    await Promise.all(tasks);
    return this.current;
  }

  /** A valid access token, refreshed first (single-flight) when it is about to expire. */
  async getAccessToken(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw new AppFailure('cancelled', 'The request was cancelled.');
    const t = this.requireTokens();
    if (this.refreshFlight) return raceAbort(this.refreshFlight, signal);
    if (t.accessToken && t.accessExpiresAt - (this.deps.expirySkewMs ?? 60_000) > this.now()) return t.accessToken;
    return raceAbort(this.refresh(), signal);
  }

  /** After a 401 for `rejected`: refreshes once, unless another caller already replaced that token. */
  async refreshAfterUnauthorized(rejected: string, signal?: AbortSignal): Promise<string> {
    const t = this.requireTokens();
    if (this.refreshFlight) return raceAbort(this.refreshFlight, signal);
    if (t.accessToken && t.accessToken !== rejected) return t.accessToken;
    return raceAbort(this.refresh(), signal);
  }

  /** Ends any attempt and forgets listeners. */
  async dispose(): Promise<void> {
    this.attempt?.controller.abort();
    await this.attempt?.promise.catch(() => {});
    this.sessionController.abort();
    this.stateListeners.clear();
    this.signOutListeners.clear();
  }

  private requireTokens(): LiveTokens {
    if (this.tokens) return this.tokens;
    if (this.current.status === 'expired') throw new AppFailure('session-expired', this.current.reason);
    throw new AppFailure('not-signed-in', 'You are not signed in. Sign in to continue.');
  }

  private setState(next: AuthState): AuthState {
    this.current = next;
    for (const l of [...this.stateListeners]) {
      try {
        l(next);
      } catch (e) {
        this.deps.log.error('auth state listener failed', { error: e });
      }
    }
    return next;
  }

  private signedInState(): AuthState {
    return { status: 'signed-in', remembered: this.remembered, ...(this.notice ? { notice: this.notice } : {}) };
  }

  private startSession(tokens: LiveTokens): void {
    this.generation++;
    this.sessionController = new AbortController();
    this.tokens = tokens;
  }

  private endSession(): void {
    const hadSession = this.tokens !== null;
    this.generation++;
    this.tokens = null;
    this.refreshFlight = null;
    this.remembered = false;
    this.notice = undefined;
    this.sessionController.abort();
    if (hadSession) {
      for (const l of [...this.signOutListeners]) {
        try {
          l();
        } catch (e) {
          this.deps.log.error('sign-out listener failed', { error: e });
        }
      }
    }
  }

  private async metadata(issuer: string, signal?: AbortSignal): Promise<ServerMetadata> {
    const cached = this.metadataCache.get(issuer);
    if (cached) return cached;
    const m = await discover(this.deps.http, issuer, this.deps.log, signal);
    // A fallback is not cached, so discovery is retried once the server is reachable again.
    if (m.fromDiscovery) this.metadataCache.set(issuer, m);
    return m;
  }

  /** Stores the resumable token set; on failure the session continues for this run and says so. */
  private async persist(t: LiveTokens): Promise<void> {
    if (!t.refreshToken) {
      this.remembered = false;
      this.notice = 'The sign-in server did not allow the app to stay signed in, so you will need to sign in again next time.';
      return;
    }
    try {
      await this.deps.keychain.set(
        SESSION_ACCOUNT,
        serializeSession({
          v: 1,
          refreshToken: t.refreshToken,
          accessTokenExpiresAt: t.accessExpiresAt || null,
          scope: t.scope,
          issuer: t.issuer,
          clientId: t.clientId,
          savedAt: new Date(this.now()).toISOString(),
        }),
      );
      this.remembered = true;
      this.notice = undefined;
    } catch (e) {
      const problem = e instanceof KeychainError ? e.problem : 'unavailable';
      this.deps.log.warn('could not store the sign-in in the keychain', { problem, error: e });
      this.remembered = false;
      this.notice = keychainProblemText(problem);
    }
  }

  private liveTokensFrom(res: TokenResponse, issuer: string, clientId: string, previous?: LiveTokens): LiveTokens {
    return {
      accessToken: res.accessToken,
      accessExpiresAt: this.now() + (res.expiresIn ?? DEFAULT_ACCESS_TTL_S) * 1000,
      refreshToken: res.refreshToken ?? previous?.refreshToken,
      scope: res.scope ?? previous?.scope ?? this.deps.config().scopes.join(' '),
      issuer,
      clientId,
    };
  }

  private refresh(): Promise<string> {
    if (!this.refreshFlight) {
      const flight = this.doRefresh(this.generation).finally(() => {
        if (this.refreshFlight === flight) this.refreshFlight = null;
      });
      this.refreshFlight = flight;
    }
    return this.refreshFlight;
  }

  private async doRefresh(generation: number): Promise<string> {
    const { log, tokenClient } = this.deps;
    const t = this.requireTokens();
    if (!t.refreshToken) {
      this.expire('Your sign-in has expired. Please sign in again.');
      throw new AppFailure('session-expired', 'Your sign-in has expired. Please sign in again.');
    }
    this.setState({ status: 'refreshing', remembered: this.remembered });
    const stale = () => new AppFailure('not-signed-in', 'You are not signed in. Sign in to continue.');
    try {
      const metadata = await this.metadata(t.issuer, this.sessionController.signal);
      const res = await tokenClient.refresh({ tokenEndpoint: metadata.tokenEndpoint, clientId: t.clientId, refreshToken: t.refreshToken }, this.sessionController.signal);
      if (generation !== this.generation) throw stale();
      const next = this.liveTokensFrom(res, t.issuer, t.clientId, t);
      // A rotated refresh token is stored before the new access token is used: if the app dies right after,
      // the keychain must not hold the old one, which the server now rejects (and treats as token theft).
      if (next.refreshToken !== t.refreshToken) await this.persist(next);
      if (generation !== this.generation) throw stale();
      this.tokens = next;
      this.setState(this.signedInState());
      const rotated = next.refreshToken !== t.refreshToken;
      log.debug('session renewed', { rotated });
      return next.accessToken as string;
    } catch (e) {
      if (generation !== this.generation) throw isFailure(e, 'not-signed-in') ? e : stale();
      if (e instanceof TokenEndpointError && e.oauthError === 'invalid_grant') {
        log.info('refresh token rejected (invalid_grant); signing out');
        // Forget the dead token first, so that whoever sees the expiry also sees an empty keychain.
        await this.deps.keychain.delete(SESSION_ACCOUNT).catch((err: unknown) => log.warn('could not remove the stored sign-in', { error: err }));
        this.expire(EXPIRED_MESSAGE);
        throw new AppFailure('session-expired', EXPIRED_MESSAGE);
      }
      // Transient (network, timeout, 5xx, unreadable): keep the refresh token, here and in the keychain.
      this.setState(this.signedInState());
      throw isFailure(e) ? e : new AppFailure('internal', 'Could not renew your sign-in. Details are in the log.', {}, { cause: e });
    }
  }

  private expire(reason: string): void {
    this.endSession();
    this.setState({ status: 'expired', reason });
  }

  private async runSignIn(signal: AbortSignal): Promise<AuthState> {
    const { log, tokenClient } = this.deps;
    const config = this.deps.config();
    const agent = this.deps.userAgentFor(config.signInMode);
    this.setState({ status: 'authorizing', mode: agent.mode });
    try {
      const metadata = await this.metadata(config.issuer, signal);
      const pending = buildAuthorization(config, metadata);
      log.addSecret(pending.verifier);
      log.addSecret(pending.state);
      const allowedOrigins = [...new Set([new URL(metadata.issuer).origin, new URL(metadata.authorizationEndpoint).origin])];
      log.info('sign-in started', { mode: agent.mode, issuer: metadata.issuer, discovery: metadata.fromDiscovery });
      const callbackUrl = await agent.authorize({
        url: pending.url,
        redirectUri: pending.redirectUri,
        allowedOrigins,
        timeoutMs: this.deps.signInTimeoutMs ?? 10 * 60_000,
        signal,
      });
      const { code } = readCallback(callbackUrl, pending);
      log.addSecret(code);
      if (signal.aborted) throw new AppFailure('sign-in-cancelled', 'Sign-in was cancelled.');
      this.setState({ status: 'exchanging' });
      const res = await tokenClient.exchangeCode(
        { tokenEndpoint: metadata.tokenEndpoint, clientId: config.clientId, code, redirectUri: pending.redirectUri, verifier: pending.verifier },
        signal,
      );
      if (res.idToken) checkIdTokenClaims(res.idToken, { issuer: metadata.issuer, clientId: config.clientId, nonce: pending.nonce, now: this.now() });
      if (signal.aborted) throw new AppFailure('sign-in-cancelled', 'Sign-in was cancelled.');
      const tokens = this.liveTokensFrom(res, config.issuer, config.clientId);
      await this.persist(tokens);
      if (signal.aborted) {
        // Signed out (or cancelled) while the keychain was being written: undo, so no sign-in outlives the click.
        await this.deps.keychain.delete(SESSION_ACCOUNT).catch(() => {});
        throw new AppFailure('sign-in-cancelled', 'Sign-in was cancelled.');
      }
      this.startSession(tokens);
      log.info('signed in', { mode: agent.mode, remembered: this.remembered, scope: tokens.scope });
      return this.setState(this.signedInState());
    } catch (e) {
      if (isFailure(e, 'sign-in-cancelled', 'cancelled') || signal.aborted) {
        log.info('sign-in cancelled');
        return this.setState({ status: 'signed-out' });
      }
      const failure = isFailure(e) ? e : new AppFailure('sign-in-failed', 'Sign-in failed unexpectedly. Details are in the log.', {}, { cause: e });
      log.warn('sign-in failed', { code: failure.code, error: e });
      this.setState({ status: 'error', code: failure.code, message: failure.message });
      throw failure;
    }
  }
}
