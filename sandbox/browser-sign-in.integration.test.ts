import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../test/support/chromium';
import {
  authorizeUrl,
  createPkce,
  exchangeCode,
  refreshTokens,
  type TokenResponse,
} from './http-sign-in';
import { startSandbox, type Sandbox } from './index';

let sandbox: Sandbox;
let browser: Browser;

beforeAll(async () => {
  [sandbox, browser] = await Promise.all([
    startSandbox({ quiet: true }),
    chromium.launch(chromiumLaunchOptions()),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), sandbox?.close()]);
});

/** The authorization URL this file's sign-ins start from (the app's scopes, PKCE). */
function signInUrl(challenge: string, state: string, redirectUri: string): string {
  return authorizeUrl(sandbox, {
    redirect_uri: redirectUri,
    scope: 'read:owneraccounts read:core:entities offline_access',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).href;
}

// Nothing listens on the redirect URI: the request event is enough to read the code.
async function runUntilRedirect(
  page: Page,
  redirectUri: string,
  drive: () => Promise<void>,
): Promise<URL> {
  const redirected = page.waitForRequest((req) => req.url().startsWith(redirectUri), {
    timeout: 15_000,
  });
  await drive();
  return new URL((await redirected).url());
}

describe('sign-in through the real pages in Chromium', () => {
  it('signs in with PKCE, consents, and the code exchanges for tokens that work at the API', async () => {
    const page = await browser.newPage();
    const redirectUri = sandbox.redirectUris[0] as string;
    const pkce = createPkce();
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    await page.goto(signInUrl(pkce.challenge, 'state-1', redirectUri));

    await expect.poll(() => page.getByText('alice-password').count()).toBe(1);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid username or password').waitFor();

    await page.getByLabel('Password').fill('alice-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    const consentText = await page.locator('main').innerText();
    for (const scope of ['read:owneraccounts', 'read:core:entities', 'offline_access'])
      expect(consentText).toContain(scope);

    const redirect = await runUntilRedirect(page, redirectUri, () =>
      page.getByRole('button', { name: 'Allow' }).click(),
    );
    expect(redirect.searchParams.get('state')).toBe('state-1');
    expect(redirect.searchParams.get('iss')).toBe(sandbox.issuer);
    const code = redirect.searchParams.get('code');
    expect(code).toBeTruthy();
    // The pages load nothing from anywhere else (no fonts, scripts or images).
    expect(
      requested.filter((u) => !u.startsWith(sandbox.issuer) && !u.startsWith(redirectUri)),
    ).toEqual([]);

    const exchange = () =>
      exchangeCode(sandbox.issuer, {
        clientId: sandbox.clientId,
        redirectUri,
        code: code as string,
        verifier: pkce.verifier,
      });
    const res = await exchange();
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as TokenResponse;
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope.split(' ').sort()).toEqual([
      'offline_access',
      'read:core:entities',
      'read:owneraccounts',
    ]);

    const owners = await fetch(`${sandbox.apiBaseUrl}Owners`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await owners.json()).toEqual(sandbox.data.ownerAccounts('alice'));

    expect(await sandbox.isRefreshTokenActive(tokens.refresh_token as string)).toBe(true);
    // The same code cannot be used twice; replaying it revokes what it issued (RFC 6749 §4.1.2).
    const again = await exchange();
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
    expect(await sandbox.isRefreshTokenActive(tokens.refresh_token as string)).toBe(false);
    const refreshed = await refreshTokens(sandbox.issuer, sandbox.clientId, tokens.refresh_token!);
    expect(refreshed.status).toBe(400);
    await page.close();
  });

  it('Deny on the consent page redirects with error=access_denied, and any loopback port is accepted', async () => {
    const page = await browser.newPage();
    const redirectUri = 'http://127.0.0.1:53123/callback';
    await page.goto(signInUrl(createPkce().challenge, 'state-2', redirectUri));
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill('bob-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const redirect = await runUntilRedirect(page, redirectUri, () =>
      page.getByRole('button', { name: 'Deny' }).click(),
    );
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('state-2');
    expect(redirect.searchParams.get('code')).toBeNull();
    await page.close();
  });
});
