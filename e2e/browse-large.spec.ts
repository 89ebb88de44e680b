import { expect, test } from '../test/support/journey-test';
import { accountsList, expectSettled } from '../test/support/browse-journey';

// 200 owner accounts through the real core. The locks per account are kept small because this harness moves
// every answer through a Playwright binding (about 1 ms per lock); the renderer itself only ever renders the
// rows in view, which is what this checks.
test('200 owner accounts × 50 locks: only the rows in view are rendered, the keyboard reaches the last one, search spans all', async ({
  page,
  signedIn,
}) => {
  test.setTimeout(120_000);
  const { sandbox, accounts } = await signedIn({ owners: 200, locks: 50 });
  expect(accounts).toHaveLength(200);
  await expect(page.getByTestId('last-updated')).toHaveAttribute('data-settled', 'true', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('last-updated')).toContainText('200 of 200 accounts updated');

  const options = accountsList(page).getByRole('option');
  const rendered = await options.count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);
  // "All accounts" and the 200 accounts.
  await expect(options.first()).toHaveAttribute('aria-setsize', '201');
  await expect(options.first()).toContainText('10,000');

  const lockRows = await page.getByTestId('account-locks').getByTestId('lock-row').count();
  expect(lockRows).toBeGreaterThan(3);
  expect(lockRows).toBeLessThan(50);

  await accountsList(page).focus();
  await page.keyboard.press('End');
  const last = accounts.at(-1)!;
  await expect(page.getByTestId('account-locks').getByRole('heading', { level: 2 })).toHaveText(
    last.name,
  );
  await expect(page.locator('#owner-account-200')).toBeInViewport();
  await expect(page.locator('#owner-account-200')).toHaveAttribute('aria-posinset', '201');
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('account-locks').getByRole('heading', { level: 2 })).not.toHaveText(
    last.name,
  );

  const target = sandbox.data.boundLocks(last.id)[3]!;
  await page.getByRole('searchbox', { name: 'Search all locks' }).fill(target.id);
  await expect(
    page.getByRole('grid', { name: 'Search results' }).locator(`[data-id="${target.id}"]`),
  ).toHaveCount(1);

  // The account filter narrows 200 accounts to the matching ones (All accounts stays first).
  await page.getByRole('searchbox', { name: 'Search all locks' }).fill('');
  await page.getByRole('searchbox', { name: 'Filter owner accounts' }).fill(last.name);
  const matching = accounts.filter((a) => a.name.toLowerCase().includes(last.name.toLowerCase()));
  await expect(options.first()).toHaveAttribute('aria-setsize', String(matching.length + 1));
  await expectSettled(page);
});
