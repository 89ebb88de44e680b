import type { Page } from '@playwright/test';
import { expect, test } from '../test/support/journey-test';
import type { BoundLockJson } from '../sandbox';
import { readablePhysicalLockId } from '../src/main/tapkey/physical-lock-id';
import {
  accountOption,
  byTitle,
  detailPane,
  expectSettled,
  lockTable,
  shownLockIds,
} from '../test/support/browse-journey';

test.use({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1400, height: 900 } });

const readable = (l: BoundLockJson) => readablePhysicalLockId(l.physicalLockId) ?? l.physicalLockId;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Sorts by one key, title order breaking ties (what the table promises), from the sandbox's JSON alone. */
const sortedBy = (locks: BoundLockJson[], key: (l: BoundLockJson) => string) => {
  const titled = byTitle(locks);
  return titled
    .map((l, i) => ({ l, i, k: key(l) }))
    .sort((a, b) => cmp(a.k, b.k) || a.i - b.i)
    .map((x) => x.l.id);
};
const header = (page: Page, name: string) => lockTable(page).getByRole('columnheader', { name });
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('the table sorts by each column (remembered across a reload) and narrows by status and type', async ({
  page,
  signedIn,
}) => {
  const { sandbox, accounts } = await signedIn({ owners: 2, locks: 14 });
  await expectSettled(page);
  const [account] = accounts;
  const locks = sandbox.data.boundLocks(account!.id);
  await accountOption(page, account!.name).click();

  // Default: title A→Z.
  await expect(header(page, 'Title')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => shownLockIds(page)).toEqual(byTitle(locks).map((l) => l.id));
  await header(page, 'Title').getByRole('button').click();
  await expect(header(page, 'Title')).toHaveAttribute('aria-sort', 'descending');
  await expect
    .poll(() => shownLockIds(page))
    .toEqual(
      byTitle(locks)
        .map((l) => l.id)
        .reverse(),
    );

  // Each other column, ascending on the first click; the expected order comes from the JSON, not from the app.
  const expected: Array<[string, string[]]> = [
    [
      'Status',
      // Active, then the locks Tapkey did not say of (no `active`), then inactive.
      [
        ...byTitle(locks).filter((l) => l.active === true),
        ...byTitle(locks).filter((l) => l.active === undefined),
        ...byTitle(locks).filter((l) => l.active === false),
      ].map((l) => l.id),
    ],
    ['Lock ID', sortedBy(locks, readable)],
    ['Bound', sortedBy(locks, (l) => l.bindDate)],
  ];
  for (const [name, ids] of expected) {
    await header(page, name).getByRole('button').click();
    await expect(header(page, name)).toHaveAttribute('aria-sort', 'ascending');
    await expect(header(page, 'Title')).not.toHaveAttribute('aria-sort');
    await expect.poll(() => shownLockIds(page), name).toEqual(ids);
  }
  await header(page, 'Type').getByRole('button').click();
  const types = (
    await lockTable(page)
      .getByTestId('lock-row')
      .locator('[role="gridcell"]:nth-child(3)')
      .allTextContents()
  ).map((t) => t.toLowerCase());
  expect(types).toEqual([...types].sort());

  // The sort survives a restart of the page (the same profile).
  await header(page, 'Bound').getByRole('button').click();
  await header(page, 'Bound').getByRole('button').click();
  await expect(header(page, 'Bound')).toHaveAttribute('aria-sort', 'descending');
  await page.reload();
  await expectSettled(page);
  await accountOption(page, account!.name).click();
  await expect(header(page, 'Bound')).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => shownLockIds(page)).toEqual(sortedBy(locks, (l) => l.bindDate).reverse());

  // Filters: inactive only, then one lock type; the summary says how many of how many.
  await header(page, 'Title').getByRole('button').click();
  await page
    .getByRole('group', { name: 'Status' })
    .getByRole('button', { name: 'Inactive', exact: true })
    .click();
  const inactive = byTitle(locks).filter((l) => l.active === false);
  await expect.poll(() => shownLockIds(page)).toEqual(inactive.map((l) => l.id));
  await expect(page.getByTestId('locks-summary')).toContainText(
    `${inactive.length} of ${locks.length} locks`,
  );
  await page
    .getByRole('group', { name: 'Status' })
    .getByRole('button', { name: 'Active', exact: true })
    .click();
  const type = locks[0]!.lockType.modelName;
  await page.getByLabel('Lock type').selectOption(type);
  await expect
    .poll(() => shownLockIds(page))
    .toEqual(
      byTitle(locks)
        .filter((l) => l.active === true && l.lockType.modelName === type)
        .map((l) => l.id),
    );
  await page
    .getByRole('group', { name: 'Status' })
    .getByRole('button', { name: 'All', exact: true })
    .click();
  await page.getByLabel('Lock type').selectOption('');
  await expect(lockTable(page).getByTestId('lock-row')).toHaveCount(locks.length);
});

