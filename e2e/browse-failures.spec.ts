import { expect, test } from '../test/support/journey-test';
import { accountOption, byTitle, expectSettled, lockTable } from '../test/support/browse-journey';

test('one failing owner account never blanks the others, says why, and recovers with Retry', async ({
  page,
  startJourney,
}) => {
  const { sandbox, accounts, signIn } = await startJourney({ owners: 3, locks: 5 });
  const [ok, flaky, forbidden] = accounts;
  // 503 on every attempt the client makes (it retries 503 with backoff), then healthy again; 403 once.
  sandbox.faults.add({
    target: 'api',
    // The page requests only, not the twin beside the first one (it is never retried, so it would take one
    // of the four and let the last attempt through).
    pathPattern: `${flaky!.id}/BoundLocks\\?(?!.*\\$skip=1&)`,
    kind: 'status',
    status: 503,
    times: 4,
  });
  sandbox.faults.add({
    target: 'api',
    pathPattern: `${forbidden!.id}/BoundLocks\\?(?!.*\\$skip=1&)`,
    kind: 'status',
    status: 403,
    times: 1,
  });
  await signIn();

  await expect(accountOption(page, ok!.name)).toContainText('5 locks');
  await expect(accountOption(page, flaky!.name)).toContainText('Could not load locks');
  await expect(accountOption(page, forbidden!.name)).toContainText('Could not load locks');
  await expect(page.getByTestId('account-locks').getByTestId('lock-row')).toHaveCount(5);
  // Honest freshness: the toolbar counts the failures, and each failed account is marked.
  await expectSettled(page);
  await expect(page.getByTestId('last-updated')).toHaveText('1 of 3 accounts updated · 2 failed');
  await expect(accountOption(page, flaky!.name)).toHaveAttribute('aria-selected', 'false');
  await expect(accountOption(page, flaky!.name).getByTestId('owner-account')).toHaveAttribute(
    'data-failed',
    'true',
  );
  await expect(accountOption(page, ok!.name).getByTestId('owner-account')).not.toHaveAttribute(
    'data-failed',
  );
  await expect(accountOption(page, ok!.name)).toContainText(/as of \d{1,2}:\d{2}/);

  await accountOption(page, forbidden!.name).click();
  await expect(page.getByTestId('account-error')).toContainText(
    'your role in this owner account does not allow it',
  );

  await accountOption(page, flaky!.name).click();
  const error = page.getByTestId('account-error');
  await expect(error).toContainText('Could not load the locks of this account.');
  await expect(error).toContainText('HTTP 503');
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('account-locks').getByTestId('lock-row')).toHaveCount(5);
  await expect(page.getByTestId('account-error')).toHaveCount(0);
  await expect(accountOption(page, flaky!.name)).toContainText('5 locks');

  await expect(page.getByTestId('last-updated')).toHaveText('2 of 3 accounts updated · 1 failed');

  // The healthy account was never disturbed, and the forbidden one recovers on Refresh.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(accountOption(page, forbidden!.name)).toContainText('5 locks');
  await expectSettled(page);
  await expect(page.getByTestId('last-updated')).toContainText('3 of 3 accounts updated · as of');
  await accountOption(page, ok!.name).click();
  await expect(lockTable(page).getByTestId('lock-row').first()).toContainText(
    byTitle(sandbox.data.boundLocks(ok!.id))[0]!.title,
  );

  // A failure after a success keeps the old locks on screen, marked as stale with their time. (Only the list
  // request fails: the detail pane's request for one lock goes to BoundLocks/{id}.)
  sandbox.faults.add({
    target: 'api',
    pathPattern: `${ok!.id}/BoundLocks(\\?|$)`,
    kind: 'status',
    status: 403,
    times: 1,
  });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expectSettled(page);
  await expect(page.getByTestId('last-updated')).toHaveText('2 of 3 accounts updated · 1 failed');
  await expect(accountOption(page, ok!.name)).toContainText(
    /5 locks.*Update failed · as of \d{1,2}:\d{2}/,
  );
  await expect(page.getByTestId('account-error')).toContainText(
    'Could not update the locks of this account.',
  );
  await expect(lockTable(page).getByTestId('lock-row')).toHaveCount(5);
});

