import { expect, test } from '@playwright/test';
import { DEFAULT_SCOPES } from '../src/main/auth/config';
import {
  accountsList,
  startBrowseJourney,
  type BrowseJourney,
} from '../test/support/browse-journey';
import { startRealCore, type RealCore } from '../test/support/real-core';
import { readStoredSession } from '../test/support/stored-sign-in';

let journey: BrowseJourney;
let elsewhere: RealCore | undefined;
test.afterEach(async () => {
  await elsewhere?.close();
  await journey?.close();
});

test('a second user signing in elsewhere while the app shows the first one: the app drops the old data, loads the new sign-in’s and says so', async ({
  page,
}) => {
  // openid, so each sign-in carries its subject and the notice can say who signed in.
  const scopes = ['openid', ...DEFAULT_SCOPES];
  journey = await startBrowseJourney(page, { owners: 3, locks: 2, scopes });
  await journey.signIn('alice');
  const { sandbox } = journey.rc;
  const aliceAccounts = sandbox.data.ownerAccounts('alice');
  const bobAccounts = sandbox.data.ownerAccounts('bob');
  await expect(accountsList(page).getByText(aliceAccounts[0]!.name).first()).toBeVisible();

  // Another window or the command line signs in as bob on the same keychain entry and session files (a login that
  // replaces the stored sign-in), and alice's grant ends at the server, as her sign-out there would end it.
  const alice = (await readStoredSession(journey.rc.keychain))!;
  elsewhere = await startRealCore({
    sandbox,
    browser: journey.rc.browser,
    keychainService: journey.rc.keychainService,
    scopes,
  });
  expect(await elsewhere.signIn('bob')).toMatchObject({ status: 'signed-in' });
  await fetch(new URL('/connect/revocation', sandbox.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: alice.refreshToken, client_id: sandbox.clientId }),
  });

  // The app notices at its next renewal (alice's access token no longer works).
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByTestId('auth-notice')).toHaveText(
    'You were signed in again in another window or the command line (as bob).',
  );
  for (const account of bobAccounts)
    await expect(accountsList(page).getByText(account.name).first()).toBeVisible();
  for (const account of aliceAccounts)
    await expect(accountsList(page).getByText(account.name)).toHaveCount(0);
  await expect(page.getByTestId('browse-host')).not.toHaveAttribute('inert', '');
  // One refresh ended alice's screen; nothing of bob's sign-in was redeemed on alice's behalf.
  expect(journey.rc.core.session.state).toMatchObject({ status: 'signed-in', sessionKey: '1' });
});
