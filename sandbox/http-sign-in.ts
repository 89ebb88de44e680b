import { createHash, randomBytes } from 'node:crypto';

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

export interface HttpSignInOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
  /** 'deny' presses Deny on the consent page. */
  consent?: 'allow' | 'deny';
}

/** A PKCE verifier and its S256 challenge. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

// A path-insensitive cookie jar is enough here: every cookie is the sandbox's own.
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attrs.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) ||
          (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()),
      );
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The authorization endpoint's URL for a public client asking for a code, with `params` (redirect_uri, scope …). */
export function authorizeUrl(
  server: { issuer: string; clientId: string },
  params: Record<string, string>,
): URL {
  const url = new URL('/connect/authorize', server.issuer);
  url.search = new URLSearchParams({
    client_id: server.clientId,
    response_type: 'code',
    ...params,
  }).toString();
  return url;
}

/**
 * Drives the sign-in and consent pages with plain HTTP (no browser) and returns the redirect back to
 * `redirectUri`; for tests that need a real authorization code quickly. Chromium tests cover the pages.
 */
export async function authorizeWithHttp(
  options: HttpSignInOptions & { codeChallenge: string; state?: string },
): Promise<URL> {
  const authorize = authorizeUrl(options, {
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'read:owneraccounts read:core:entities offline_access',
    state: options.state ?? randomBytes(8).toString('hex'),
    code_challenge: options.codeChallenge,
    code_challenge_method: 'S256',
  });
  return followSignInPages(authorize.href, options);
}

/**
 * Walks the sign-in and consent pages from an authorization URL someone else built (the app's own, in a
 * benchmark of the real core) and returns the redirect back to `redirectUri`.
 */
export async function followSignInPages(
  authorizeUrl: string,
  options: Pick<HttpSignInOptions, 'issuer' | 'redirectUri' | 'username' | 'password' | 'consent'>,
): Promise<URL> {
  const jar = new CookieJar();
  let next: { url: string; init?: RequestInit } = { url: authorizeUrl };
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(next.url, {
      ...next.init,
      redirect: 'manual',
      headers: { ...next.init?.headers, cookie: jar.header() },
    });
    jar.store(res);
    const location = res.headers.get('location');
    if (location) {
      await res.arrayBuffer();
      const target = new URL(location, next.url);
      if (
        target.href.startsWith(options.redirectUri.split('?')[0] as string) ||
        !target.href.startsWith(options.issuer)
      )
        return target;
      next = { url: target.href };
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(
        `sign-in stopped at ${next.url} with HTTP ${res.status}: ${html.slice(0, 300)}`,
      );
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`sign-in page without a form at ${next.url}`);
    const formUrl = new URL(action.replace(/&#47;/g, '/'), next.url).href;
    const form = action.endsWith('/login')
      ? new URLSearchParams({ username: options.username, password: options.password })
      : new URLSearchParams({ decision: options.consent ?? 'allow' });
    if (action.endsWith('/login') && html.includes('Invalid username or password'))
      throw new Error('Invalid username or password');
    next = {
      url: formUrl,
      init: {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    };
  }
  throw new Error('too many redirects during sign-in');
}

/** A form POST to the token endpoint, as a public client sends it. */
function postToken(issuer: string, form: Record<string, string>): Promise<Response> {
  return fetch(new URL('/connect/token', issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

/** Exchanges an authorization code at the token endpoint (public client, PKCE). */
export async function exchangeCode(
  issuer: string,
  params: { clientId: string; redirectUri: string; code: string; verifier: string },
): Promise<Response> {
  return postToken(issuer, {
    grant_type: 'authorization_code',
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    code: params.code,
    code_verifier: params.verifier,
  });
}

/** Full sign-in over plain HTTP: authorize, sign in, consent, exchange. Throws on any failure. */
export async function signInWithHttp(options: HttpSignInOptions): Promise<TokenResponse> {
  const pkce = createPkce();
  const redirect = await authorizeWithHttp({ ...options, codeChallenge: pkce.challenge });
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code in redirect: ${redirect.href}`);
  const res = await exchangeCode(options.issuer, {
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    code,
    verifier: pkce.verifier,
  });
  const body = (await res.json()) as TokenResponse & { error?: string };
  if (!res.ok) throw new Error(`token exchange failed: HTTP ${res.status} ${body.error ?? ''}`);
  return body;
}

/** Uses a refresh token once. */
export async function refreshTokens(
  issuer: string,
  clientId: string,
  refreshToken: string,
): Promise<Response> {
  return postToken(issuer, {
    grant_type: 'refresh_token',
    client_id: clientId,
    refresh_token: refreshToken,
  });
}
