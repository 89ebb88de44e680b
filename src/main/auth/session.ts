import { randomUUID } from 'node:crypto';
import type { AuthState, SignInMode } from '../../shared/model';
import { AppFailure, isFailure } from '../errors';
import type { Logger } from '../log';
import {
  NOT_REMEMBERED_NO_REFRESH_TOKEN,
  NOT_SIGNED_IN,
  RENEWAL_FAILED,
  RENEWAL_INTERRUPTED,
  REQUEST_CANCELLED,
  SESSION_EXPIRED,
  SIGN_IN_CANCELLED,
  SIGN_IN_FAILED_UNEXPECTEDLY,
  SIGNED_OUT_ELSEWHERE,
  SIGNED_OUT_NOT_FORGOTTEN,
  SIGNED_OUT_NOT_RECORDED,
  signedInAgain,
  signedOutNotRevoked,
} from '../messages';
import { keychainProblemText, type Keychain, type KeychainProblem } from '../secrets/keychain';
import type { AccessTokenSource } from '../tapkey/token-source';
import type { AuthConfig } from './config';
import { discover, type ServerMetadata } from './discovery';
import type { AuthHttp } from './http';
import { isFresh, type LiveTokens, type Servers } from './live-tokens';
import { findResumable } from './resume';
import { Refresher, type Renewal } from './refresher';
import { memoryRenewalJournal, type RenewalJournal } from './renewal-journal';
import { processLock, type SessionLock } from './session-lock';
import { SessionState } from './session-state';
import { memorySignedOutMarker, type SignedOutMarker } from './signed-out-marker';
import { runSignInFlow, storeSignIn, unstoreSignIn } from './sign-in-flow';
import { forgetSignIn, type SignOutResult } from './sign-out';
import type { TokenClient } from './token-client';
import { TokenStore } from './token-store';
import type { UserAgent } from './user-agent';

export type { Servers } from './live-tokens';

/** What the session needs from the world; every piece is a port so tests can wire real servers. */
export interface AuthSessionDeps {
  log: Logger;
  keychain: Keychain;
  tokenClient: TokenClient;
  /** For discovery. */
  http: AuthHttp;
  /** The current configuration (settings may change between attempts). */
  config: () => AuthConfig;
  userAgentFor: (mode: SignInMode) => UserAgent;
  /** Serialises keychain read-modify-write across processes (default: this process only). */
  lock?: SessionLock;
  /** Remembers a sign-out whose keychain delete failed (default: in memory only). */
  signedOutMarker?: SignedOutMarker;
  /** Records a refresh from sending until its answer is stored (default: in memory only). */
  renewalJournal?: RenewalJournal;
  now?: () => number;
  /** How long the user may take on the sign-in pages (default 10 minutes). */
  signInTimeoutMs?: number;
  /** Refresh at most this long before the access token expires (default 60 s; half the lifetime for short tokens). */
  expirySkewMs?: number;
  /** Upper bound for revocation at sign-out (default 5 s): sign-out must not wait on a slow server. */
  revocationTimeoutMs?: number;
}

const DEFAULT_ACCESS_TTL_S = 3_600;

function hostOf(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return 'the sign-in server';
  }
}

/** Resolves with `p` unless `signal` aborts first; the shared work behind `p` carries on for other callers. */
function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new AppFailure('cancelled', REQUEST_CANCELLED));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppFailure('cancelled', REQUEST_CANCELLED));
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the listener is removed as soon as the work settles, abort or not
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const serversOf = (c: Servers): Servers => ({
  issuer: c.issuer,
  clientId: c.clientId,
  apiBaseUrl: c.apiBaseUrl,
});

/**
 * The signed-in session: composes the state machine the renderer observes (session-state), the keychain entry
 * shared with other processes (token-store, under session-lock), renewal (refresher), the interactive sign-in
 * (sign-in-flow) and forgetting (sign-out). The access token stays in main; it is handed only to the API client.
 */
