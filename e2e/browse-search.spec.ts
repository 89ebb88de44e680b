import { expect, test } from '@playwright/test';
import type { BoundLockJson } from '../sandbox';
import { readablePhysicalLockId } from '../src/main/tapkey/physical-lock-id';
import { accountOption, startBrowseJourney, type BrowseJourney } from '../test/support/browse-journey';

let journey: BrowseJourney;
test.afterEach(async () => {
  await journey?.close();
});

/** The locks a one-word query must find, worked out from the sandbox's JSON independently of the app. */
function expectedMatches(all: BoundLockJson[], query: string): string[] {
  const q = query.toLowerCase();
  return all
    .filter((l) => {
      const readable = readablePhysicalLockId(l.physicalLockId) ?? '';
      return [l.title, l.description ?? '', readable, readable.replace(/-/g, ''), l.id, l.physicalLockId].some((f) => f.toLowerCase().includes(q));
    })
    .map((l) => l.id);
}

test('search finds locks across every owner account by title, description and readable id', async ({ page }) => {
  journey = await startBrowseJourney(page, { owners: 3, locks: 6 });
  await journey.signIn('alice');
  const { sandbox } = journey.rc;
  const accounts = sandbox.data.ownerAccounts('alice');
  const all = accounts.flatMap((a) => sandbox.data.boundLocks(a.id));
  await expect(page.getByTestId('last-updated')).toContainText('Last updated');
  const target = sandbox.data.boundLocks(accounts[2]!.id)[4]!;
  const readable = readablePhysicalLockId(target.physicalLockId)!;
  const search = page.getByRole('searchbox', { name: 'Search all locks' });
  const results = page.getByRole('listbox', { name: 'Search results' });

  // Readable id typed without dashes, in lower case: exactly that lock, named with its owner account.
  await search.fill(readable.replace(/-/g, '').toLowerCase());
  await expect(results.getByTestId('lock-row')).toHaveCount(expectedMatches(all, readable.replace(/-/g, '')).length);
  await expect(results.getByTestId('lock-row').first()).toHaveAttribute('data-id', target.id);
  await expect(results.getByTestId('lock-row').first()).toContainText(accounts[2]!.name);

  // A word of a title: every account's matching locks, in account order.
  const word = target.title.split(/\s+/)[0]!;
  await search.fill(word);
  const want = expectedMatches(all, word);
  await expect(page.getByTestId('search-summary')).toContainText(`${want.length} lock${want.length === 1 ? '' : 's'} match`);
  await expect(results.getByTestId('lock-row').first()).toHaveAttribute('data-id', want[0]!);
  // The list is virtualised: the rendered rows are the first matches, in order.
  const shown = await results.getByTestId('lock-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
  expect(shown).toEqual(want.slice(0, shown.length));

  // Description.
  const described = all.find((l) => l.description && l.description.length > 6)!;
  await search.fill(described.description!.slice(0, 12));
  await expect(results.locator(`[data-id="${described.id}"]`)).toHaveCount(1);

  // Opening a result shows its details; nothing matching says so; Esc in the box clears the search.
  await results.locator(`[data-id="${described.id}"]`).click();
  await expect(page.getByRole('dialog', { name: described.title })).toBeVisible();
  await page.keyboard.press('Escape');
  await search.fill('zz-no-such-lock-zz');
  await expect(page.getByTestId('search-summary')).toHaveText('No locks match “zz-no-such-lock-zz”');
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('account-locks')).toBeVisible();

  // Picking an owner account while searching leaves the search and shows that account.
  await search.fill(word);
  await expect(results).toBeVisible();
  await accountOption(page, accounts[1]!.name).click();
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('account-locks').getByRole('heading', { level: 2 })).toHaveText(accounts[1]!.name);
});
