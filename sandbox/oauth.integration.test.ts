import { beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  authorizeWithHttp,
  createPkce,
  exchangeCode,
  refreshTokens,
  type TokenResponse,
} from './http-sign-in';
import { useSandbox } from '../test/support/sandbox';
import { apiGet, postForm, tokensFor } from './test-support';

const sandbox = useSandbox();
/** Uses a refresh token once at the sandbox. */
const refresh = (token: string | undefined) =>
  refreshTokens(sandbox.issuer, sandbox.clientId, token as string);
let redirectUri: string;

beforeAll(async () => {
  redirectUri = sandbox.redirectUris[0] as string;
});

async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { error: string }).error;
}

async function authorizeRedirect(params: Record<string, string>): Promise<Response> {
  const url = authorizeUrl(sandbox, {
    redirect_uri: redirectUri,
    scope: 'read:owneraccounts',
    state: 's',
    ...params,
  });
  return fetch(url, { redirect: 'manual' });
}

describe('discovery', () => {
  it('advertises the /connect endpoints, S256 and RFC 9207 iss', async () => {
    const res = await fetch(`${sandbox.issuer}/.well-known/openid-configuration`);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: sandbox.issuer,
      authorization_endpoint: `${sandbox.issuer}/connect/authorize`,
      token_endpoint: `${sandbox.issuer}/connect/token`,
      revocation_endpoint: `${sandbox.issuer}/connect/revocation`,
      end_session_endpoint: `${sandbox.issuer}/connect/endsession`,
      jwks_uri: `${sandbox.issuer}/connect/jwks`,
      userinfo_endpoint: `${sandbox.issuer}/connect/userinfo`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      response_types_supported: ['code'],
    });
    expect(doc.scopes_supported).toEqual(
      expect.arrayContaining([
        'openid',
        'offline_access',
        'read:owneraccounts',
        'read:core:entities',
      ]),
    );
    const jwks = (await (await fetch(doc.jwks_uri as string)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('authorization code + PKCE', () => {
  it('refuses an authorize request without a code_challenge', async () => {
    const res = await authorizeRedirect({});
    const location = new URL(res.headers.get('location') as string);
    expect(location.href.startsWith(redirectUri)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses code_challenge_method=plain', async () => {
    const { verifier } = createPkce();
    const res = await authorizeRedirect({
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    const location = new URL(res.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses an unregistered redirect URI with an error page and no redirect', async () => {
    const res = await authorizeRedirect({
      redirect_uri: 'http://127.0.0.1:8111/other',
      code_challenge: createPkce().challenge,
      code_challenge_method: 'S256',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('rejects a wrong or missing code_verifier with invalid_grant', async () => {
    /** A fresh code for alice, bound to a challenge whose verifier is not sent below. */
    const freshCode = async () =>
      (
        await authorizeWithHttp({
          issuer: sandbox.issuer,
          clientId: sandbox.clientId,
          redirectUri,
          username: 'alice',
          password: 'alice-password',
          codeChallenge: createPkce().challenge,
        })
      ).searchParams.get('code') as string;
    const code = await freshCode();
    const wrong = await exchangeCode(sandbox.issuer, {
      clientId: sandbox.clientId,
      redirectUri,
      code,
      verifier: createPkce().verifier,
    });
    expect(wrong.status).toBe(400);
    expect(await errorOf(wrong)).toBe('invalid_grant');

    const missing = await postForm(sandbox, '/connect/token', {
      grant_type: 'authorization_code',
      client_id: sandbox.clientId,
      redirect_uri: redirectUri,
      code: await freshCode(),
    });
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toBe('invalid_grant');
  });

  it('issues a refresh token for offline_access without prompt=consent, and none without it', async () => {
    const withOffline = await tokensFor(sandbox, 'alice');
    expect(withOffline.refresh_token).toBeTruthy();
    const withoutOffline = await tokensFor(sandbox, 'alice', 'read:owneraccounts');
    expect(withoutOffline.refresh_token).toBeUndefined();
    expect(withoutOffline.scope).toBe('read:owneraccounts');
  });

  it('accepts openid and then issues an ID token', async () => {
    const tokens = await tokensFor(sandbox, 'bob', 'openid read:owneraccounts offline_access');
    expect(tokens.id_token?.split('.')).toHaveLength(3);
    const claims = JSON.parse(
      Buffer.from((tokens.id_token as string).split('.')[1] as string, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: sandbox.issuer, aud: sandbox.clientId, sub: 'bob' });
  });
});

describe('refresh tokens', () => {
  it('rotate on every use: the old one is then rejected with invalid_grant', async () => {
    const first = await tokensFor(sandbox);
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenResponse;
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe(first.scope);
    expect(await sandbox.isRefreshTokenActive(first.refresh_token as string)).toBe(false);
    expect(await sandbox.isRefreshTokenActive(second.refresh_token as string)).toBe(true);
    expect((await apiGet(sandbox, 'Owners', second.access_token)).status).toBe(200);

    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(400);
    expect(await errorOf(reuse)).toBe('invalid_grant');
    // Reuse detection revokes the whole grant (documented in the README).
    expect(await sandbox.isRefreshTokenActive(second.refresh_token as string)).toBe(false);
  });

  it('keep working after expireAccessTokens(), which makes only access tokens answer 401', async () => {
    const tokens = await tokensFor(sandbox);
    expect((await apiGet(sandbox, 'Owners', tokens.access_token)).status).toBe(200);
    sandbox.expireAccessTokens();
    const expired = await apiGet(sandbox, 'Owners', tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    const res = await refresh(tokens.refresh_token);
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as TokenResponse;
    expect((await apiGet(sandbox, 'Owners', fresh.access_token)).status).toBe(200);
  });

  it('count in stats by grant type', async () => {
    sandbox.stats.reset();
    const tokens = await tokensFor(sandbox);
    await refresh(tokens.refresh_token);
    expect(sandbox.stats.tokenRequests('authorization_code')).toBe(1);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
    expect(sandbox.stats.tokenRequests()).toBe(2);
  });
});

describe('revocation', () => {
  it('revokes a refresh token: it and its access tokens stop working', async () => {
    const tokens = await tokensFor(sandbox);
    const before = sandbox.stats.revocations();
    const res = await postForm(sandbox, '/connect/revocation', {
      client_id: sandbox.clientId,
      token: tokens.refresh_token as string,
      token_type_hint: 'refresh_token',
    });
    expect(res.status).toBe(200);
    expect(sandbox.stats.revocations()).toBe(before + 1);
    expect(await sandbox.isRefreshTokenActive(tokens.refresh_token as string)).toBe(false);
    const refused = await refresh(tokens.refresh_token);
    expect(refused.status).toBe(400);
    expect(await errorOf(refused)).toBe('invalid_grant');
    expect((await apiGet(sandbox, 'Owners', tokens.access_token)).status).toBe(401);
  });

  it('revokes an access token alone', async () => {
    const tokens = await tokensFor(sandbox);
    const res = await postForm(sandbox, '/connect/revocation', {
      client_id: sandbox.clientId,
      token: tokens.access_token,
    });
    expect(res.status).toBe(200);
    expect((await apiGet(sandbox, 'Owners', tokens.access_token)).status).toBe(401);
  });

  it('answers 200 for an unknown token (RFC 7009)', async () => {
    const res = await postForm(sandbox, '/connect/revocation', {
      client_id: sandbox.clientId,
      token: 'not-a-real-token',
    });
    expect(res.status).toBe(200);
  });
});

describe('end session', () => {
  it('accepts an end-session request and continues to its confirmation step', async () => {
    const res = await fetch(`${sandbox.issuer}/connect/endsession?client_id=${sandbox.clientId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // Without a browser session oidc-provider skips the question and posts the confirmation itself.
    expect(html).toContain(`${sandbox.issuer}/connect/endsession/confirm`);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('sign-in pages', () => {
  it('show the error message after a wrong password, over plain HTTP too', async () => {
    await expect(
      authorizeWithHttp({
        issuer: sandbox.issuer,
        clientId: sandbox.clientId,
        redirectUri,
        username: 'alice',
        password: 'nope',
        codeChallenge: createPkce().challenge,
      }),
    ).rejects.toThrow('Invalid username or password');
  });
});
