import { signInWithHttp, type TokenResponse } from './http-sign-in';
import type { Sandbox } from './index';

export const ALL_SCOPES = 'read:owneraccounts read:core:entities offline_access';

/** Signs a demo user in over plain HTTP and returns the tokens. */
export function tokensFor(
  sandbox: Sandbox,
  username = 'alice',
  scope = ALL_SCOPES,
): Promise<TokenResponse> {
  const user = sandbox.users.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return signInWithHttp({
    issuer: sandbox.issuer,
    clientId: sandbox.clientId,
    redirectUri: sandbox.redirectUris[0] as string,
    username,
    password: user.password,
    scope,
  });
}

/** GET on the sandbox API (path relative to the API base) with an optional bearer token. */
export function apiGet(sandbox: Sandbox, path: string, accessToken?: string): Promise<Response> {
  return fetch(new URL(path, sandbox.apiBaseUrl), {
    headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {},
  });
}

/** POSTs a form to the sandbox's authorization server. */
export function postForm(
  sandbox: Sandbox,
  path: string,
  form: Record<string, string>,
): Promise<Response> {
  return fetch(new URL(path, sandbox.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

/** A write to the sandbox API: JSON body when given (content-type application/json), bearer token. */
export function apiSend(
  sandbox: Sandbox,
  method: 'PUT' | 'PATCH' | 'POST',
  path: string,
  accessToken: string,
  body?: unknown,
): Promise<Response> {
  return fetch(new URL(path, sandbox.apiBaseUrl), {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
