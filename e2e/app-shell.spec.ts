import { expect, test } from '@playwright/test';
import { createAppCore } from '../src/main/app-core';
import { silentLogger } from '../src/main/log';

test('the renderer shows the version it gets from main through the typed bridge, in About', async ({
  page,
}) => {
  const { openApp } = await import('../test/support/harness');
  const log = silentLogger;
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '9.8.7-test', issuer: '', sandbox: true },
    log,
  });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const app = await openApp(page, core, log);
  await page.getByRole('button', { name: 'About' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Tapkey Locks' }).getByTestId('app-version'),
  ).toHaveText('Version 9.8.7-test');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // The page runs under the app's CSP with no violations (a violation is reported as a console error).
  expect(errors).toEqual([]);
  await app.close();
});
