import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../test/support/journey-test';
import {
  accountsList,
  byTitle,
  detailPane,
  expectSettled,
  lockTable,
} from '../test/support/browse-journey';
import { seriousViolations } from '../test/support/axe';

/** Presses Tab (or Shift+Tab) until `target` has focus (at most `max` times), as a keyboard user would. */
async function tabTo(
  page: Page,
  target: Locator,
  max = 12,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** WCAG contrast ratio between an element's background and the page's. */
async function fillContrast(page: Page, target: Locator): Promise<number> {
  const [fill, page_] = await Promise.all([
    target.evaluate((el) => getComputedStyle(el).backgroundColor),
    page.evaluate(() => getComputedStyle(document.body).backgroundColor),
  ]);
  const lum = (rgb: string) => {
    const [r, g, b] = rgb
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map(Number)
      .map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [a, b] = [lum(fill), lum(page_)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`keyboard only: sign in, browse, details, search, settings, sign out; no serious axe violations (${colorScheme})`, async ({
    page,
    startJourney,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    const journey = await startJourney({ owners: 4, locks: 30 });
    const { sandbox } = journey.rc;
    const accounts = sandbox.data.ownerAccounts('alice');

    const signIn = page.getByRole('button', { name: 'Sign in with Tapkey' });
    await expect(signIn).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toBeVisible();
    await journey.rc.signInAs('alice');
    await expectSettled(page);

    // The OS colour scheme is followed.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(27, 29, 33)' : 'rgb(255, 255, 255)');

    // Owner accounts ("All accounts" first): arrows move the selection, and the focused row carries a visible ring.
    const list = accountsList(page);
    const heading = page.getByRole('heading', { level: 2 }).first();
    const locksHeading = page.locator('#locks-heading');
    await tabTo(page, list);
    await page.keyboard.press('ArrowDown');
    await expect(locksHeading).toHaveText(accounts[1]!.name);
    const activeRow = page.locator('#owner-account-2');
    await expect(activeRow).toHaveAttribute('aria-selected', 'true');
    await expect(list).toHaveAttribute('aria-activedescendant', 'owner-account-2');
    expect(await activeRow.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    expect(await fillContrast(page, activeRow)).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('End');
    await expect(locksHeading).toHaveText(accounts.at(-1)!.name);
    await page.keyboard.press('Home');
    await expect(locksHeading).toHaveText('All accounts');
    await page.keyboard.press('ArrowDown');
    await expect(locksHeading).toHaveText(accounts[0]!.name);
    await expect(heading).toBeVisible();

    // Locks: into the table, down to the 20th lock (scrolled into view though virtualised); the detail pane follows.
    const locks = lockTable(page);
    await expect(locks).toHaveAccessibleName(accounts[0]!.name);
    await tabTo(page, locks, 3);
    for (let i = 0; i < 19; i++) await page.keyboard.press('ArrowDown');
    const twentieth = byTitle(sandbox.data.boundLocks(accounts[0]!.id))[19]!;
    await expect(page.locator('#lock-row-19')).toBeInViewport();
    await expect(page.locator('#lock-row-19')).toHaveAttribute('aria-selected', 'true');
    await expect(detailPane(page).getByRole('heading', { level: 2 })).toHaveText(twentieth.title);
    expect(
      await page.locator('#lock-row-19').evaluate((el) => getComputedStyle(el).outlineStyle),
    ).toBe('solid');
    expect(await fillContrast(page, page.locator('#lock-row-19'))).toBeGreaterThanOrEqual(3);
    // The detail pane is reachable by keyboard: its tab, then its scrollable panel.
    await tabTo(page, detailPane(page).getByRole('tab', { name: 'Details' }), 10);
    await page.keyboard.press('Tab');
    await expect(detailPane(page).getByRole('tabpanel')).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await testInfo.attach(`details-${colorScheme}`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });

    // Search from the keyboard (Ctrl/Cmd+F), then into the results; the selection stays visible without focus.
    await page.keyboard.press('ControlOrMeta+f');
    const search = page.getByRole('searchbox', { name: 'Search all locks' });
    await expect(search).toBeFocused();
    expect(await fillContrast(page, page.locator('#lock-row-19'))).toBeGreaterThanOrEqual(3);
    await page.keyboard.type(twentieth.title);
    const results = page.getByRole('grid', { name: 'Search results' });
    await expect(results.locator(`[data-id="${twentieth.id}"]`)).toHaveCount(1);
    expect(await seriousViolations(page)).toEqual([]);
    await testInfo.attach(`search-${colorScheme}`, {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
    await tabTo(page, results, 12);
    await page.keyboard.press('End');
    await expect(results.locator('[aria-selected="true"]')).toHaveCount(1);

    // The settings sheet and out of it again, then sign out, all by keyboard.
    await tabTo(page, page.getByRole('button', { name: 'Settings' }), 20, 'Shift+Tab');
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