export class AuthSession implements AccessTokenSource {
  private readonly machine: SessionState;
  private readonly store: TokenStore;
  private readonly lock: SessionLock;
  private readonly marker: SignedOutMarker;
  private readonly journal: RenewalJournal;
  private readonly refresher: Refresher;
  private tokens: LiveTokens | null = null;
  /** How many times another sign-in took this one's place while it ran (the renderer keys its data on it). */
  private replacements = 0;
  private remembered = false;
  private notice: string | undefined;
  private flight: Promise<string> | null = null;
  private attempt: { controller: AbortController; promise: Promise<AuthState> } | null = null;
  /** Bumped whenever a session starts or ends, so late results of an ended session are dropped. */
  private generation = 0;
  private sessionController = new AbortController();
  private foreign: Servers | null = null;
  private signOutResult: SignOutResult | null = null;
  private readonly metadataCache = new Map<string, ServerMetadata>();
  private readonly signOutListeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly marginCapMs: number;

  constructor(private readonly deps: AuthSessionDeps) {
    this.now = deps.now ?? Date.now;
    this.marginCapMs = deps.expirySkewMs ?? 60_000;
    this.machine = new SessionState(deps.log);
    this.store = new TokenStore(deps.keychain, deps.log);
    this.lock = deps.lock ?? processLock();
    this.marker = deps.signedOutMarker ?? memorySignedOutMarker();
    this.journal = deps.renewalJournal ?? memoryRenewalJournal();
    this.refresher = new Refresher({
      store: this.store,
      lock: this.lock,
      journal: this.journal,
      marker: this.marker,
      tokenClient: deps.tokenClient,
      metadata: (issuer, signal) => this.metadata(issuer, signal),
      log: deps.log,
      now: this.now,
      marginCapMs: this.marginCapMs,
      defaultAccessTtlS: DEFAULT_ACCESS_TTL_S,
    });
  }

  /** The state as the renderer may see it (never a token). */
  get state(): AuthState {
    return this.machine.value;
  }

  /** Aborted when the current signed-in session ends (sign-out, expiry): in-flight API calls should stop. */
  get sessionSignal(): AbortSignal {
    return this.sessionController.signal;
  }

  /** The servers the live session is bound to (its tokens go nowhere else), or null when signed out. */
  get servers(): Servers | null {
    return this.tokens ? serversOf(this.tokens) : null;
  }

  /**
   * Who the live sign-in is, for binding local data to it: the id made at login, else the ID token's subject;
   * null when signed out or when the stored entry predates both (then nothing may be bound to it).
   */
  get signInIdentity(): string | null {
    return this.tokens?.signInId ?? this.tokens?.subject ?? null;
  }

  /** The scopes the live sign-in was granted (as the token endpoint said), or none when signed out. */
  get grantedScopes(): readonly string[] {
    return this.tokens ? this.tokens.scope.split(/\s+/).filter(Boolean) : [];
  }

  /** Set by resume when the keychain holds a sign-in to other servers than the configured ones (left untouched). */
  get storedElsewhere(): Servers | null {
    return this.foreign;
  }

  /** How the last sign-out went (keychain forgotten? server told?), or null before any. */
  get lastSignOut(): SignOutResult | null {
    return this.signOutResult;
  }

  /** Subscribes to state changes; returns a disposer for exactly this listener. */
  onStateChange(listener: (s: AuthState) => void): () => void {
    return this.machine.onChange(listener);
  }

  /** Subscribes to the end of a signed-in session; returns a disposer for exactly this listener. */
  onSignedOut(listener: () => void): () => void {
    this.signOutListeners.add(listener);
    return () => this.signOutListeners.delete(listener);
  }

