// The sign-in as the user sees it: the built renderer (dist/renderer, from `npm run build`) in a real Chromium
// page with window.tapkey backed by the real core, a second Chromium context as the auth window, the sandbox and
// the real keychain. The fuller browse journeys (e2e/browse-accounts.spec.ts) build on the same helper.
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../test/support/chromium';
import { openApp } from '../../../test/support/harness';
import { startRealCore, type RealCore } from '../../../test/support/real-core';
import { SESSION_ACCOUNT } from './stored-session';

let browser: Browser;
let rc: RealCore;
let page: Page;
let app: { close(): Promise<void> };

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  rc = await startRealCore({ browser });
  page = await (await browser.newContext()).newPage();
  app = await openApp(page, rc.core, rc.log.logger);
});
afterEach(async () => {
  await page?.context().close();
  await app?.close();
  await rc?.close();
});

describe('sign-in through the renderer', () => {
  it('signs in, never hands the page a token, and signs out with revocation', async () => {
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
    await page.getByTestId('sign-in-progress').waitFor();
    await rc.signInAs('alice');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const token = await rc.core.session.getAccessToken();
    const refreshToken = (
      JSON.parse((await rc.keychain.get(SESSION_ACCOUNT))!) as { refreshToken: string }
    ).refreshToken;
    const reachable = String(
      await page.evaluate(
        'document.documentElement.outerHTML + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)',
      ),
    );
    for (const secret of [token, refreshToken]) {
      expect(reachable).not.toContain(secret);
      expect(consoleLines.join('\n')).not.toContain(secret);
      expect(JSON.stringify(rc.states)).not.toContain(secret);
    }

    const revocations = rc.sandbox.stats.revocations();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with Tapkey' }).waitFor();
    // The window shows "signed out" at once; the keychain delete and revocation finish behind it.
    await expect.poll(() => rc.sandbox.stats.revocations()).toBe(revocations + 1);
    expect(await rc.sandbox.isRefreshTokenActive(refreshToken)).toBe(false);
  });

  it('shows a closed sign-in window as plain signed out, and Deny as a readable problem', async () => {
    await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
    await (await rc.waitForAuthPage()).close();
    await page.getByRole('button', { name: 'Sign in with Tapkey' }).waitFor();
    expect(await page.getByTestId('sign-in-problem').count()).toBe(0);
    expect(rc.states.map((s) => s.status)).toEqual(['authorizing', 'signed-out']);

    await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
    await rc.signInAs('bob', { consent: 'deny' });
    await page.getByTestId('sign-in-problem').waitFor();
    expect(await page.getByTestId('sign-in-problem').innerText()).toContain('choose Allow');
  });
});
