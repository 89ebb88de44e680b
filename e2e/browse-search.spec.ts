import { expect, test } from '../test/support/journey-test';
import type { BoundLockJson } from '../sandbox';
import { readablePhysicalLockId } from '../src/main/tapkey/physical-lock-id';
import {
  accountOption,
  accountsList,
  byTitle,
  detailPane,
  expectSettled,
} from '../test/support/browse-journey';

/**
 * The locks a one-word query must find, worked out from the sandbox's JSON independently of the app: in
 * account order, each account's matches by title.
 */
function expectedMatches(
  accounts: Array<{ name: string; locks: BoundLockJson[] }>,
  query: string,
): string[] {
  const q = query.toLowerCase();
  return accounts.flatMap((a) =>
    byTitle(
      a.locks.filter((l) => {
        const readable = readablePhysicalLockId(l.physicalLockId) ?? '';
        return [
          l.title,
          l.description ?? '',
          readable,
          readable.replace(/-/g, ''),
          l.id,
          l.physicalLockId,
          l.lockType.modelName,
          a.name,
        ].some((f) => f.toLowerCase().includes(q));
      }),
    ).map((l) => l.id),
  );
}

test('search finds locks across every owner account by title, description and readable id', async ({
  page,
  signedIn,
}) => {
  const { sandbox, accounts } = await signedIn({ owners: 3, locks: 6 });
  const byAccount = accounts.map((a) => ({ name: a.name, locks: sandbox.data.boundLocks(a.id) }));
  const all = byAccount.flatMap((a) => a.locks);
  await expectSettled(page);
  const target = sandbox.data.boundLocks(accounts[2]!.id)[4]!;
  const readable = readablePhysicalLockId(target.physicalLockId)!;
  const search = page.getByRole('searchbox', { name: 'Search all locks' });
  const results = page.getByRole('grid', { name: 'Search results' });
  const rowIds = () =>
    results
      .getByTestId('lock-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

  // Readable id typed without dashes, in lower case: exactly that lock, under its owner account's heading.
  await search.fill(readable.replace(/-/g, '').toLowerCase());
  await expect(results.getByTestId('lock-row')).toHaveCount(
    expectedMatches(byAccount, readable.replace(/-/g, '')).length,
  );
  await expect(results.getByTestId('lock-row').first()).toHaveAttribute('data-id', target.id);
  await expect(results.getByTestId('lock-group').first()).toContainText(accounts[2]!.name);
  // While searching, the accounts pane points at "All accounts".
  await expect(
    accountsList(page).getByTestId('owner-account-all').locator('xpath=..'),
  ).toHaveAttribute('aria-selected', 'true');

  // A word of a title: every account's matching locks, grouped by account with a count each, in account order.
  const word = target.title.split(/\s+/)[0]!;
  await search.fill(word);
  const want = expectedMatches(byAccount, word);
  await expect(page.getByTestId('search-summary')).toContainText(
    `${want.length} lock${want.length === 1 ? '' : 's'} match`,
  );
  await expect(results.getByTestId('lock-row').first()).toHaveAttribute('data-id', want[0]!);
  // The list is virtualised: the rendered rows are the first matches, in order.
  const shown = await rowIds();
  expect(shown).toEqual(want.slice(0, shown.length));
  const firstGroup = byAccount.find((a) => a.locks.some((l) => l.id === want[0]))!;
  await expect(results.getByTestId('lock-group').first()).toContainText(
    `${firstGroup.name} ${want.filter((id) => firstGroup.locks.some((l) => l.id === id)).length}`,
  );

  // Lock type and account name are searched too.
  const typed = 'padlock';
  await search.fill(typed);
  await expect(page.getByTestId('search-summary')).toContainText(
    `${expectedMatches(byAccount, typed).length} lock`,
  );
  await search.fill(accounts[1]!.name);
  await expect(page.getByTestId('search-summary')).toContainText(
    `${expectedMatches(byAccount, accounts[1]!.name).length} locks match`,
  );
  await expect(results.getByTestId('lock-group').first()).toContainText(accounts[1]!.name);

  // Description.
  const described = all.find((l) => l.description && l.description.length > 6)!;
  await search.fill(described.description!.slice(0, 12));
  await expect(results.locator(`[data-id="${described.id}"]`)).toHaveCount(1);

  // Selecting a result shows its details; nothing matching says so; Esc in the box clears the search.
  await results.locator(`[data-id="${described.id}"]`).click();
  await expect(detailPane(page).getByRole('heading', { level: 2 })).toHaveText(described.title);
  await search.fill('zz-no-such-lock-zz');
  await expect(page.getByTestId('search-summary')).toHaveText(
    'No locks match “zz-no-such-lock-zz”',
  );
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('account-locks')).toBeVisible();

  // Picking an owner account while searching leaves the search and shows that account.
  await search.fill(word);
  await expect(results).toBeVisible();
  await accountOption(page, accounts[1]!.name).click();
  await expect(search).toHaveValue('');
  await expect(page.getByTestId('account-locks').getByRole('heading', { level: 2 })).toHaveText(
    accounts[1]!.name,
  );
});
