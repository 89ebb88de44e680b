// The CLI against a server nobody here wrote: Glewlwyd (Debian's package), set up from scratch for each run
// (test/support/glewlwyd.ts). Login with PKCE, a refresh with rotation, a refresh with a token the server no longer
// accepts (Glewlwyd answers 400 with no body), and a sign-out that Glewlwyd refuses to revoke (401 for a public
// client): each as the CLI shows it, with the real keychain.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGlewlwyd, type Glewlwyd } from '../../test/support/glewlwyd';
import { expireStoredAccessToken, readStoredSession } from '../../test/support/stored-sign-in';
import { expectRevocationRefused, inProcessCli } from '../../test/support/cli-in-process';
import { freeLoopbackPort } from '../../test/support/free-port';
import { DEFAULT_SCOPES } from '../main/auth/config';
import { SESSION_ACCOUNT, serializeSession } from '../main/auth/stored-session';
import { createLogger } from '../main/log';
import { SESSION_EXPIRED } from '../main/messages';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';

const service = `tapkey-locks-glewlwyd-${randomUUID()}`;
const keychain = createKeytarKeychain({ service });
const logLines: string[] = [];
let glewlwyd: Glewlwyd;
let env: NodeJS.ProcessEnv;
const run = inProcessCli({
  service,
  keychain,
  env: () => env,
  log: createLogger((l) => logLines.push(l), 'debug'),
});

/** Runs one command in-process; `onStderrLine` sees each stderr line as it is written. */
const cli = (argv: string[], onStderrLine?: (line: string) => void) =>
  run(argv, onStderrLine ? { onStderrLine } : {});

/** `login --no-browser`, with Glewlwyd's login and consent done as its pages would, and the redirect delivered. */
async function login() {
  let delivered: Promise<void> = Promise.resolve();
  const result = await cli(['login', '--no-browser'], (line) => {
    if (!line.startsWith(glewlwyd.issuer)) return;
    delivered = glewlwyd.authorize(line).then(async (redirect) => {
      await (await fetch(redirect)).text();
    });
  });
  await delivered;
  return result;
}

beforeAll(async () => {
  const redirectUri = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  glewlwyd = await startGlewlwyd({ redirectUri, scopes: DEFAULT_SCOPES });
  env = {
    TAPKEY_ISSUER: glewlwyd.issuer,
    TAPKEY_CLIENT_ID: glewlwyd.clientId,
    TAPKEY_REDIRECT_URI: redirectUri,
    // Glewlwyd is no Tapkey: no command here calls the API.
    TAPKEY_API_BASE_URL: 'http://127.0.0.1:9/api/v1/',
  };
}, 60_000);
afterAll(async () => {
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
  await glewlwyd?.close();
});

describe('the CLI against Glewlwyd', () => {
  it('signs in with PKCE and stores a refresh token', async () => {
    const r = await login();
    expect(r, glewlwyd.log().slice(-2_000)).toMatchObject({
      code: 0,
      stdout: `Signed in to ${glewlwyd.issuer}.\n`,
    });
    expect((await readStoredSession(keychain))?.refreshToken).toBeTruthy();
  });

  it('renews an expired access token with one refresh, storing the rotated refresh token', async () => {
    const before = (await readStoredSession(keychain))!;
    await expireStoredAccessToken(keychain);
    const status = await cli(['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ signedIn: true, status: 'signed-in' });
    const after = (await readStoredSession(keychain))!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.accessTokenExpiresAt).toBeGreaterThan(Date.now());
  });

  it('a refresh token Glewlwyd no longer accepts (400, no body) ends the sign-in once, cleanly', async () => {
    const current = (await readStoredSession(keychain))!;
    await expireStoredAccessToken(keychain);
    // Renew once more, so that `current`'s refresh token has been used (one use only), then put it back.
    expect((await cli(['status'])).code).toBe(0);
    await keychain.set(
      SESSION_ACCOUNT,
      serializeSession({ ...current, accessTokenExpiresAt: Date.now() - 1_000 }),
    );
    const status = await cli(['status']);
    expect(status).toEqual({
      code: 1,
      stdout: `Not signed in to ${glewlwyd.issuer}.\n`,
      stderr: `tapkey-locks: ${SESSION_EXPIRED}\n`,
    });
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    // Once: the next command finds nothing to renew and sends nothing.
    expect((await cli(['status'])).stderr).toBe('');
    expect(logLines.join('\n')).toMatch(
      /"message":"token endpoint refused","purpose":"refresh","status":400[^\n]*"bodyLength":0/,
    );
  });

  it('logout: Glewlwyd refuses the revocation (401 for a public client), and the CLI says so instead of claiming it', async () => {
    expect((await login()).code).toBe(0);
    const stored = (await readStoredSession(keychain))!;
    expectRevocationRefused(await cli(['logout', '--json']));
    expect(logLines.join('\n')).toMatch(
      /"message":"revocation refused","status":401[^\n]*"bodyLength":0/,
    );
    expect(await keychain.get(SESSION_ACCOUNT)).toBeNull();
    // Forgotten here, and indeed still valid at the server: exactly what the CLI said.
    const refresh = await fetch(`${glewlwyd.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: glewlwyd.clientId,
        refresh_token: stored.refreshToken,
      }),
    });
    expect(refresh.status).toBe(200);
  });
});