test('accounts appear while others are still loading', async ({ page, startJourney }) => {
  const { sandbox, accounts, signIn } = await startJourney({ owners: 3, locks: 4 });
  const [fast, slow] = accounts;
  const release = sandbox.faults.add({
    target: 'api',
    pathPattern: `${slow!.id}/BoundLocks`,
    kind: 'latency',
    delayMs: 8_000,
  });
  await signIn();
  await expect(accountOption(page, fast!.name)).toContainText('4 locks');
  await expect(accountOption(page, slow!.name)).toContainText('Loading locks…');
  await expect(page.getByTestId('last-updated')).toContainText('Updating 1 of 3 accounts…');
  await expect(page.getByTestId('account-locks').getByTestId('lock-row')).toHaveCount(4);
  release();
  // The delayed request is already in flight; a refresh shows the account once the fault is gone.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(accountOption(page, slow!.name)).toContainText('4 locks');
});

test('an owner-accounts failure is shown with Retry instead of an empty list', async ({
  page,
  startJourney,
}) => {
  const { sandbox, signIn } = await startJourney({ owners: 2, locks: 2 });
  sandbox.faults.add({
    target: 'api',
    pathPattern: '/Owners(\\?|$)',
    kind: 'status',
    status: 500,
    times: 1,
  });
  await signIn();
  await expect(page.getByTestId('accounts-error')).toContainText(
    'Could not load your owner accounts.',
  );
  await expect(page.getByTestId('no-owner-accounts')).toHaveCount(0);
  await page.getByTestId('accounts-error').getByRole('button', { name: 'Retry' }).click();
  await expect(
    page.getByRole('listbox', { name: 'Owner accounts' }).getByRole('option'),
  ).toHaveCount(3);
});

test('a lock Tapkey sent in an unreadable shape is reported, not silently dropped, and the rest are shown', async ({
  page,
  startJourney,
}) => {
  const { sandbox, accounts, signIn } = await startJourney({ owners: 1, locks: 5 });
  const locks = sandbox.data.boundLocks(accounts[0]!.id);
  sandbox.faults.add({
    target: 'api',
    pathPattern: `${accounts[0]!.id}/BoundLocks`,
    kind: 'malformed-item',
    times: 1,
  });
  await signIn();

  const panel = page.getByTestId('account-locks');
  await expect(panel.getByTestId('lock-row')).toHaveCount(4);
  await expect(panel.getByTestId('account-invalid')).toContainText('1 lock could not be read');
  await expect(panel.getByTestId('account-invalid')).toContainText(locks[0]!.id);
  await expect(panel.getByTestId('lock-row').first()).toContainText(
    byTitle(locks.slice(1))[0]!.title,
  );
});

test('the detail pane fetches the selected lock from main, says when that fails, and Retry loads it', async ({
  page,
  startJourney,
}) => {
  const { sandbox, accounts, signIn } = await startJourney({ owners: 1, locks: 4 });
  const [first, second] = byTitle(sandbox.data.boundLocks(accounts[0]!.id));
  // Only the single-lock request of the second lock fails (twice: the client retries a 503 once).
  sandbox.faults.add({
    target: 'api',
    pathPattern: `BoundLocks/${second!.id}`,
    kind: 'status',
    status: 503,
    times: 4,
  });
  await signIn();
  await expectSettled(page);
  const detail = page.getByTestId('lock-detail');
  await expect(detail.getByTestId('detail-sync')).toContainText(`Serial ${first!.rclSerialNo}`);
  sandbox.stats.reset();
  await lockTable(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(second!.title);
  // What the list knows shows at once; what only main's answer has waits for it, and its failure is said.
  await expect(detail.getByTestId('detail-tapkey-id')).toHaveText(second!.id);
  await expect(detail.getByTestId('lock-detail-error')).toContainText(
    'Could not load this lock’s details.',
  );
  await expect(detail.getByTestId('lock-detail-error')).toContainText('HTTP 503');
  expect(sandbox.stats.apiRequests(new RegExp(`BoundLocks/${second!.id}`))).toBeGreaterThanOrEqual(
    1,
  );
  sandbox.faults.clear();
  await detail.getByRole('button', { name: 'Retry' }).click();
  await expect(detail.getByTestId('lock-detail-error')).toHaveCount(0);
  await expect(detail.getByTestId('detail-sync')).toContainText(`Serial ${second!.rclSerialNo}`);
});
