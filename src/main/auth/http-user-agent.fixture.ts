// A user agent for tests that walks the sandbox's real sign-in pages over plain HTTP (login form, consent form)
// from the authorization URL the flow built, and returns the callback URL the server redirected to: the whole
// Authorization Code + PKCE round trip without a browser, fast enough to run per mutant.
import { followSignInPages } from '../../../sandbox/http-sign-in';
import type { AuthorizationRequest, UserAgent } from './user-agent';

/** Signs in as `username`; `seen` records each request the flow made of the agent. */
export function httpUserAgent(
  username: string,
  password: string,
  seen: AuthorizationRequest[] = [],
): UserAgent {
  return {
    mode: 'embedded',
    async authorize(request) {
      seen.push(request);
      const back = await followSignInPages(request.url, {
        issuer: new URL(request.url).origin,
        redirectUri: request.redirectUri,
        username,
        password,
      });
      return back.href;
    },
  };
}
