// A user agent for tests that walks the sandbox's real sign-in pages over plain HTTP (login form, consent form)
// from the authorization URL the flow built, and returns the callback URL the server redirected to: the whole
// Authorization Code + PKCE round trip without a browser, fast enough to run per mutant.
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
      const cookies = new Map<string, string>();
      let next: { url: string; init?: RequestInit } = { url: request.url };
      for (let hop = 0; hop < 10; hop++) {
        const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const res = await fetch(next.url, {
          ...next.init,
          redirect: 'manual',
          headers: { ...next.init?.headers, cookie },
        });
        for (const line of res.headers.getSetCookie()) {
          const [pair = '', ...attrs] = line.split(';');
          const eq = pair.indexOf('=');
          const name = pair.slice(0, eq).trim();
          const expired = attrs.some(
            (a) =>
              /^\s*max-age=0\s*$/i.test(a) ||
              (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()),
          );
          if (expired) cookies.delete(name);
          else cookies.set(name, pair.slice(eq + 1).trim());
        }
        const location = res.headers.get('location');
        if (location) {
          await res.arrayBuffer();
          const target = new URL(location, next.url).href;
          if (target.startsWith(request.redirectUri)) return target;
          next = { url: target };
          continue;
        }
        const html = await res.text();
        const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
        if (res.status !== 200 || !action)
          throw new Error(`sign-in stopped at ${next.url} with HTTP ${res.status}`);
        const form = action.endsWith('/login')
          ? new URLSearchParams({ username, password })
          : new URLSearchParams({ decision: 'allow' });
        next = {
          url: new URL(action.replace(/&#47;/g, '/'), next.url).href,
          init: {
            method: 'POST',
            body: form,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          },
        };
      }
      throw new Error('too many redirects during sign-in');
    },
  };
}
