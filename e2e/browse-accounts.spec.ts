import { expect, test } from '@playwright/test';
import { accountOption, accountsList, expectedRow, startBrowseJourney, type BrowseJourney } from '../test/support/browse-journey';

test.use({ locale: 'en-US', timezoneId: 'UTC' });

let journey: BrowseJourney;
test.afterEach(async () => {
  await journey?.close();
});

test('sign in, see every owner account and its locks exactly as seeded, open details, refresh, sign out', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  journey = await startBrowseJourney(page, { owners: 3, locks: 12 });
  const { sandbox } = journey.rc;

  // Signed out: what the app does, sign-in, settings; then the progress state while Tapkey's page is open.
  await expect(page.getByRole('heading', { name: /Your Tapkey locks/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Change server and sign-in settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await expect(page.getByText('Sign in to Tapkey in the window that opened.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toBeVisible();
  await journey.rc.signInAs('alice');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  const accounts = sandbox.data.ownerAccounts('alice');
  await expect(accountsList(page).getByRole('option')).toHaveCount(accounts.length);
  await expect(page.getByTestId('last-updated')).toContainText('Last updated');
  for (const account of accounts) {
    const option = accountOption(page, account.name);
    const locks = sandbox.data.boundLocks(account.id);
    await expect(option).toContainText(`${locks.length} lock${locks.length === 1 ? '' : 's'}`);
    if (!account.active) await expect(option).toContainText('Inactive');
    await option.click();
    await expect(option).toHaveAttribute('aria-selected', 'true');
    const panel = page.getByTestId('account-locks');
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(account.name);
    // 12 locks fit the viewport plus overscan, so every row is rendered and can be compared.
    const rows = panel.getByTestId('lock-row');
    await expect(rows).toHaveCount(locks.length);
    await expect(rows).toHaveText(locks.map((l) => new RegExp(l.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))));
    for (const [i, lock] of locks.entries()) {
      const row = rows.nth(i);
      const want = expectedRow(lock);
      await expect(row).toHaveAttribute('data-id', lock.id);
      await expect(row.getByTestId('lock-readable-id')).toHaveText(want.readableId);
      await expect(row).toContainText(want.type);
      await expect(row).toContainText(want.bound);
      await expect(row).toContainText(lock.active ? 'Active' : 'Inactive');
      if (want.description) await expect(row).toContainText(want.description);
    }
  }

  // Details: every field Tapkey returned, closed with Esc, focus back on the list.
  const last = accounts.at(-1)!;
  const lock = sandbox.data.boundLocks(last.id)[2]!;
  await page.getByTestId('account-locks').getByTestId('lock-row').nth(2).click();
  const dialog = page.getByRole('dialog', { name: lock.title });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  for (const [key, value] of Object.entries(lock)) {
    const field = dialog.locator(`[data-field="${key}"]`);
    await expect(field).toHaveCount(1);
    if (typeof value === 'string' && value) await expect(field).toContainText(value);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('listbox', { name: last.name })).toBeFocused();

  // Refresh asks Tapkey again for the accounts and every account's locks, and keeps the screen filled meanwhile.
  sandbox.stats.reset();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('last-updated')).toContainText('Last updated');
  await expect.poll(() => sandbox.stats.apiRequests(/boundlocks/i)).toBeGreaterThanOrEqual(accounts.length);
  expect(sandbox.stats.apiRequests(/\/owners(\?|$)/i)).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('account-locks').getByTestId('lock-row')).toHaveCount(sandbox.data.boundLocks(last.id).length);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
  await expect(accountsList(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an owner account without locks says so, and the other accounts still show theirs', async ({ page }) => {
  journey = await startBrowseJourney(page);
  await journey.signIn('bob');
  const { sandbox } = journey.rc;
  const accounts = sandbox.data.ownerAccounts('bob');
  const empty = accounts.find((a) => sandbox.data.boundLocks(a.id).length === 0)!;
  const full = accounts.find((a) => sandbox.data.boundLocks(a.id).length > 0)!;
  await accountOption(page, empty.name).click();
  await expect(page.getByTestId('account-empty')).toContainText('This owner account has no locks.');
  await expect(accountOption(page, empty.name)).toContainText('0 locks');
  await accountOption(page, full.name).click();
  await expect(page.getByTestId('account-locks').getByTestId('lock-row').first()).toContainText(sandbox.data.boundLocks(full.id)[0]!.title);
});

test('cancelling the sign-in returns to the signed-out screen without an error', async ({ page }) => {
  journey = await startBrowseJourney(page);
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await journey.rc.waitForAuthPage();
  await page.getByRole('button', { name: 'Cancel sign-in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
  await expect(page.getByTestId('sign-in-problem')).toHaveCount(0);
});

test('a refused consent is shown on the signed-out screen, and signing in again works', async ({ page }) => {
  journey = await startBrowseJourney(page, { owners: 1, locks: 1 });
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await journey.rc.signInAs('alice', { consent: 'deny' });
  await expect(page.getByTestId('sign-in-problem')).toBeVisible();
  await expect(page.getByTestId('sign-in-problem')).not.toHaveText('');
  await journey.signIn('alice');
  await expect(page.getByTestId('sign-in-problem')).toHaveCount(0);
});
