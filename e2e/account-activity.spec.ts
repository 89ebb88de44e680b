// The account-wide Activity view and the room access views get, over the real core: a real sandbox playing
// Tapkey as documented (log pages capped at 500, contacts without the deprecated e-mail), the real sign-in with
// the access scopes, the real API client; every expectation from the sandbox's data alone.
import type { Locator, Page } from '@playwright/test';
import { SHEET_BEHAVIOUR } from '../sandbox';
import { seriousViolations } from '../test/support/axe';
import { detailPane, lockTable } from '../test/support/browse-journey';
import { expect, test } from '../test/support/journey-test';
import { readCsv } from '../test/support/read-csv';

test.use({ locale: 'en-US', timezoneId: 'UTC' });

/** The main area's view switcher (Locks, Activity …); a lock's own tabs are another list. */
const views = (page: Page) => page.getByRole('tablist', { name: 'Views' });

/** Every column header and the first row's cells are inside the box they scroll in: nothing is cut off or scrolls sideways. */
async function expectColumnsFit(page: Page, scroller: Locator, cells: Locator[]) {
  const box = await scroller.boundingBox();
  expect(box).not.toBeNull();
  const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [
    el.scrollWidth,
    el.clientWidth,
  ]);
  expect(scrollWidth, 'the box scrolls sideways').toBeLessThanOrEqual(clientWidth!);
  for (const cell of cells) {
    const c = await cell.boundingBox();
    const text = (await cell.textContent()) ?? '';
    expect(c, text).not.toBeNull();
    expect(c!.x).toBeGreaterThanOrEqual(box!.x - 1);
    expect(c!.x + c!.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
    // Wide enough for a word: names never break letter by letter.
    expect(c!.width, text).toBeGreaterThan(60);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
    true,
  );
}

test('the account’s activity, narrowed to one person, newest first, exported and read back', async ({
  page,
  signedIn,
  exports,
}) => {
  test.setTimeout(120_000);
  const { sandbox } = await signedIn({
    ...SHEET_BEHAVIOUR,
    contactEmail: false,
    owners: 1,
    locks: 4,
    grants: 4,
    logEntries: 700,
    seed: 'account-activity',
    accessData: true,
    saveDialog: exports.saveDialog,
  });
  const owner = sandbox.users[0]!.ownerAccountIds[0]!;
  const account = sandbox.data.accountLogEntries(owner);
  const lockTitle = new Map(sandbox.data.boundLocks(owner).map((l) => [l.id, l.title]));

  await views(page).getByRole('tab', { name: 'Activity' }).click();
  const view = page.getByTestId('account-activity');
  const rows = view.getByTestId('activity-row');
  await expect(rows.first().locator('.activity-when')).toBeVisible();
  await expect(rows.first().locator('.activity-lock')).toHaveText(
    lockTitle.get(account[0]!.boundLockId)!,
  );
  expect(await seriousViolations(page)).toEqual([]);

  // The person with the most entries, chosen by name.
  const counts = new Map<string, number>();
  for (const e of account)
    if (e.contactId) counts.set(e.contactId, (counts.get(e.contactId) ?? 0) + 1);
  const [personId] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const person = sandbox.data.contacts(owner).find((c) => c.id === personId)!;
  const theirs = account.filter((e) => e.contactId === personId);
  expect(theirs.length).toBeGreaterThan(5);
  const filter = view.getByTestId('activity-person-filter');
  await expect(filter).toBeEnabled();
  await filter.selectOption(personId);
  const status = view.getByTestId('activity-status');
  const scroller = view.getByTestId('activity-scroll');
  // Scrolled to the end until the whole range is in: every entry of this person, in order, at its lock.
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(status).toHaveText(`${theirs.length} entries: the whole range.`, {
      timeout: 1000,
    });
  }).toPass();
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  const name = person.title ?? person.identifier!;
  await expect(rows.first().locator('.who-name')).toHaveText(name);
  await expect(rows.first().locator('.activity-lock')).toHaveText(
    lockTitle.get(theirs[0]!.boundLockId)!,
  );

  await view.getByRole('button', { name: 'Export…' }).click();
  await expect(view.getByTestId('export-note')).toContainText(
    `Exported ${theirs.length} entries to activity-`,
  );
  const [header, ...records] = readCsv(exports.read());
  const col = (name: string) => header!.indexOf(name);
  expect(records.map((r) => [r[col('id')], r[col('contactId')], r[col('lockTitle')]])).toEqual(
    theirs.map((e) => [e.id, personId, lockTitle.get(e.boundLockId)]),
  );
});

for (const [width, height] of [
  [1200, 800],
  [800, 600],
] as const) {
  test(`at ${width}×${height} every column of a lock’s Access and Activity and of the account’s Activity is in view`, async ({
    page,
    signedIn,
  }) => {
    await page.setViewportSize({ width, height });
    const { sandbox } = await signedIn({
      ...SHEET_BEHAVIOUR,
      owners: 1,
      locks: 3,
      grants: 6,
      logEntries: 60,
      accessData: true,
    });
    const owner = sandbox.users[0]!.ownerAccountIds[0]!;
    const lock = sandbox.data.boundLocks(owner)[0]!;
    await lockTable(page).locator(`[data-id="${lock.id}"]`).click();
    const pane = detailPane(page);

    await pane.getByRole('tab', { name: 'Access' }).click();
    // The lock's access fills the view beside the accounts; the lock table steps aside.
    await expect(lockTable(page)).toBeHidden();
    const table = pane.getByTestId('grants-table');
    const headers = table.locator('thead th');
    await expect(headers).toHaveText(['Who', 'Valid from', 'Valid until', 'When', 'State']);
    const firstRow = table.locator('tbody tr').first().locator('td');
    await expectColumnsFit(page, pane.locator('.detail-panel'), [
      ...(await headers.all()),
      ...(await firstRow.all()),
    ]);

    await pane.getByRole('tab', { name: 'Activity' }).click();
    const head = pane.locator('.activity-head > span');
    await expect(head).toHaveText(['When', 'Who', 'What']);
    await expect(pane.getByTestId('activity-row').first()).toBeVisible();
    await expectColumnsFit(page, pane.getByTestId('activity-scroll'), [
      ...(await head.all()),
      ...(await pane.getByTestId('activity-row').first().locator('> span').all()),
    ]);
    await pane.getByRole('button', { name: '← Locks' }).click();
    await expect(lockTable(page)).toBeVisible();

    await views(page).getByRole('tab', { name: 'Activity' }).click();
    const view = page.getByTestId('account-activity');
    const accountHead = view.locator('.activity-head > span');
    await expect(accountHead).toHaveText(['When', 'Lock', 'Who', 'What']);
    await expect(view.getByTestId('activity-row').first()).toBeVisible();
    await expectColumnsFit(page, view.getByTestId('activity-scroll'), [
      ...(await accountHead.all()),
      ...(await view.getByTestId('activity-row').first().locator('> span').all()),
    ]);
    // The filters and Export… are in view too, not pushed off the side.
    for (const control of [
      view.getByTestId('activity-lock-filter'),
      view.getByTestId('activity-person-filter'),
      view.getByRole('button', { name: 'Export…' }),
    ]) {
      const b = await control.boundingBox();
      expect(b!.x + b!.width).toBeLessThanOrEqual(width);
    }
  });
}
