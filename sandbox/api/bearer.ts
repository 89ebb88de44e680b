import type Provider from 'oidc-provider';

export type BearerResult =
  { ok: true; accountId: string; scopes: Set<string> } | { ok: false; description: string };

// RFC 6750 b64token.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Verifies a bearer access token against the authorization server's own token store, so expiry,
 * revocation and grant revocation (e.g. refresh-token reuse) all take effect at once.
 */
export async function verifyBearer(
  provider: Provider,
  authorization: string | undefined,
  clientId: string,
  expiredJtis: ReadonlySet<string>,
): Promise<BearerResult> {
  if (!authorization) return { ok: false, description: 'No access token was sent.' };
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization);
  if (!match?.[1] || !B64TOKEN.test(match[1]))
    return { ok: false, description: 'The Authorization header is not a Bearer token.' };
  let token;
  try {
    token = await provider.AccessToken.find(match[1]);
  } catch {
    token = undefined;
  }
  if (!token || token.clientId !== clientId)
    return { ok: false, description: 'The access token is invalid.' };
  if (token.isExpired || expiredJtis.has(token.jti))
    return { ok: false, description: 'The access token expired.' };
  if (!(await provider.Grant.find(token.grantId)))
    return { ok: false, description: 'The access token was revoked.' };
  return {
    ok: true,
    accountId: token.accountId,
    scopes: new Set((token.scope ?? '').split(' ').filter(Boolean)),
  };
}