  /**
   * Resumes from the keychain at start-up; never throws. A still-valid stored access token is used as is (no
   * token request); a stale one is renewed now unless `renewStale` is false (a sign-out must never refresh first).
   * A sign-in the user signed out of is never resumed, one for other servers is left alone, and one whose last
   * renewal was interrupted after sending ends here, saying so.
   */
  async resume(options: { renewStale?: boolean } = {}): Promise<AuthState> {
    const found = await findResumable(
      {
        log: this.deps.log,
        store: this.store,
        lock: this.lock,
        marker: this.marker,
        journal: this.journal,
      },
      serversOf(this.deps.config()),
    );
    this.foreign = found.kind === 'elsewhere' ? found.servers : null;
    if (found.kind === 'interrupted')
      return this.machine.set({ status: 'expired', reason: RENEWAL_INTERRUPTED });
    if (found.kind !== 'resume')
      return this.machine.set(
        found.kind === 'signed-out' && found.reason
          ? { status: 'signed-out', reason: found.reason }
          : { status: 'signed-out' },
      );
    const { tokens } = found;
    this.startSession(tokens);
    this.remembered = true;
    this.notice = undefined;
    this.machine.set(this.signedInState());
    if (options.renewStale === false || isFresh(tokens, this.now(), this.marginCapMs))
      return this.machine.value;
    try {
      await this.renew(undefined);
    } catch (e) {
      // Offline at start-up: stay signed in with the stored token and refresh when the network is back.
      // `errorCode`, not `code`: the logger redacts every field named code (it could be an authorization code).
      this.deps.log.info('resume refresh did not complete', {
        errorCode: isFailure(e) ? e.code : 'internal',
      });
    }
    return this.machine.value;
  }

  /** Runs one interactive sign-in; a second call while one runs joins it. Resolves signed-out when cancelled. */
  signIn(): Promise<AuthState> {
    if (this.attempt) return this.attempt.promise;
    if (this.tokens && (this.state.status === 'signed-in' || this.state.status === 'refreshing'))
      return Promise.resolve(this.state);
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
    if (!attempt) return this.state;
    attempt.controller.abort();
    return attempt.promise.catch(() => this.state);
  }

  /**
   * Signs out: forgets the tokens at once (the app is signed out whatever happens next), removes the keychain
   * entry (remembering the sign-out when that fails), revokes at the issuer the tokens came from, and clears the
   * sign-in pages' data. The resulting state says when something could not be done.
   */
  async signOut(): Promise<AuthState> {
    this.attempt?.controller.abort();
    const ended = this.tokens;
    const servers = ended ? serversOf(ended) : serversOf(this.deps.config());
    this.endSession();
    this.machine.set({ status: 'signed-out' });
    const generation = this.generation;
    const { log } = this.deps;
    const clearing: Array<Promise<unknown>> = [];
    for (const mode of ['embedded', 'system-browser'] as const) {
      const agent = this.deps.userAgentFor(mode);
      if (agent.clearData)
        clearing.push(
          agent
            .clearData()
            .catch((e: unknown) => log.warn('could not clear sign-in data', { error: e })),
        );
    }
    const [result] = await Promise.all([
      forgetSignIn(
        {
          log,
          store: this.store,
          lock: this.lock,
          journal: this.journal,
          marker: this.marker,
          tokenClient: this.deps.tokenClient,
          metadata: (issuer, signal) => this.metadata(issuer, signal),
          revocationTimeoutMs: this.deps.revocationTimeoutMs ?? 5_000,
        },
        ended,
        servers,
      ),
      ...clearing,
    ]);
    this.signOutResult = result;
    const reason = !result.forgotten
      ? SIGNED_OUT_NOT_FORGOTTEN
      : !result.remembered
        ? SIGNED_OUT_NOT_RECORDED
        : result.revocation === null || result.revocation === 'revoked'
          ? undefined
          : signedOutNotRevoked(result.revocation, hostOf(servers.issuer));
    // Unless a new sign-in started meanwhile, the state tells what could not be done.
    if (reason && generation === this.generation && this.state.status === 'signed-out')
      this.machine.set({ status: 'signed-out', reason });
    return this.state;
  }

