// Signs in to the sandbox over plain HTTP, through its real authorize, login, consent and token endpoints,
// for tests and benchmarks that need real tokens but are not about the sign-in UI.
import { createHash, randomBytes } from 'node:crypto';

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

const b64url = (b: Buffer) => b.toString('base64url');

/** Follows redirects by hand, carrying cookies, until a page answers or the redirect URI is reached. */
async function walk(start: string, jar: Map<string, string>, redirectUri: string, init?: RequestInit): Promise<{ url: string; body: string }> {
  let url = start;
  let request: RequestInit | undefined = init;
  for (let hops = 0; hops < 20; hops++) {
    if (url.startsWith(redirectUri)) return { url, body: '' };
    const res = await fetch(url, {
      ...request,
      redirect: 'manual',
      headers: { ...(request?.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).toString();
      request = undefined;
      continue;
    }
    return { url, body: await res.text() };
  }
  throw new Error('too many redirects');
}

/** Runs authorization code + PKCE as `username` and returns the token set. */
export async function headlessSignIn(
  sandbox: SandboxLike,
  username: string,
  password: string,
  scope = 'read:owneraccounts read:core:entities offline_access',
): Promise<TokenSet> {
  const redirectUri = sandbox.redirectUris[0]!;
  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(16));
  const authorize = new URL('/connect/authorize', sandbox.issuer);
  for (const [k, v] of Object.entries({
    client_id: sandbox.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    state,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  })) {
    authorize.searchParams.set(k, v);
  }
  const jar = new Map<string, string>();
  const form = (data: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(data).toString(),
  });
  const login = await walk(authorize.toString(), jar, redirectUri);
  const loginAction = login.body.match(/action="([^"]*\/login)"/)?.[1];
  if (!loginAction) throw new Error(`no login form at ${login.url}`);
  let page = await walk(new URL(loginAction, login.url).toString(), jar, redirectUri, form({ username, password }));
  const consentAction = page.body.match(/action="([^"]*\/consent)"/)?.[1];
  if (consentAction) page = await walk(new URL(consentAction, page.url).toString(), jar, redirectUri, form({ decision: 'allow' }));
  if (!page.url.startsWith(redirectUri)) throw new Error(`sign-in did not reach the redirect URI (ended at ${page.url})`);
  const callback = new URL(page.url);
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.searchParams.get('error') ?? 'unknown'}`);

  const res = await fetch(new URL('/connect/token', sandbox.issuer), form({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: sandbox.clientId,
    code_verifier: verifier,
  }));
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`token exchange failed: ${String(body.error)}`);
  return {
    accessToken: String(body.access_token),
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    expiresIn: Number(body.expires_in),
    scope: String(body.scope ?? ''),
  };
}

/** Exchanges a refresh token at the sandbox's token endpoint. */
export async function refreshTokens(sandbox: SandboxLike, refreshToken: string): Promise<TokenSet> {
  const res = await fetch(new URL('/connect/token', sandbox.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: sandbox.clientId }).toString(),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`refresh failed: ${String(body.error)}`);
  return {
    accessToken: String(body.access_token),
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
    expiresIn: Number(body.expires_in),
    scope: String(body.scope ?? ''),
  };
}
