// System-browser mode (RFC 8252): a plain Chromium tab plays the OS browser, the app's real loopback listener
// receives the redirect, and the sandbox issues the tokens.
import { chromium, type Browser } from '@playwright/test';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../test/support/chromium';
import { freeLoopbackPort, startRealCore, type RealCore } from '../../../test/support/real-core';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { isFailure } from '../errors';
import { silentLogger } from '../log';
import { startLoopbackListener } from './loopback-listener';
import { SESSION_ACCOUNT } from './stored-session';

let browser: Browser;
let sandbox: Sandbox;
const cores: RealCore[] = [];

beforeAll(async () => {
  [browser, sandbox] = await Promise.all([chromium.launch(chromiumLaunchOptions()), startSandbox({ quiet: true })]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), sandbox?.close()]);
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});

/** Resolves true when something accepts TCP connections on 127.0.0.1:port. */
function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

describe('sign-in through the system browser', () => {
  it('receives the callback on a one-shot 127.0.0.1 listener, tells the browser to return to the app, and signs in', async () => {
    const rc = await startRealCore({ browser, sandbox, signInMode: 'system-browser' });
    cores.push(rc);
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
    const res = await fetch(`${sandbox.apiBaseUrl}Owners`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await rc.keychain.get(SESSION_ACCOUNT)).not.toBeNull();
    expect(rc.log.text()).not.toContain(token);
  });

  it('keeps waiting through stray requests to the port (RFC 8252 §8.3), then completes with the real callback', async () => {
    const rc = await startRealCore({ browser, sandbox, signInMode: 'system-browser' });
    cores.push(rc);
    const port = Number(new URL(rc.redirectUri).port);
    const tokenRequests = sandbox.stats.tokenRequests();
    const result = rc.core.handlers['auth:sign-in']();
    await rc.waitForAuthPage();
    for (const [path, status] of [['/', 404], ['/callback', 400], ['/callback?code=forged', 400], ['/callback?code=forged&state=not-ours', 400], ['/callback?error=access_denied&state=x', 400]] as const) {
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
    const rc = await startRealCore({ browser, sandbox, signInMode: 'system-browser' });
    cores.push(rc);
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
    const rc = await startRealCore({ browser, sandbox, signInMode: 'system-browser' });
    cores.push(rc);
    const port = Number(new URL(rc.redirectUri).port);
    const result = rc.core.handlers['auth:sign-in']();
    await rc.waitForAuthPage();
    expect(await rc.core.handlers['auth:cancel-sign-in']()).toEqual({ status: 'signed-out' });
    expect(await result).toEqual({ status: 'signed-out' });
    expect(await listening(port)).toBe(false);
  });
});

describe('loopback listener', () => {
  const STATE = 'S'.repeat(43);

  it('binds 127.0.0.1 only, ignores other paths, and says clearly when the port is taken', async () => {
    const port = await freeLoopbackPort();
    const first = await startLoopbackListener(`http://127.0.0.1:${port}/callback`, STATE, silentLogger);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/favicon.ico`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/callback?state=${STATE}`, { method: 'POST' })).status).toBe(404);
      const second = await startLoopbackListener(`http://127.0.0.1:${port}/callback`, STATE, silentLogger).catch((e: unknown) => e);
      expect(isFailure(second, 'sign-in-failed')).toBe(true);
      expect((second as Error).message).toContain(`Port ${port}`);
      // Not reachable on the machine's other addresses (RFC 8252 §8.3: loopback only).
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal);
      if (external) expect(await listening(port, external.address)).toBe(false);
      const res = await fetch(`http://127.0.0.1:${port}/callback?code=c&state=${STATE}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await first.callback).toBe(`http://127.0.0.1:${port}/callback?code=c&state=${STATE}`);
      // One-shot: a second answer is refused.
      expect((await fetch(`http://127.0.0.1:${port}/callback?code=x&state=${STATE}`)).status).toBe(409);
    } finally {
      await first.close();
    }
  });

  it('answers and ignores requests without our state (none, foreign, repeated), then takes the real callback', async () => {
    const port = await freeLoopbackPort();
    const listener = await startLoopbackListener(`http://127.0.0.1:${port}/callback`, STATE, silentLogger);
    let settled = false;
    void listener.callback.then(() => (settled = true));
    try {
      const strays: Array<[string, number]> = [
        ['/', 404],
        ['/callback', 400],
        ['/callback?code=c', 400],
        [`/callback?code=c&state=${'T'.repeat(43)}`, 400],
        ['/callback?error=access_denied&state=x', 400],
        [`/callback?code=c&state=${STATE}&state=${STATE}`, 400],
        [`/callback/?code=c&state=${STATE}`, 404],
      ];
      for (const [path, status] of strays) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(res.status, path).toBe(status);
        expect(await res.text(), path).toContain('Not a sign-in response');
      }
      expect(settled).toBe(false);
      expect(await listening(port)).toBe(true);
      expect((await fetch(`http://127.0.0.1:${port}/callback?code=real&state=${STATE}`)).status).toBe(200);
      expect(await listener.callback).toBe(`http://127.0.0.1:${port}/callback?code=real&state=${STATE}`);
    } finally {
      await listener.close();
    }
  });

  it('refuses a redirect URI that is not an IP-literal loopback address, before listening', async () => {
    for (const uri of ['http://localhost:8111/callback', 'http://127.0.0.2:8111/callback', 'https://127.0.0.1:8111/callback', 'http://127.0.0.1/callback']) {
      const e = await startLoopbackListener(uri, STATE, silentLogger).catch((err: unknown) => err);
      expect(isFailure(e, 'invalid-settings'), uri).toBe(true);
    }
  });

  it('binds ::1 for an [::1] redirect URI (or says clearly that this computer has no IPv6 loopback)', async () => {
    const port = await freeLoopbackPort();
    const uri = `http://[::1]:${port}/callback`;
    if (!(await ipv6LoopbackAvailable())) {
      const e = await startLoopbackListener(uri, STATE, silentLogger).catch((err: unknown) => err);
      expect(isFailure(e, 'sign-in-failed')).toBe(true);
      expect((e as Error).message).toContain('no IPv6 loopback');
      return;
    }
    const listener = await startLoopbackListener(uri, STATE, silentLogger);
    try {
      expect(await listening(port, '::1')).toBe(true);
      expect(await listening(port, '127.0.0.1')).toBe(false);
      expect((await fetch(`http://[::1]:${port}/`)).status).toBe(404);
      expect((await fetch(`http://[::1]:${port}/callback?code=c&state=${STATE}`)).status).toBe(200);
      expect(await listener.callback).toBe(`http://[::1]:${port}/callback?code=c&state=${STATE}`);
    } finally {
      await listener.close();
    }
  });
});

/** True when this machine can listen on the IPv6 loopback address (some containers have IPv6 disabled). */
async function ipv6LoopbackAvailable(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}
