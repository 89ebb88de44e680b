// A token source for tests of the API client alone: real sandbox tokens, refreshed at the real token endpoint.
// The app's own session (src/main/auth) is tested separately; this keeps API-client tests about the client.
import type { AccessTokenSource } from '../../src/main/tapkey/token-source';
import { headlessSignIn, refreshTokens, type SandboxLike, type TokenSet } from './headless-sign-in';

export interface CountingTokenSource extends AccessTokenSource {
  refreshes: number;
  current(): TokenSet;
}

/** A token source for a local fake API that checks no token: always the same one, never refreshed. */
export const fixedTokenSource: AccessTokenSource = {
  getAccessToken: async () => 't',
  refreshAfterUnauthorized: async () => 't',
};

/** Signs in headlessly as `username` and serves its tokens; 401-triggered refreshes are single-flight and counted. */
export async function signedInTokenSource(
  sandbox: SandboxLike,
  username: string,
  password: string,
  scope?: string,
): Promise<CountingTokenSource> {
  let tokens = await headlessSignIn(sandbox, username, password, scope);
  let inFlight: Promise<string> | null = null;
  const source: CountingTokenSource = {
    refreshes: 0,
    current: () => tokens,
    getAccessToken: async () => tokens.accessToken,
    refreshAfterUnauthorized: async (rejected) => {
      if (rejected !== tokens.accessToken) return tokens.accessToken;
      inFlight ??= (async () => {
        source.refreshes++;
        tokens = await refreshTokens(sandbox, tokens.refreshToken!);
        return tokens.accessToken;
      })().finally(() => (inFlight = null));
      return inFlight;
    },
  };
  return source;
}
