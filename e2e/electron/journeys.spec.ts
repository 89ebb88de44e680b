// The three things users do, in the real Electron runtime: launch, sign in through the embedded auth window,
// browse locks per owner account; plus sign-out and restart-resumes-session. Runs only where an Electron
// binary exists (scripts/test.mjs says so in one line when it does not).
import { expect, test } from '@playwright/test';
import { createProfile, signInThroughAuthWindow, type AppProfile } from './electron-app';

let profile: AppProfile;
test.beforeEach(async () => {
  profile = await createProfile();
});
test.afterEach(async () => {
  await profile.dispose();
});

test('launch: a hardened main window served from app://', async () => {
  const { app, window } = await profile.launch();
  expect(new URL(window.url()).protocol).toBe('app:');
  await expect(window.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
  const devToolsOpen = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().some((w) => w.webContents.isDevToolsOpened()),
  );
  expect(devToolsOpen).toBe(false);
  // Context isolation: the page sees the bridge's methods, never ipcRenderer.
  expect(
    await window.evaluate(() =>
      Object.keys((globalThis as { tapkey?: object }).tapkey ?? {}).includes('signIn'),
    ),
  ).toBe(true);
  expect(
    await window.evaluate(() => typeof (globalThis as { ipcRenderer?: unknown }).ipcRenderer),
  ).toBe('undefined');
  // The page has no Node: require and process do not exist there.
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
    'undefined',
  );
});

test('sign in through the embedded window, browse locks per owner account, sign out', async () => {
  const { app, window } = await profile.launch();
  const alice = profile.sandbox.users[0]!;
  await window.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await signInThroughAuthWindow(app, alice.username, alice.password);
  for (const account of profile.sandbox.data.ownerAccounts(alice.username)) {
    await window
      .getByRole('listbox', { name: 'Owner accounts' })
      .getByRole('option', { name: new RegExp(account.name) })
      .first()
      .click();
    // The table sorts by title: the first row is the first title in the collator's order.
    const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
    const first = [...profile.sandbox.data.boundLocks(account.id)].sort((a, b) =>
      collator.compare(a.title, b.title),
    )[0]!;
    await expect(window.getByTestId('lock-row').first()).toContainText(first.title);
  }
  await window.getByRole('button', { name: 'Sign out' }).click();
  await expect(window.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
});

test('restart resumes the session from the keychain without showing the auth window', async () => {
  const alice = profile.sandbox.users[0]!;
  const first = await profile.launch();
  await first.window.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await signInThroughAuthWindow(first.app, alice.username, alice.password);
  await expect(first.window.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await first.app.close();

  const second = await profile.launch();
  await expect(second.window.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(second.app.windows()).toHaveLength(1);
});
