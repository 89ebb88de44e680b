// A real sandbox sign-in (headless) written to the keychain as the app would store it, for tests and benchmarks
// that start from "already signed in" without driving the sign-in pages.
import { randomUUID } from 'node:crypto';
import {
  SESSION_ACCOUNT,
  parseStoredSession,
  serializeSession,
  type StoredSession,
} from '../../src/main/auth/stored-session';
import type { Keychain } from '../../src/main/secrets/keychain';
import { headlessSignIn, type SandboxLike } from './headless-sign-in';

/**
 * Signs in as `username` over HTTP and stores the session (access token included) under `keychain`; `scope`
 * replaces the sandbox's default scopes (e.g. to add the access scopes).
 */
export async function storeHeadlessSignIn(
  keychain: Keychain,
  sandbox: SandboxLike & { apiBaseUrl: string },
  username: string,
  password: string,
  scope?: string,
): Promise<StoredSession> {
  const t = await headlessSignIn(sandbox, username, password, scope);
  if (!t.refreshToken) throw new Error('the sandbox issued no refresh token');
  const now = Date.now();
  const session: StoredSession = {
    v: 2,
    refreshToken: t.refreshToken,
    accessToken: t.accessToken,
    accessTokenExpiresAt: now + t.expiresIn * 1000,
    accessTokenIssuedAt: now,
    scope: t.scope,
    issuer: sandbox.issuer,
    clientId: sandbox.clientId,
    apiBaseUrl: sandbox.apiBaseUrl,
    // Made at every login, as the app does: what the snapshot is bound to.
    signInId: randomUUID(),
    savedAt: new Date(now).toISOString(),
  };
  await keychain.set(SESSION_ACCOUNT, serializeSession(session));
  return session;
}

/** The stored session, or null. */
export async function readStoredSession(keychain: Keychain): Promise<StoredSession | null> {
  const text = await keychain.get(SESSION_ACCOUNT);
  return text === null ? null : parseStoredSession(text);
}

/** Marks the stored access token as expired (as if its hour had passed), keeping everything else. */
export async function expireStoredAccessToken(keychain: Keychain): Promise<void> {
  const s = await readStoredSession(keychain);
  if (!s) throw new Error('nothing stored');
  await keychain.set(
    SESSION_ACCOUNT,
    serializeSession({
      ...s,
      accessTokenExpiresAt: Date.now() - 1_000,
      accessTokenIssuedAt: Date.now() - 3_601_000,
    }),
  );
}
