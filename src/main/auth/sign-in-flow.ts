import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { SIGN_IN_CANCELLED } from '../messages';
import { buildAuthorization } from './authorize-request';
import { readCallback } from './callback';
import type { AuthConfig } from './config';
import type { ServerMetadata } from './discovery';
import { checkIdTokenClaims } from './id-token';
import type { KeychainProblem } from '../secrets/keychain';
import { toStored, type LiveTokens } from './live-tokens';
import type { RenewalJournal } from './renewal-journal';
import type { SessionLock } from './session-lock';
import type { SignedOutMarker } from './signed-out-marker';
import type { TokenClient, TokenResponse } from './token-client';
import type { TokenStore } from './token-store';
import type { UserAgent } from './user-agent';

/** What an interactive sign-in needs. */
export interface SignInFlowDeps {
  log: Logger;
  tokenClient: TokenClient;
  metadata: (issuer: string, signal?: AbortSignal) => Promise<ServerMetadata>;
  now: () => number;
  timeoutMs: number;
}

/** A completed authorization: the token response and, when an ID token came, who signed in. */
export interface SignInResult {
  response: TokenResponse;
  account?: string;
  /** The ID token's `sub`: who signed in, as the server names them. */
  subject?: string;
}

function claimsOf(idToken: string): Record<string, unknown> {
  try {
    return JSON.parse(
      Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
  } catch {
    // The claims were checked before; an unreadable one here only means no label.
    return {};
  }
}

/** A display label from ID-token claims the token endpoint sent (already checked): name, email or username. */
export function accountLabel(idToken: string): string | undefined {
  const claims = claimsOf(idToken);
  for (const key of ['name', 'email', 'preferred_username']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
  }
  return undefined;
}

/** The ID token's subject (`sub`), when it is a sensible string. */
export function subjectOf(idToken: string): string | undefined {
  const sub = claimsOf(idToken).sub;
  return typeof sub === 'string' && sub.length > 0 && sub.length <= 255 ? sub : undefined;
}

/**
 * Runs Authorization Code + PKCE once: the user agent shows the pages, the callback is checked (state, iss),
 * the code is exchanged with the verifier, and an ID token's claims are checked. `onExchanging` marks the step.
 */
export async function runSignInFlow(
  deps: SignInFlowDeps,
  config: AuthConfig,
  agent: UserAgent,
  signal: AbortSignal,
  onExchanging: () => void,
): Promise<SignInResult> {
  const { log, tokenClient } = deps;
  const metadata = await deps.metadata(config.issuer, signal);
  const pending = buildAuthorization(config, metadata);
  log.addSecret(pending.verifier);
  log.addSecret(pending.state);
  const allowedOrigins = [
    ...new Set([new URL(metadata.issuer).origin, new URL(metadata.authorizationEndpoint).origin]),
  ];
  log.info('sign-in started', {
    mode: agent.mode,
    issuer: metadata.issuer,
    discovery: metadata.fromDiscovery,
  });
  const callbackUrl = await agent.authorize({
    url: pending.url,
    redirectUri: pending.redirectUri,
    allowedOrigins,
    timeoutMs: deps.timeoutMs,
    signal,
  });
  const { code } = readCallback(callbackUrl, pending);
  log.addSecret(code);
  if (signal.aborted) throw new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED);
  onExchanging();
  const response = await tokenClient.exchangeCode(
    {
      tokenEndpoint: metadata.tokenEndpoint,
      clientId: config.clientId,
      code,
      redirectUri: pending.redirectUri,
      verifier: pending.verifier,
    },
    signal,
  );
  if (signal.aborted) throw new AppFailure('sign-in-cancelled', SIGN_IN_CANCELLED);
  if (!response.idToken) return { response };
  checkIdTokenClaims(response.idToken, {
    issuer: metadata.issuer,
    clientId: config.clientId,
    nonce: pending.nonce,
    now: deps.now(),
  });
  const account = accountLabel(response.idToken);
  const subject = subjectOf(response.idToken);
  return { response, ...(account ? { account } : {}), ...(subject ? { subject } : {}) };
}

/** Where a completed sign-in is kept. */
export interface SignInPersistence {
  log: Logger;
  store: TokenStore;
  lock: SessionLock;
  marker: SignedOutMarker;
  journal: RenewalJournal;
}

/**
 * Stores a new sign-in under the session lock, replacing whatever was stored (signing in is the explicit way to
 * switch servers or accounts), and drops the signed-out marker and any record of an interrupted renewal: they
 * concern the sign-in this one replaces.
 */
export async function storeSignIn(
  deps: SignInPersistence,
  t: LiveTokens,
  now: number,
): Promise<'yes' | 'no-refresh-token' | KeychainProblem> {
  if (!t.refreshToken) return 'no-refresh-token';
  const entry = toStored({ ...t, refreshToken: t.refreshToken }, now);
  try {
    await deps.lock.withLock(async () => {
      await deps.store.write(entry);
      await deps.journal
        .clear()
        .catch((e: unknown) => deps.log.warn('could not clear the renewal journal', { error: e }));
    });
  } catch (e) {
    const problem = (e as { problem?: KeychainProblem }).problem ?? 'unavailable';
    deps.log.warn('could not store the sign-in in the keychain', { problem, error: e });
    return problem;
  }
  await deps.marker
    .clear()
    .catch((e: unknown) => deps.log.warn('could not clear the signed-out marker', { error: e }));
  return 'yes';
}

/** Removes a just-stored sign-in again (the attempt was cancelled meanwhile), if the entry still holds it. */
export async function unstoreSignIn(deps: SignInPersistence, t: LiveTokens): Promise<void> {
  await deps.lock
    .withLock(async () => {
      const read = await deps.store.read();
      if (read.kind === 'found' && read.session.refreshToken === t.refreshToken)
        await deps.store.remove();
    })
    .catch((e: unknown) => deps.log.warn('could not remove a cancelled sign-in', { error: e }));
}
