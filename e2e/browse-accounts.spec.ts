import { expect, test } from '../test/support/journey-test';
import {
  accountOption,
  accountsList,
  byTitle,
  detailPane,
  expectSettled,
  expectedRow,
  lockTable,
} from '../test/support/browse-journey';

test.use({ locale: 'en-US', timezoneId: 'UTC' });

test('sign in, see every owner account and its locks exactly as seeded, open details, refresh, sign out', async ({
  page,
  startJourney,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const journey = await startJourney({ owners: 3, locks: 12 });
  const { sandbox } = journey.rc;

  // Signed out: what the app does, sign-in, settings; then the progress state while Tapkey's page is open.
  await expect(page.getByRole('heading', { name: /Your Tapkey locks/ })).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Change server and sign-in settings' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await expect(page.getByText('Sign in to Tapkey in the window that opened.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toBeVisible();
  await journey.rc.signInAs('alice');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  const accounts = sandbox.data.ownerAccounts('alice');
  // "All accounts" plus one option per account.
  await expect(accountsList(page).getByRole('option')).toHaveCount(accounts.length + 1);
  await expectSettled(page);
  await expect(page.getByTestId('last-updated')).toContainText(
    `${accounts.length} of ${accounts.length} accounts updated · as of`,
  );
  for (const account of accounts) {
    const option = accountOption(page, account.name);
    const locks = sandbox.data.boundLocks(account.id);
    await expect(option).toContainText(`${locks.length} lock${locks.length === 1 ? '' : 's'}`);
    await expect(option).toContainText(/as of \d{1,2}:\d{2}/);
    if (!account.active) await expect(option).toContainText('Inactive');
    await option.click();
    await expect(option).toHaveAttribute('aria-selected', 'true');
    const panel = page.getByTestId('account-locks');
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText(account.name);
    // 12 locks fit the viewport plus overscan, so every row is rendered and can be compared, in title order.
    const rows = lockTable(page).getByTestId('lock-row');
    const ordered = byTitle(locks);
    await expect(rows).toHaveCount(locks.length);
    await expect(rows).toHaveText(
      ordered.map((l) => new RegExp(l.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
    );
    for (const [i, lock] of ordered.entries()) {
      const row = rows.nth(i);
      const want = expectedRow(lock);
      await expect(row).toHaveAttribute('data-id', lock.id);
      await expect(row.getByTestId('lock-readable-id')).toHaveText(want.readableId);
      await expect(row).toContainText(want.type);
      await expect(row).toContainText(want.bound);
      // Only inactive locks are marked (and dimmed), a lock without `active` as unknown; the full title is on hover.
      if (lock.active === false) await expect(row).toContainText('Inactive');
      else await expect(row).not.toContainText('Inactive');
      if (lock.active === undefined) await expect(row).toContainText('Unknown');
      await expect(row.locator('[role="gridcell"]').first()).toHaveAttribute('title', lock.title);
      if (want.description) await expect(row).toContainText(want.description);
    }
  }

  // Details: the pane follows a click; identity, hardware, sync and dates, then every field main returned as JSON.
  const last = accounts.at(-1)!;
  const lock = byTitle(sandbox.data.boundLocks(last.id))[2]!;
  await lockTable(page).getByTestId('lock-row').nth(2).click();
  const detail = detailPane(page);
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(lock.title);
  await expect(detail.getByTestId('detail-readable-id')).toHaveText(expectedRow(lock).readableId);
  await expect(detail.getByTestId('detail-tapkey-id')).toHaveText(lock.id);
  await expect(detail).toContainText(lock.lockType.modelName);
  await expect(detail).toContainText(lock.lockType.supportedTechnologies.join(', '));
  await expect(detail.getByTestId('detail-sync')).toContainText(`Serial ${lock.rclSerialNo}`);
  // Local time (UTC here), with Tapkey's UTC value on hover.
  await expect(detail.getByTestId('detail-bound').locator('time')).toHaveAttribute(
    'title',
    `${lock.bindDate.slice(0, 16).replace('T', ' ')} UTC`,
  );
  await detail.getByText('Raw JSON').click();
  const json = JSON.parse(
    (await detail.getByTestId('lock-raw-json').textContent()) ?? '{}',
  ) as Record<string, unknown>;
  // The lock as Tapkey sends it with the documented expand (health, features, memberships filled in).
  const expanded = sandbox.data.expandedBoundLock(last.id, lock.id)!;
  for (const [key, value] of Object.entries(expanded)) expect(json[key], key).toEqual(value);

  // Refresh asks Tapkey again for the accounts and every account's locks, and keeps the screen filled meanwhile.
  sandbox.stats.reset();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expectSettled(page);
  await expect
    .poll(() => sandbox.stats.apiRequests(/boundlocks(\?|$)/i))
    .toBeGreaterThanOrEqual(accounts.length);
  expect(sandbox.stats.apiRequests(/\/owners(\?|$)/i)).toBeGreaterThanOrEqual(1);
  await expect(lockTable(page).getByTestId('lock-row')).toHaveCount(
    sandbox.data.boundLocks(last.id).length,
  );

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
  await expect(accountsList(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an owner account without locks says so, and the other accounts still show theirs', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney();
  await journey.signIn('bob');
  const { sandbox } = journey.rc;
  const accounts = sandbox.data.ownerAccounts('bob');
  const empty = accounts.find((a) => sandbox.data.boundLocks(a.id).length === 0)!;
  const full = accounts.find((a) => sandbox.data.boundLocks(a.id).length > 0)!;
  await accountOption(page, empty.name).click();
  await expect(page.getByTestId('account-empty')).toContainText('This owner account has no locks.');
  await expect(accountOption(page, empty.name)).toContainText('0 locks');
  await accountOption(page, full.name).click();
  await expect(lockTable(page).getByTestId('lock-row').first()).toContainText(
    byTitle(sandbox.data.boundLocks(full.id))[0]!.title,
  );
});

test('cancelling the sign-in returns to the signed-out screen without an error', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney();
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await journey.rc.waitForAuthPage();
  await page.getByRole('button', { name: 'Cancel sign-in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
  await expect(page.getByTestId('sign-in-problem')).toHaveCount(0);
});

test('a refused consent is shown on the signed-out screen, and signing in again works', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney({ owners: 1, locks: 1 });
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await journey.rc.signInAs('alice', { consent: 'deny' });
  await expect(page.getByTestId('sign-in-problem')).toBeVisible();
  await expect(page.getByTestId('sign-in-problem')).not.toHaveText('');
  await journey.signIn('alice');
  await expect(page.getByTestId('sign-in-problem')).toHaveCount(0);
});
