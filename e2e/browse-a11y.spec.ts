import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { accountsList, startBrowseJourney, type BrowseJourney } from '../test/support/browse-journey';

let journey: BrowseJourney;
test.afterEach(async () => {
  await journey?.close();
});

/** Serious and critical axe-core violations on the page as it is now, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until `target` has focus (at most `max` times), as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`keyboard only: sign in, browse, details, search, settings, sign out; no serious axe violations (${colorScheme})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    journey = await startBrowseJourney(page, { owners: 4, locks: 30 });
    const { sandbox } = journey.rc;
    const accounts = sandbox.data.ownerAccounts('alice');

    const signIn = page.getByRole('button', { name: 'Sign in with Tapkey' });
    await expect(signIn).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toBeVisible();
    await journey.rc.signInAs('alice');
    await expect(page.getByTestId('last-updated')).toContainText('Last updated');

    // The OS colour scheme is followed.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(27, 29, 33)' : 'rgb(255, 255, 255)');

    // Owner accounts: arrows move the selection, and the focused row carries a visible ring.
    const list = accountsList(page);
    await tabTo(page, list);
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('account-locks').getByRole('heading', { level: 2 })).toHaveText(accounts[1]!.name);
    const activeRow = page.locator('#owner-account-1');
    await expect(activeRow).toHaveAttribute('aria-selected', 'true');
    await expect(list).toHaveAttribute('aria-activedescendant', 'owner-account-1');
    expect(await activeRow.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.keyboard.press('End');
    await expect(page.getByTestId('account-locks').getByRole('heading', { level: 2 })).toHaveText(accounts.at(-1)!.name);
    await page.keyboard.press('Home');
    await expect(page.getByTestId('account-locks').getByRole('heading', { level: 2 })).toHaveText(accounts[0]!.name);

    // Locks: into the list, down to the 20th lock (scrolled into view though virtualised), Enter opens details.
    const locks = page.getByRole('listbox', { name: accounts[0]!.name });
    await tabTo(page, locks, 3);
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowDown');
    const twentieth = sandbox.data.boundLocks(accounts[0]!.id)[19]!;
    await expect(page.locator('#lock-19')).toBeInViewport();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: twentieth.title });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    // Focus stays in the modal: Tab reaches the tab strip, then its scrollable body, never the page behind it.
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('tab', { name: 'Details' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('region', { name: 'Lock details' })).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await testInfo.attach(`details-${colorScheme}`, { body: await page.screenshot(), contentType: 'image/png' });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(locks).toBeFocused();

    // Search from the keyboard, then into the results.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    const search = page.getByRole('searchbox', { name: 'Search all locks' });
    await expect(search).toBeFocused();
    await page.keyboard.type(twentieth.title);
    const results = page.getByRole('listbox', { name: 'Search results' });
    await expect(results.locator(`[data-id="${twentieth.id}"]`)).toHaveCount(1);
    expect(await seriousViolations(page)).toEqual([]);
    await testInfo.attach(`search-${colorScheme}`, { body: await page.screenshot(), contentType: 'image/png' });
    await tabTo(page, results, 4);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');

    // The settings sheet and out of it again, then sign out, all by keyboard.
    await tabTo(page, page.getByRole('button', { name: 'Settings' }), 12);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();
    await expect(page.getByLabel('Client ID')).toHaveValue(sandbox.clientId);
    expect(await seriousViolations(page)).toEqual([]);
    await tabTo(page, page.getByRole('button', { name: 'Cancel' }), 12);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog', { name: 'Settings' })).toHaveCount(0);
    await tabTo(page, page.getByRole('button', { name: 'Sign out' }), 12);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Sign in with Tapkey' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}