test('arrow keys move the selection and the detail pane follows; copy by keyboard, buttons and context menu', async ({
  page,
  signedIn,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const { sandbox, accounts } = await signedIn({ owners: 1, locks: 12 });
  await expectSettled(page);
  const [account] = accounts;
  const locks = byTitle(sandbox.data.boundLocks(account!.id));
  const table = lockTable(page);
  const detail = detailPane(page);

  // Before any choice the first row is selected and shown.
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(locks[0]!.title);
  await table.focus();
  for (const [key, index] of [
    ['ArrowDown', 1],
    ['ArrowDown', 2],
    ['ArrowUp', 1],
    ['End', locks.length - 1],
    ['Home', 0],
    ['PageDown', Math.min(locks.length - 1, 20)],
  ] as const) {
    await page.keyboard.press(key);
    const row = table.getByTestId('lock-row').nth(index);
    await expect(row, key).toHaveAttribute('aria-selected', 'true');
    await expect(table).toHaveAttribute('aria-activedescendant', `lock-row-${index}`);
    await expect(detail.getByRole('heading', { level: 2 }), key).toHaveText(locks[index]!.title);
    // The detail pane fetched the lock from main: sync fields come from it.
    await expect(detail.getByTestId('detail-sync'), key).toContainText(
      `Serial ${locks[index]!.rclSerialNo}`,
    );
  }
  await expect(table.locator('[aria-selected="true"]')).toHaveCount(1);

  // Type-ahead: typing the start of a title selects it.
  await page.keyboard.press('Home');
  const target = locks.find(
    (l, i) =>
      i > 0 &&
      /^[a-z]/i.test(l.title) &&
      locks.findIndex((m) => m.title[0]!.toLowerCase() === l.title[0]!.toLowerCase()) === i,
  )!;
  await page.keyboard.type(target.title.slice(0, 3).toLowerCase());
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(target.title);

  // Ctrl+C copies the selected lock's readable id.
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(() => clipboard(page)).toBe(readable(target));
  await expect(page.getByTestId('browse-notice')).toHaveText('Copied lock ID');

  // The detail pane's buttons copy the readable id and the Tapkey id.
  await detail.getByRole('button', { name: 'Copy Tapkey ID' }).click();
  await expect.poll(() => clipboard(page)).toBe(target.id);
  await detail.getByRole('button', { name: 'Copy lock ID' }).click();
  await expect.poll(() => clipboard(page)).toBe(readable(target));

  // Context menu on another row: selects it, opens with focus on its first item, arrows and Enter run an item, Esc closes.
  const other = locks[3]!;
  await table.locator(`[data-id="${other.id}"]`).click({ button: 'right' });
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(other.title);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(menu).toBeHidden();
  await expect.poll(() => clipboard(page)).toBe(other.id);
  await expect(table).toBeFocused();
  await page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(table).toBeFocused();
  await table.locator(`[data-id="${other.id}"]`).click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Copy row as CSV' }).click();
  await expect
    .poll(() => clipboard(page))
    .toMatch(
      new RegExp(
        `^"ownerAccountId","ownerAccountName","id","title","description","active","lockType","lockTypeId","physicalLockId","readableLockId","bindDate"\\r\\n"${account!.id}",[^\\r]*,"${other.id}",`,
      ),
    );
  expect(await clipboard(page)).toContain(
    `,"${other.lockTypeId}","${other.physicalLockId}","${readable(other)}","${other.bindDate}"\r\n`,
  );
});
