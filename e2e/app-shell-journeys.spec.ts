// The app shell over the real core and sandbox: first run, the settings sheet over a browse screen that keeps its
// state, Export… writing a real file, an expired session keeping the last data, keyboard shortcuts, sign-in progress.
import type { Page } from '@playwright/test';
import { expect, test } from '../test/support/journey-test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SaveDialogOptions } from '../src/main/export/save-dialog';
import { LOCK_CSV_COLUMNS } from '../src/shared/lock-csv';
import { readablePhysicalLockId } from '../src/main/tapkey/physical-lock-id';
import { accountOption, expectSettled, refuseRefresh } from '../test/support/browse-journey';
import { readCsv } from '../test/support/read-csv';
import { seriousViolations } from '../test/support/axe';

let dir: string | null = null;
test.afterEach(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/**
 * A save dialog at the Electron boundary that answers like `dialog.showSaveDialog` would after the user picked
 * `answer` (a path, or null for Cancel), recording what it was asked.
 */
function fakeSaveDialog(answer: () => string | null) {
  const asked: SaveDialogOptions[] = [];
  return {
    asked,
    saveDialog: async (options: SaveDialogOptions) => {
      asked.push(options);
      return answer();
    },
  };
}

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
/** The browse screen's search over every lock (the accounts pane has its own filter box). */
const lockSearch = (page: Page) => page.getByRole('searchbox', { name: 'Search all locks' });

test('first run: the setup step takes the client id and server, then goes straight to sign-in and the locks', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney({ owners: 2, locks: 3, settings: { clientId: '' } });
  const { rc } = journey;
  await expect(page.getByRole('heading', { name: 'Set up Tapkey Locks' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toHaveCount(0);
  // What to register: the redirect URI exactly as the app will use it.
  await expect(page.getByTestId('setup-redirect-uri')).toHaveText(rc.redirectUri);
  // A development build pointed at a local sandbox offers it as the current server.
  await expect(page.getByLabel('Local sandbox (development)')).toBeChecked();
  await expect(page.getByLabel('Tapkey', { exact: true })).not.toBeChecked();

  // Saving without a client id says what is missing, where it is missing.
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page.getByTestId('setup-clientId-error')).toContainText('Client ID is required');
  await expect(page.getByLabel('Client ID')).toBeFocused();
  expect(rc.states.filter((s) => s.status === 'authorizing')).toEqual([]);

  // Picking Tapkey shows its URLs under Advanced; the sandbox is picked back for this run.
  await page.getByLabel('Tapkey', { exact: true }).check();
  await page.getByText('Advanced').click();
  await expect(page.getByLabel('Authorization server')).toHaveValue('https://login.tapkey.com');
  await page.getByLabel('Local sandbox (development)').check();
  await expect(page.getByLabel('Authorization server')).toHaveValue(rc.sandbox.issuer);

  await page.getByLabel('Client ID').fill(rc.sandbox.clientId);
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(page.getByTestId('sign-in-progress')).toBeVisible();
  await rc.signInAs('alice');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(accountOption(page, rc.sandbox.data.ownerAccounts('alice')[0]!.name)).toBeVisible();
  expect((await rc.core.handlers['settings:get']()).clientId).toBe(rc.sandbox.clientId);
  // The sandbox's sign-in names nobody (no ID token is asked for): the header names the server, not a user.
  await expect(page.getByTestId('signed-in-as')).toHaveText(
    `Signed in to ${new URL(rc.sandbox.issuer).host}`,
  );
});

test('the settings sheet keeps the browse state, asks before discarding edits, and closes on Save', async ({
  page,
  signedIn,
}) => {
  const journey = await signedIn({ owners: 3, locks: 5 });
  const { accounts } = journey;
  const second = accountOption(page, accounts[1]!.name);
  await second.click();
  await expect(second).toHaveAttribute('aria-selected', 'true');
  const search = lockSearch(page);
  await search.fill('zz-nothing-matches');
  // A reload would fetch the lists again; showing a lock's details (one lock, when the search is cleared) is not one.
  const listRequests = () =>
    journey.rc.sandbox.stats.apiRequests(/\/owners(\?|$)|\/boundlocks(\?|$)/i);
  await expectSettled(page);
  const requestsBefore = listRequests();
  expect(
    requestsBefore,
    'the owners list and each account’s locks were counted',
  ).toBeGreaterThanOrEqual(1 + accounts.length);

  // Open with Ctrl/Cmd+, and cancel without edits: closes at once, nothing reloaded, everything where it was.
  await search.press(`${mod}+Comma`);
  const sheet = page.getByRole('dialog', { name: 'Settings' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('heading', { name: 'Settings' })).toBeFocused();
  await sheet.getByRole('button', { name: 'Cancel' }).click();
  await expect(sheet).toHaveCount(0);
  await expect(search).toHaveValue('zz-nothing-matches');
  await search.fill('');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await search.fill('zz-nothing-matches');

  // With an edit, Cancel and Esc both ask; "Keep editing" keeps the edit, "Discard" drops it.
  await page.getByRole('button', { name: 'Settings' }).click();
  await sheet.getByLabel('In my web browser').check();
  await sheet.getByRole('button', { name: 'Cancel' }).click();
  const prompt = page.getByRole('dialog', { name: 'Discard changes?' });
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Keep editing' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(sheet.getByLabel('In my web browser')).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(prompt).toBeVisible();
  await prompt.getByRole('button', { name: 'Discard' }).click();
  await expect(sheet).toHaveCount(0);
  expect((await journey.rc.core.handlers['settings:get']()).signInMode).toBe('embedded');

  // Save stores the change and closes; the browse screen under the sheet never reloaded.
  await page.getByRole('button', { name: 'Settings' }).click();
  await sheet.getByLabel('In my web browser').check();
  await sheet.getByRole('button', { name: 'Save' }).click();
  await expect(sheet).toHaveCount(0);
  expect((await journey.rc.core.handlers['settings:get']()).signInMode).toBe('system-browser');
  await expect(search).toHaveValue('zz-nothing-matches');
  await search.fill('');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expectSettled(page);
  expect(listRequests()).toBe(requestsBefore);
});

test('Export… writes the shown locks to the file the save dialog names, with the CLI columns', async ({
  page,
  signedIn,
}) => {
  dir = mkdtempSync(path.join(tmpdir(), 'tapkey-export-journey-'));
  const file = path.join(dir, 'locks.csv');
  let answer: string | null = null;
  const dialog = fakeSaveDialog(() => answer);
  const { sandbox, accounts } = await signedIn({
    owners: 3,
    locks: 12,
    saveDialog: dialog.saveDialog,
  });
  const owner = accounts[1]!;
  await accountOption(page, owner.name).click();
  await expect(accountOption(page, owner.name)).toHaveAttribute('aria-selected', 'true');

  // Cancelling the dialog writes nothing and says nothing.
  await page.keyboard.press(`${mod}+KeyE`);
  await expect.poll(() => dialog.asked.length).toBe(1);
  expect(dialog.asked[0]!.defaultPath).toMatch(/^tapkey-locks-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByTestId('export-notice')).toHaveCount(0);

  answer = file;
  await page.keyboard.press(`${mod}+KeyE`);
  const expected = sandbox.data.boundLocks(owner.id);
  await expect(page.getByTestId('export-notice').locator('p')).toHaveText(
    `Exported ${expected.length} locks to ${file}.`,
  );
  const rows = readCsv(readFileSync(file, 'utf8'));
  expect(rows[0]).toEqual([...LOCK_CSV_COLUMNS]);
  expect(rows).toHaveLength(expected.length + 1);
  const col = (name: (typeof LOCK_CSV_COLUMNS)[number]) => LOCK_CSV_COLUMNS.indexOf(name);
  const byId = new Map(rows.slice(1).map((r) => [r[col('id')]!, r]));
  for (const lock of expected) {
    const row = byId.get(lock.id);
    expect(row, lock.title).toBeDefined();
    expect(row![col('ownerAccountName')]).toBe(owner.name);
    // Titles a spreadsheet would run as a formula come out with a leading apostrophe.
    expect(row![col('title')]).toBe(
      /^[=+\-@\t\r]/.test(lock.title) ? `'${lock.title}` : lock.title,
    );
    expect(row![col('physicalLockId')]).toBe(lock.physicalLockId);
    expect(row![col('readableLockId')]).toBe(readablePhysicalLockId(lock.physicalLockId) ?? '');
    // A lock without `active` (Tapkey did not say) is an empty cell, never "false".
    expect(row![col('active')]).toBe(lock.active === undefined ? '' : String(lock.active));
  }

  // The toolbar's Export… writes what the filtered table shows: with Inactive on, exactly the inactive locks.
  const inactive = expected.filter((l) => l.active === false);
  expect(inactive.length, 'the seed has inactive locks to filter for').toBeGreaterThan(0);
  expect(inactive.length).toBeLessThan(expected.length);
  await page
    .getByRole('group', { name: 'Status' })
    .getByRole('button', { name: 'Inactive', exact: true })
    .click();
  await expect(page.getByTestId('locks-summary')).toContainText(
    `${inactive.length} of ${expected.length} locks`,
  );
  const filteredFile = path.join(dir, 'inactive.csv');
  answer = filteredFile;
  await page.getByRole('button', { name: 'Export…', exact: true }).click();
  await expect.poll(() => dialog.asked.length).toBe(3);
  // main writes a temp file and renames it, so once the name exists the file is whole.
  await expect.poll(() => existsSync(filteredFile)).toBe(true);
  // It reports like File → Export… does: the shell's lasting notice, not a message that fades.
  await expect(page.getByTestId('export-notice').locator('p')).toHaveText(
    `Exported ${inactive.length} ${inactive.length === 1 ? 'lock' : 'locks'} to ${filteredFile}.`,
  );
  const filtered = readCsv(readFileSync(filteredFile, 'utf8'));
  expect(filtered[0]).toEqual([...LOCK_CSV_COLUMNS]);
  expect(
    filtered
      .slice(1)
      .map((r) => r[col('id')])
      .sort(),
  ).toEqual(inactive.map((l) => l.id).sort());
  for (const r of filtered.slice(1)) {
    const lock = inactive.find((l) => l.id === r[col('id')])!;
    expect(r[col('active')]).toBe('false');
    expect(r[col('ownerAccountId')]).toBe(owner.id);
    expect(r[col('physicalLockId')]).toBe(lock.physicalLockId);
    expect(r[col('bindDate')]).toBe(lock.bindDate);
  }
});

test('an expired session keeps the last data greyed with the reason; signing in again brings it back live', async ({
  page,
  signedIn,
}) => {
  const { sandbox, accounts, rc } = await signedIn({ owners: 2, locks: 4 });
  await accountOption(page, accounts[1]!.name).click();
  const search = lockSearch(page);
  await search.fill(sandbox.data.boundLocks(accounts[1]!.id)[0]!.title);
  await expect(page.getByTestId('last-updated')).not.toContainText('Loading');

  const refused = refuseRefresh(sandbox);
  await page.keyboard.press(`${mod}+KeyR`);
  const banner = page.getByTestId('session-expired');
  await expect(banner).toContainText(/expired|sign in/i);
  await expect(banner).toContainText('as last loaded');
  const host = page.getByTestId('browse-host');
  await expect(host).toHaveAttribute('inert', '');
  await expect(host).toHaveClass(/stale/);
  await expect(
    host.getByRole('searchbox', { name: 'Search all locks', includeHidden: true }),
  ).toHaveValue(sandbox.data.boundLocks(accounts[1]!.id)[0]!.title);
  // Inert: the greyed screen takes no focus and no shortcut acts on it.
  await page.keyboard.press(`${mod}+KeyF`);
  await expect(
    host.getByRole('searchbox', { name: 'Search all locks', includeHidden: true }),
  ).not.toBeFocused();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  refused();
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await expect(banner.getByRole('button', { name: 'Show sign-in window' })).toBeVisible();
  await rc.signInAs('alice');
  await expect(banner).toHaveCount(0);
  await expect(host).not.toHaveAttribute('inert', '');
  // The same screen, not a new one: the search the user typed is still there.
  await expect(search).toHaveValue(sandbox.data.boundLocks(accounts[1]!.id)[0]!.title);
});

test('keyboard shortcuts and menu commands: find, refresh, settings, about, sign out; the sign-in window can be raised or cancelled', async ({
  page,
  startJourney,
}) => {
  // Counts the raise requests that reach the sign-in window's adapter (Chromium here, Electron's window in the app).
  let raised = 0;
  const journey = await startJourney({
    owners: 2,
    locks: 3,
    wrapUserAgent: (agent) => ({
      ...agent,
      bringToFront: () => {
        raised++;
        return agent.bringToFront?.() ?? false;
      },
    }),
  });
  const { rc } = journey;
  // Sign-in in progress: a spinner, "Show sign-in window" and "Cancel".
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  const progress = page.getByTestId('sign-in-progress');
  await expect(progress.locator('.spinner')).toBeVisible();
  const authPage = await rc.waitForAuthPage();
  await authPage.getByLabel('Username').waitFor();
  expect(raised).toBe(0);
  await progress.getByRole('button', { name: 'Show sign-in window' }).click();
  await expect.poll(() => raised).toBe(1);
  await progress.getByRole('button', { name: 'Cancel sign-in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
  await page.bringToFront();

  await journey.signIn('alice');
  await expect(page.getByTestId('last-updated')).not.toContainText('Loading');
  await page.getByRole('button', { name: 'Settings' }).focus();
  await page.keyboard.press(`${mod}+KeyF`);
  await expect(lockSearch(page)).toBeFocused();

  // One load so far; a refresh asks for the owner accounts exactly as that load did (the list's last page
  // confirmed by one more request, since Tapkey caps pages silently), no more and no less.
  const before = rc.sandbox.stats.apiRequests(/\/owners(\?|$)/i);
  expect(before).toBeGreaterThan(0);
  await page.keyboard.press(`${mod}+KeyR`);
  await expect.poll(() => rc.sandbox.stats.apiRequests(/\/owners(\?|$)/i)).toBe(before * 2);
  // The page was not reloaded by the browser: the app is still signed in on the same document.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Settings' })).toHaveCount(0);

  // The app menu's items arrive as 'menu:command' events (what main sends from a menu click).
  const menu = (command: string) =>
    page.evaluate(
      (c) =>
        (
          globalThis as unknown as { __tapkeyDeliver(ch: string, p: unknown): void }
        ).__tapkeyDeliver('menu:command', c),
      command,
    );
  await menu('about');
  await expect(
    page.getByRole('dialog', { name: 'Tapkey Locks' }).getByTestId('app-version'),
  ).toHaveText('Version 0.0.0-test');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'About' }).focus();
  await menu('find');
  await expect(lockSearch(page)).toBeFocused();
  await menu('sign-out');
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious axe violations in setup, settings, about and the expired session (${colorScheme})`, async ({
    page,
    startJourney,
  }) => {
    await page.emulateMedia({ colorScheme });
    const journey = await startJourney({ owners: 2, locks: 3, settings: { clientId: '' } });
    const { rc } = journey;
    await expect(page.getByRole('heading', { name: 'Set up Tapkey Locks' })).toBeVisible();
    await page.getByText('Advanced').click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Client ID').fill(rc.sandbox.clientId);
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await expect(page.getByTestId('sign-in-progress')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await rc.signInAs('alice');
    await expect(page.getByTestId('last-updated')).not.toContainText('Loading');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByLabel('In my web browser').check();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Discard changes?' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Discard' }).click();

    await page.getByRole('button', { name: 'About' }).click();
    await expect(page.getByRole('dialog', { name: 'Tapkey Locks' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Close' }).click();

    // Nothing in flight when the refresh token is refused (see e2e/browse-session.spec.ts): the click below must
    // find Refresh still offered, not a session a background request already ended.
    await expect(page.getByTestId('lock-detail').getByTestId('lock-raw-json')).toBeAttached();
    refuseRefresh(rc.sandbox);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('session-expired')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}
