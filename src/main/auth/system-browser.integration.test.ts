// System-browser mode (RFC 8252): a plain Chromium tab plays the OS browser, the app's real loopback listener
// receives the redirect, and the sandbox issues the tokens.
import { describe, expect, it } from 'vitest';
import { useRealCores } from '../../../test/support/use-real-cores';
import { isFailure } from '../errors';
import { SESSION_ACCOUNT } from './stored-session';
import { listening } from './tcp-probe.fixture';

const { sandbox, start } = useRealCores();

describe('sign-in through the system browser', () => {
  it('receives the callback on a one-shot 127.0.0.1 listener, tells the browser to return to the app, and signs in', async () => {
    const rc = await start({ signInMode: 'system-browser' });
    const port = Number(new URL(rc.redirectUri).port);
    const result = rc.core.handlers['auth:sign-in']();
    const page = await rc.waitForAuthPage();
    expect(rc.core.session.state).toEqual({ status: 'authorizing', mode: 'system-browser' });
    expect(await listening(port)).toBe(true);

    await rc.signInAs('alice');
    expect(await result).toEqual({ status: 'signed-in', remembered: true });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign-in received');
    expect(await page.locator('main').innerText()).toContain('return to Tapkey Locks');
    // The page the browser keeps shows no code: the listener answered, the URL bar still has it, the page does not.
    expect(await page.content()).not.toContain(new URL(page.url()).searchParams.get('code')!);
    expect(await listening(port)).toBe(false);

    const token = await rc.core.session.getAccessToken();
    const res = await fetch(`${sandbox.apiBaseUrl}Owners`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await rc.keychain.get(SESSION_ACCOUNT)).not.toBeNull();
    expect(rc.log.text()).not.toContain(token);
  });

  it('keeps waiting through stray requests to the port (RFC 8252 §8.3), then completes with the real callback', async () => {
    const rc = await start({ signInMode: 'system-browser' });
    const port = Number(new URL(rc.redirectUri).port);
    const tokenRequests = sandbox.stats.tokenRequests();
    const result = rc.core.handlers['auth:sign-in']();
    await rc.waitForAuthPage();
    for (const [path, status] of [
      ['/', 404],
      ['/callback', 400],
      ['/callback?code=forged', 400],
      ['/callback?code=forged&state=not-ours', 400],
      ['/callback?error=access_denied&state=x', 400],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(res.status, path).toBe(status);
    }
    expect(rc.core.session.state).toEqual({ status: 'authorizing', mode: 'system-browser' });
    expect(sandbox.stats.tokenRequests()).toBe(tokenRequests);
    await rc.signInAs('alice');
    expect(await result).toEqual({ status: 'signed-in', remembered: true });
    expect(sandbox.stats.tokenRequests('authorization_code')).toBeGreaterThan(0);
    expect(await listening(port)).toBe(false);
  });

  it('reports Deny in the browser as access denied and closes the listener', async () => {
    const rc = await start({ signInMode: 'system-browser' });
    const port = Number(new URL(rc.redirectUri).port);
    const result = rc.core.handlers['auth:sign-in']().catch((e: unknown) => e);
    const page = await rc.waitForAuthPage();
    await rc.signInAs('bob', { consent: 'deny' });
    const e = await result;
    expect(isFailure(e, 'access-denied')).toBe(true);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign-in did not complete');
    expect(await listening(port)).toBe(false);
  });

  it('stops listening when the app cancels the attempt', async () => {
    const rc = await start({ signInMode: 'system-browser' });
    const port = Number(new URL(rc.redirectUri).port);
    const result = rc.core.handlers['auth:sign-in']();
    await rc.waitForAuthPage();
    expect(await rc.core.handlers['auth:cancel-sign-in']()).toEqual({ status: 'signed-out' });
    expect(await result).toEqual({ status: 'signed-out' });
    expect(await listening(port)).toBe(false);
  });
});

// The listener on its own (addresses, stray requests, busy ports) is tested in loopback-listener.test.ts.
