import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, authorizeWithHttp, createPkce } from './http-sign-in';
import { startSandbox, type Sandbox } from './index';
import { apiGet, tokensFor } from './test-support';

// Tapkey's authorization server is IdentityServer: a scope it does not know is refused with invalid_scope
// (a redirect back to the client naming the scope), never silently dropped. shared/tapkey-api.md, "Scopes".

let sandbox: Sandbox;
let strict: Sandbox;
let noOidc: Sandbox;

beforeAll(async () => {
  [sandbox, strict, noOidc] = await Promise.all([
    startSandbox({ quiet: true, acceptReadContacts: true }),
    startSandbox({ quiet: true }),
    startSandbox({ quiet: true, oidcScopes: 'refuse' }),
  ]);
});
afterAll(() => Promise.all([sandbox, strict, noOidc].map((s) => s?.close())));

function authorize(s: Sandbox, params: Record<string, string>): Promise<Response> {
  const url = authorizeUrl(s, {
    redirect_uri: s.redirectUris[0] as string,
    state: 'st4te',
    code_challenge: createPkce().challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  return fetch(url, { redirect: 'manual' });
}

/** The sign-in's end: the redirect back to the client (after the pages, if the request got that far). */
function signIn(s: Sandbox, scope: string): Promise<URL> {
  return authorizeWithHttp({
    issuer: s.issuer,
    clientId: s.clientId,
    redirectUri: s.redirectUris[0] as string,
    username: 'alice',
    password: 'alice-password',
    scope,
    codeChallenge: createPkce().challenge,
    state: 'st4te',
  });
}

describe('/connect/authorize and unknown scopes', () => {
  it.each([
    ['a made-up scope', 'read:owneraccounts read:everything', 'read:everything'],
    [
      'manage:grants (a name Tapkey dropped in 2019)',
      'manage:grants offline_access',
      'manage:grants',
    ],
    ['two unknown scopes', 'read:people read:owneraccounts write:all', 'read:people write:all'],
  ])(
    'redirects %s back with error=invalid_scope naming it, the state and iss',
    async (_name, scope, named) => {
      const res = await authorize(sandbox, { scope });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location') as string);
      expect(location.href.startsWith(sandbox.redirectUris[0] as string)).toBe(true);
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.get('error_description')).toContain(named);
      expect(location.searchParams.get('state')).toBe('st4te');
      expect(location.searchParams.get('iss')).toBe(sandbox.issuer);
      expect(location.searchParams.get('code')).toBeNull();
    },
  );

  it('never redirects to an unregistered redirect URI, even for an unknown scope', async () => {
    const res = await authorize(sandbox, {
      scope: 'read:everything',
      redirect_uri: 'http://127.0.0.1:8111/elsewhere',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses read:contacts by default (the sheet) and, with acceptReadContacts, accepts it granting nothing', async () => {
    const refused = await signIn(strict, 'read:owneraccounts read:contacts');
    expect(refused.searchParams.get('error')).toBe('invalid_scope');
    expect(refused.searchParams.get('error_description')).toContain('read:contacts');
    expect(
      (await signIn(sandbox, 'read:owneraccounts read:contacts')).searchParams.get('code'),
    ).toBeTruthy();
    // Contacts are read with read:core:entities: read:contacts alone does not reach them.
    const tokens = await tokensFor(sandbox, 'alice', 'read:owneraccounts read:contacts');
    const owner = sandbox.users[0]?.ownerAccountIds[0] as string;
    expect((await apiGet(sandbox, `Owners/${owner}/Contacts`, tokens.access_token)).status).toBe(
      403,
    );
  });

  it('takes every documented scope, write scopes included, and names each on the consent page', async () => {
    const all = [
      'read:owneraccounts',
      'write:owneraccounts',
      'read:core:entities',
      'write:core:entities',
      'read:grants',
      'write:grants',
      'read:logs',
      'read:owneraccount:permissions',
      'write:owneraccount:permissions',
      'read:ip:users',
      'write:ip:users',
      'offline_access',
    ];
    const tokens = await tokensFor(strict, 'alice', all.join(' '));
    expect(tokens.scope.split(' ').sort()).toEqual([...all].sort());
    const discovery = (await (
      await fetch(`${strict.issuer}/.well-known/openid-configuration`)
    ).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(all));
    expect(discovery.scopes_supported).not.toContain('read:contacts');
  });

  it('words write:grants and write:core:entities on the consent page', async () => {
    const html = await consentPageFor(sandbox, 'write:grants write:core:entities offline_access');
    expect(html).toContain('<code>write:grants</code> — Give and take away access to your locks');
    expect(html).toContain(
      '<code>write:core:entities</code> — Manage the locks, lock groups, NFC cards and contacts of your owner accounts',
    );
  });
});

/** Signs alice in over plain HTTP and returns the consent page's HTML (the request is left there). */
async function consentPageFor(s: Sandbox, scope: string): Promise<string> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] as string;
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return res;
  };
  const start = authorizeUrl(s, {
    redirect_uri: s.redirectUris[0] as string,
    scope,
    code_challenge: createPkce().challenge,
    code_challenge_method: 'S256',
  });
  let res = await send(start.href);
  for (let hop = 0; hop < 10; hop++) {
    const location = res.headers.get('location');
    if (location) {
      res = await send(new URL(location, s.issuer).href);
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
    if (!action.endsWith('/login')) return html;
    res = await send(new URL(action.replace(/&#47;/g, '/'), s.issuer).href, {
      method: 'POST',
      body: new URLSearchParams({ username: 'alice', password: 'alice-password' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
  throw new Error('no consent page');
}

describe('openid and profile (not in Tapkey’s list)', () => {
  it('are accepted by default, and an ID token comes', async () => {
    const tokens = await tokensFor(sandbox, 'alice', 'openid profile read:owneraccounts');
    expect(tokens.id_token?.split('.')).toHaveLength(3);
  });

  it('answer invalid_scope with oidcScopes: refuse, so a client can be tested without an ID token', async () => {
    for (const scope of ['openid read:owneraccounts', 'profile read:owneraccounts']) {
      const location = await signIn(noOidc, scope);
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.get('error_description')).toContain(scope.split(' ')[0]);
    }
    const plain = await tokensFor(noOidc, 'alice', 'read:owneraccounts offline_access');
    expect(plain.id_token).toBeUndefined();
    expect(plain.refresh_token).toBeTruthy();
  });
});
