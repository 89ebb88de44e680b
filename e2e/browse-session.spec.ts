import { expect, test } from '../test/support/journey-test';
import { accountsList, refuseRefresh } from '../test/support/browse-journey';

test('an expired access token is refreshed silently on Refresh; a refused refresh keeps the last data greyed, with the reason', async ({
  page,
  signedIn,
}) => {
  const { sandbox } = await signedIn({ owners: 2, locks: 3 });
  // Wait for a load to end (the freshness note marks it settled).
  const idle = async () => {
    await expect(page.getByTestId('last-updated')).toHaveAttribute('data-settled', 'true');
    await expect(page.getByTestId('last-updated')).toContainText('2 of 2 accounts updated');
  };
  await idle();
  // The detail pane fetches the selected lock once the selection rests, after the list has settled. Wait for it
  // (its raw JSON comes only with that answer), so no request is in flight when the tokens change below: a
  // request that met the refused refresh token before the click on Refresh would end the session by itself and
  // hide the Refresh button from the click (seen once in CI as a bare 60 s timeout).
  await expect(page.getByTestId('lock-detail').getByTestId('lock-raw-json')).toBeAttached();

  sandbox.expireAccessTokens();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await idle();
  await expect(accountsList(page).getByRole('option')).toHaveCount(3);
  await expect(page.getByTestId('account-error')).toHaveCount(0);
  expect(sandbox.stats.tokenRequests('refresh_token')).toBeGreaterThanOrEqual(1);

  // The refresh token is refused now: the app says why and keeps the last data on screen, greyed and inert.
  refuseRefresh(sandbox);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('session-expired')).toContainText(/sign in/i);
  await expect(page.getByRole('button', { name: 'Sign in again' })).toBeVisible();
  const host = page.getByTestId('browse-host');
  await expect(host).toHaveAttribute('inert', '');
  await expect(host).toHaveAttribute('aria-hidden', 'true');
  await expect(host.getByText(sandbox.data.ownerAccounts('alice')[0]!.name).first()).toBeVisible();
  // Hidden from assistive technology while stale: the list is no longer offered as something to use.
  await expect(accountsList(page)).toHaveCount(0);
});