  /** A valid access token, renewed first (single-flight, and once across processes) when it is about to expire. */
  async getAccessToken(signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw new AppFailure('cancelled', REQUEST_CANCELLED);
    const t = this.requireTokens();
    if (this.flight) return raceAbort(this.flight, signal);
    if (t.accessToken && isFresh(t, this.now(), this.marginCapMs)) return t.accessToken;
    return raceAbort(this.renew(undefined), signal);
  }

  /** After a 401 for `rejected`: renews once, unless another caller (or process) already replaced that token. */
  async refreshAfterUnauthorized(rejected: string, signal?: AbortSignal): Promise<string> {
    const t = this.requireTokens();
    if (this.flight) return raceAbort(this.flight, signal);
    if (t.accessToken && t.accessToken !== rejected) return t.accessToken;
    return raceAbort(this.renew(rejected), signal);
  }

  /** Ends any attempt and forgets listeners. */
  async dispose(): Promise<void> {
    this.attempt?.controller.abort();
    await this.attempt?.promise.catch(() => {});
    this.sessionController.abort();
    this.machine.clear();
    this.signOutListeners.clear();
  }

  private requireTokens(): LiveTokens {
    if (this.tokens) return this.tokens;
    if (this.state.status === 'expired') throw new AppFailure('session-expired', this.state.reason);
    throw new AppFailure('not-signed-in', NOT_SIGNED_IN);
  }

  private signedInState(): AuthState {
    return {
      status: 'signed-in',
      remembered: this.remembered,
      ...(this.notice ? { notice: this.notice } : {}),
      ...(this.tokens?.account ? { account: this.tokens.account } : {}),
      ...this.sessionKey(),
    };
  }

  private sessionKey(): { sessionKey?: string } {
    return this.replacements ? { sessionKey: String(this.replacements) } : {};
  }

  private startSession(tokens: LiveTokens): void {
    this.generation++;
    this.sessionController = new AbortController();
    this.tokens = tokens;
  }

