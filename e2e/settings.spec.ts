import { expect, test } from '../test/support/journey-test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

test('settings show what main has, validate inline, and save through main', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney();
  const { rc } = journey;
  await page.getByRole('button', { name: 'Change server and sign-in settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();
  await expect(page.getByLabel('Client ID')).toHaveValue(rc.sandbox.clientId);
  await expect(page.getByLabel('Authorization server')).toHaveValue(rc.sandbox.issuer);
  await expect(page.getByLabel('API base URL')).toHaveValue(rc.sandbox.apiBaseUrl);
  await expect(page.getByLabel('Redirect URI')).toHaveValue(rc.redirectUri);
  await expect(page.getByLabel('In an app window')).toBeChecked();
  await expect(page.getByText(/signs you out/)).toBeVisible();

  // Inline validation, after leaving a field, with the same rules main applies.
  await page.getByLabel('Authorization server').fill('http://login.example.com');
  await page.getByLabel('Authorization server').blur();
  await expect(page.getByTestId('issuer-error')).toContainText('must use https://');
  await expect(page.getByLabel('Authorization server')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Client ID').fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('clientId-error')).toContainText('Client ID is required');
  await expect(page.getByLabel('Client ID')).toBeFocused();
  expect((await rc.core.handlers['settings:get']()).issuer).toBe(rc.sandbox.issuer);

  // Fixed, with the other sign-in mode: saved in the profile through main, and the sheet closes.
  await page.getByLabel('Client ID').fill(rc.sandbox.clientId);
  await page.getByLabel('Authorization server').fill(rc.sandbox.issuer);
  await page.getByLabel('In my web browser').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toHaveCount(0);
  expect((await rc.core.handlers['settings:get']()).signInMode).toBe('system-browser');
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
});

test('a spelling-only change of the server neither warns nor signs out; another server warns first, then signs out', async ({
  page,
  signedIn,
}) => {
  const { sandbox, rc } = await signedIn({ owners: 1, locks: 1 });
  // The form and main agree that spelling is not a change: no warning, and the session survives the save.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page
    .getByLabel('Authorization server')
    .fill(` ${sandbox.issuer.replace(/^http:/, 'HTTP:')}// `);
  await page.getByLabel('API base URL').fill(sandbox.apiBaseUrl.replace(/\/$/, ''));
  await page.getByLabel('In my web browser').check();
  await expect(page.getByTestId('signs-out-warning')).toHaveCount(0);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toHaveCount(0);
  expect((await rc.core.handlers['settings:get']()).issuer).toBe(sandbox.issuer);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('API base URL').fill('https://my.tapkey.com/api/v1/');
  await expect(page.getByTestId('signs-out-warning')).toContainText(
    'Saving these settings will sign you out.',
  );
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
});

test('when main cannot save, the form says so and keeps what the user typed', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney();
  // A directory where the settings file goes: main's write-then-rename fails, as on a read-only profile.
  const file = path.join(journey.rc.profileDir, 'settings.json');
  rmSync(file, { force: true });
  mkdirSync(file, { recursive: true });
  writeFileSync(path.join(file, 'keep'), '');
  await page.getByRole('button', { name: 'Change server and sign-in settings' }).click();
  await page.getByLabel('In my web browser').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('save-error')).toContainText('Settings were not saved.');
  await expect(page.getByLabel('In my web browser')).toBeChecked();
  expect((await journey.rc.core.handlers['settings:get']()).signInMode).toBe('embedded');
});
