// Real sandbox tokens without a browser, for tests and benchmarks that are not about the sign-in UI.
// The HTTP walk through authorize, login, consent and token lives in sandbox/http-sign-in.ts; this adapts it.
import {
  refreshTokens as refreshAtSandbox,
  signInWithHttp,
  type TokenResponse,
} from '../../sandbox/http-sign-in';

export interface SandboxLike {
  issuer: string;
  clientId: string;
  redirectUris: string[];
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number;
  scope: string;
}

const toTokenSet = (t: TokenResponse): TokenSet => ({
  accessToken: t.access_token,
  refreshToken: t.refresh_token ?? null,
  expiresIn: t.expires_in,
  scope: t.scope,
});

/** Runs authorization code + PKCE as `username` through the sandbox's real pages and returns the token set. */
export async function headlessSignIn(
  sandbox: SandboxLike,
  username: string,
  password: string,
  scope?: string,
): Promise<TokenSet> {
  return toTokenSet(
    await signInWithHttp({
      issuer: sandbox.issuer,
      clientId: sandbox.clientId,
      redirectUri: sandbox.redirectUris[0]!,
      username,
      password,
      ...(scope ? { scope } : {}),
    }),
  );
}

/** Exchanges a refresh token at the sandbox's token endpoint. */
export async function refreshTokens(sandbox: SandboxLike, refreshToken: string): Promise<TokenSet> {
  const res = await refreshAtSandbox(sandbox.issuer, sandbox.clientId, refreshToken);
  const body = (await res.json()) as TokenResponse & { error?: string };
  if (!res.ok) throw new Error(`refresh failed: HTTP ${res.status} ${body.error ?? ''}`);
  return toTokenSet(body);
}