  /**
   * Ends the signed-in session: its in-flight calls stop (the session signal aborts, with `why` when the state alone
   * cannot tell callers what happened), its late results are dropped (the generation moves on), and sign-out
   * listeners run.
   */
  private endSession(why?: AppFailure): void {
    const hadSession = this.tokens !== null;
    this.generation++;
    this.tokens = null;
    this.flight = null;
    this.remembered = false;
    this.notice = undefined;
    this.sessionController.abort(why);
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

  /** Whether a keychain write outcome keeps the sign-in for the next start, and what to tell the user if not. */
  private noteStored(stored: 'yes' | 'foreign' | KeychainProblem): void {
    this.remembered = stored === 'yes';
    this.notice =
      stored === 'yes' || stored === 'foreign' ? undefined : keychainProblemText(stored);
  }

  private renew(rejected: string | undefined): Promise<string> {
    if (!this.flight) {
      const flight = this.doRenew(this.generation, rejected).finally(() => {
        if (this.flight === flight) this.flight = null;
      });
      this.flight = flight;
    }
    return this.flight;
  }

  private async doRenew(generation: number, rejected: string | undefined): Promise<string> {
    const t = this.requireTokens();
    if (!t.refreshToken) {
      this.expire(SESSION_EXPIRED);
      throw new AppFailure('session-expired', SESSION_EXPIRED);
    }
    this.machine.set({ status: 'refreshing', remembered: this.remembered, ...this.sessionKey() });
    const stale = () => new AppFailure('not-signed-in', NOT_SIGNED_IN);
    let renewal: Renewal;
    try {
      renewal = await this.refresher.renew(
        t,
        rejected,
        this.remembered,
        this.sessionController.signal,
      );
    } catch (e) {
      if (generation !== this.generation)
        throw isFailure(e, 'not-signed-in', 'session-expired') ? e : stale();
      // Transient (network, timeout, 5xx, lock busy): keep the refresh token, here and in the keychain.
      this.machine.set(this.signedInState());
      throw isFailure(e) ? e : new AppFailure('internal', RENEWAL_FAILED, {}, { cause: e });
    }
    if (generation !== this.generation) throw stale();
    switch (renewal.kind) {
      case 'dead':
        this.expire(renewal.reason);
        throw new AppFailure('session-expired', renewal.reason);
      case 'interrupted':
        this.expire(RENEWAL_INTERRUPTED);
        throw new AppFailure('session-expired', RENEWAL_INTERRUPTED);
      case 'signed-out-elsewhere': {
        const failure = new AppFailure('not-signed-in', SIGNED_OUT_ELSEWHERE);
        this.endSession(failure);
        this.machine.set({ status: 'signed-out', reason: SIGNED_OUT_ELSEWHERE });
        throw failure;
      }
      case 'replaced': {
        // The caller belongs to the old sign-in: it gets nothing of the new one, which starts as a session of its
        // own with a new key, so the window loads everything again under it.
        const failure = new AppFailure(
          'cancelled',
          signedInAgain(renewal.tokens.account ?? renewal.tokens.subject),
        );
        this.endSession(failure);
        this.startSession(renewal.tokens);
        this.replacements++;
        this.noteStored(renewal.stored);
        this.notice = failure.message;
        this.deps.log.info('another sign-in took this one’s place', {
          replacements: this.replacements,
        });
        this.machine.set(this.signedInState());
        throw failure;
      }
      case 'renewed':
        this.tokens = renewal.tokens;
        if (renewal.source === 'store')
          this.deps.log.debug('adopted the sign-in another process renewed');
        this.noteStored(renewal.stored);
        this.machine.set(this.signedInState());
        return renewal.tokens.accessToken as string;
    }
  }

  private expire(reason: string): void {
    this.endSession();
    this.machine.set({ status: 'expired', reason });
  }

  private async runSignIn(signal: AbortSignal): Promise<AuthState> {
    const { log } = this.deps;
    const config = this.deps.config();
    const agent = this.deps.userAgentFor(config.signInMode);
    this.machine.set({ status: 'authorizing', mode: agent.mode });
    try {
      const flowDeps = {
        log,
        tokenClient: this.deps.tokenClient,
        metadata: (issuer: string, s?: AbortSignal) => this.metadata(issuer, s),
        now: this.now,
        timeoutMs: this.deps.signInTimeoutMs ?? 10 * 60_000,
      };
      const persistence = {
        log,
        store: this.store,
        lock: this.lock,
        marker: this.marker,
        journal: this.journal,
      };
      const result = await runSignInFlow(flowDeps, config, agent, signal, () =>
        this.machine.set({ status: 'exchanging' }),
      );
      const tokens = this.refresher.tokensFrom(result.response, {
        ...serversOf(config),
        scope: config.scopes.join(' '),
        ...(result.account ? { account: result.account } : {}),
        signInId: randomUUID(),
        ...(result.subject ? { subject: result.subject } : {}),
      });
      const stored = await storeSignIn(persistence, tokens, this.now());
      if (signal.aborted) {
        // Signed out (or cancelled) while the keychain was being written: undo, so no sign-in outlives the click.
        await unstoreSignIn(persistence, tokens);
        throw new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED);
      }
      this.startSession(tokens);
      if (stored === 'no-refresh-token') {
        this.remembered = false;
        this.notice = NOT_REMEMBERED_NO_REFRESH_TOKEN;
      } else {
        this.noteStored(stored);
      }
      this.foreign = null;
      log.info('signed in', { mode: agent.mode, remembered: this.remembered, scope: tokens.scope });
      return this.machine.set(this.signedInState());
    } catch (e) {
      if (isFailure(e, 'sign-in-cancelled', 'cancelled') || signal.aborted) {
        log.info('sign-in cancelled');
        return this.machine.set({ status: 'signed-out' });
      }
      const failure = isFailure(e)
        ? e
        : new AppFailure('sign-in-failed', SIGN_IN_FAILED_UNEXPECTEDLY, {}, { cause: e });
      log.warn('sign-in failed', { errorCode: failure.code, error: e });
      this.machine.set({ status: 'error', code: failure.code, message: failure.message });
      throw failure;
    }
  }
}
