// The Access and Activity tabs over the real core: a real sandbox, the real sign-in with or without the
// access scopes, the real API client, grants and logs checked against the sandbox's seeded data.
import type { Page } from '@playwright/test';
import { expect, test } from '../test/support/journey-test';
import { detailPane, lockTable, type BrowseJourney } from '../test/support/browse-journey';
import { seriousViolations } from '../test/support/axe';

test.use({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1400, height: 900 } });

/**
 * Signs in, selects the first account's `index`-th lock in the lock table and returns the detail pane that now
 * shows it (its tabs: Details, Access, Activity), with the owner and lock ids.
 */
async function openLock(page: Page, journey: BrowseJourney, index = 0) {
  await journey.signIn();
  const { sandbox } = journey;
  const owner = sandbox.users[0]!.ownerAccountIds[0]!;
  const lock = sandbox.data.boundLocks(owner)[index]!;
  await lockTable(page).locator(`[data-id="${lock.id}"]`).click();
  const pane = detailPane(page);
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(lock.title);
  return { pane, owner, lock };
}

/** The name a holder is shown by, from the sandbox's data alone: the title, else the identifier (or label). */
const namesOf = (
  sandbox: BrowseJourney['rc']['sandbox'],
  owner: string,
  h: { contactId: string | null; boundCardId: string | null },
): { name: string; detail: string | null } => {
  const pick = (title: string | null, identifier: string | null) =>
    title && identifier
      ? { name: title, detail: identifier }
      : { name: title || identifier || 'A person without a name or identifier', detail: null };
  if (h.contactId) {
    const c = sandbox.data.contacts(owner).find((x) => x.id === h.contactId)!;
    return pick(c.title, c.identifier);
  }
  if (h.boundCardId) {
    const c = sandbox.data.boundCards(owner).find((x) => x.id === h.boundCardId)!;
    return pick(c.title || null, c.label || null);
  }
  return { name: 'Nobody recorded', detail: null };
};
const labelOf = (
  sandbox: BrowseJourney['rc']['sandbox'],
  owner: string,
  h: { contactId: string | null; boundCardId: string | null },
) => namesOf(sandbox, owner, h).name;
/** How the Access tab sorts: the name, then the identifier beside it. */
const sortKeyOf = (
  sandbox: BrowseJourney['rc']['sandbox'],
  owner: string,
  h: { contactId: string | null; boundCardId: string | null },
) => {
  const n = namesOf(sandbox, owner, h);
  return n.detail ? `${n.name} ${n.detail}` : n.name;
};

test('Access lists the lock’s grants sorted by who, expired ones dimmed; Activity pages older entries on scroll and exports; axe clean', async ({
  page,
  startJourney,
  exports,
}) => {
  test.setTimeout(120_000);
  const journey = await startJourney({
    owners: 1,
    locks: 3,
    grants: 14,
    logEntries: 450,
    accessData: true,
    saveDialog: exports.saveDialog,
  });
  const { sandbox } = journey;
  const { pane, owner, lock } = await openLock(page, journey);

  await pane.getByRole('tab', { name: 'Access' }).click();
  const rows = pane.getByTestId('grant-row');
  const seeded = sandbox.data.grants(owner).filter((g) => g.boundLockId === lock.id);
  await expect(rows).toHaveCount(seeded.length);
  const whos = [...seeded]
    .sort((a, b) => sortKeyOf(sandbox, owner, a).localeCompare(sortKeyOf(sandbox, owner, b)))
    .map((g) => labelOf(sandbox, owner, g));
  await expect(rows.locator('td:first-child .who-name')).toHaveText(whos);
  const expired = seeded.filter(
    (g) => g.validBefore && Date.parse(g.validBefore) <= Date.now(),
  ).length;
  await expect(pane.locator('tr.is-expired[data-testid="grant-row"]')).toHaveCount(expired);
  if (seeded.some((g) => g.validBefore === null))
    await expect(pane.getByRole('cell', { name: 'No end' }).first()).toBeVisible();
  if (seeded.some((g) => g.timeRestrictionIcal?.includes('BYDAY=MO,TU,WE,TH,FR'))) {
    await expect(pane.getByRole('cell', { name: 'Mon–Fri, 08:00–18:00' }).first()).toBeVisible();
  }
  expect(await seriousViolations(page)).toEqual([]);

  await pane.getByRole('tab', { name: 'Activity' }).click();
  const log = sandbox.data.logEntries(owner, lock.id);
  const status = pane.getByTestId('activity-status');
  await expect(status).toHaveText('200 entries; scroll for older ones.');
  const first = pane.getByTestId('activity-row').first();
  await expect(first.locator('.activity-who .who-name')).toHaveText(
    labelOf(sandbox, owner, log[0]!),
  );
  expect(await seriousViolations(page)).toEqual([]);

  // Scrolling to the end fetches the next (older) page, until the whole log is there.
  const scroller = pane.getByTestId('activity-scroll');
  for (const expected of ['400 entries; scroll for older ones.', '450 entries: the whole range.']) {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(status).toHaveText(expected);
  }
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(
    pane.locator('[data-testid="activity-row"][data-index="449"] .activity-who .who-name'),
  ).toHaveText(labelOf(sandbox, owner, log[449]!));

  // Export writes the whole range to the chosen file through main.
  await pane.getByRole('button', { name: 'Export…' }).click();
  await expect(pane.getByTestId('export-note')).toContainText('Exported 450 entries to activity-');
  const lines = exports.read().trimEnd().split('\r\n');
  expect(lines).toHaveLength(451);
  expect(lines[1]!.startsWith(`"${log[0]!.lockTimestamp}",`)).toBe(true);
});

test('Activity narrows to a date range', async ({ page, startJourney }) => {
  const journey = await startJourney({
    owners: 1,
    locks: 2,
    logEntries: 3000,
    accessData: true,
  });
  const { sandbox } = journey;
  const { pane, owner, lock } = await openLock(page, journey);
  await pane.getByRole('tab', { name: 'Activity' }).click();
  await pane.getByTestId('activity-from').fill('2026-01-01');
  await pane.getByTestId('activity-to').fill('2026-01-31');
  // Journeys run in UTC, so local days are UTC days.
  const inJanuary = sandbox.data
    .logEntries(owner, lock.id)
    .filter((e) => e.lockTimestamp >= '2026-01-01' && e.lockTimestamp < '2026-02-01');
  await expect(pane.getByTestId('activity-status')).toHaveText(
    `${inJanuary.length} entries: the whole range.`,
  );
  await expect(
    pane.getByTestId('activity-row').first().locator('.activity-who .who-name'),
  ).toHaveText(labelOf(sandbox, owner, inJanuary[0]!));
});

test('without the access scopes both tabs name the missing permission and where to add it; the rest works', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney({ owners: 1, locks: 2 });
  const { pane, lock } = await openLock(page, journey);
  await pane.getByRole('tab', { name: 'Access' }).click();
  const problem = pane.getByTestId('access-permission');
  await expect(problem).toContainText('lacks the permission read:grants');
  await expect(problem).toContainText(
    'In the Tapkey portal, open your OAuth client and allow Grants (read-only) and Logs (read-only) (read:grants read:logs)',
  );
  await expect(problem).toContainText('Settings → Access data');
  expect(await seriousViolations(page)).toEqual([]);
  await pane.getByRole('tab', { name: 'Activity' }).click();
  await expect(pane.getByTestId('access-permission')).toContainText(
    'lacks the permission read:logs',
  );
  await pane.getByRole('tab', { name: 'Details' }).click();
  await expect(pane.getByTestId('lock-detail-body')).toBeVisible();
  await expect(pane.getByTestId('detail-tapkey-id')).toHaveText(lock.id);
});

test('an injected failure shows the error and a retry that recovers, on Access and on an older Activity page', async ({
  page,
  startJourney,
}) => {
  const journey = await startJourney({
    owners: 1,
    locks: 2,
    logEntries: 300,
    accessData: true,
    tapkey: { http: { maxAttempts: 1 } },
  });
  const { sandbox } = journey;
  const { pane } = await openLock(page, journey);
  const grantsFault = sandbox.faults.add({
    target: 'api',
    pathPattern: '/Grants',
    kind: 'status',
    status: 500,
  });
  await pane.getByRole('tab', { name: 'Access' }).click();
  await expect(pane.getByTestId('access-error')).toContainText(
    'Could not load who has access to this lock.',
  );
  expect(await seriousViolations(page)).toEqual([]);
  grantsFault();
  await pane.getByRole('button', { name: 'Try again' }).click();
  await expect(pane.getByTestId('grants-table')).toBeVisible();

  await pane.getByRole('tab', { name: 'Activity' }).click();
  const status = pane.getByTestId('activity-status');
  await expect(status).toHaveText('200 entries; scroll for older ones.');
  const logFault = sandbox.faults.add({
    target: 'api',
    pathPattern: 'LogEntries',
    kind: 'status',
    status: 503,
  });
  await pane.getByTestId('activity-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(status).toContainText('Older entries could not be loaded.');
  logFault();
  await pane.getByRole('button', { name: 'Try again' }).click();
  await expect(status).toHaveText('300 entries: the whole range.');
});

test('a lock with no grant of its own, in an account with group grants, lists those “through group X”, never “nobody”', async ({
  page,
  startJourney,
}) => {
  // One grant a lock; every tenth grant is for a lock group instead, so one lock has none of its own.
  const journey = await startJourney({ owners: 1, locks: 10, grants: 1, accessData: true });
  const { sandbox } = journey;
  const owner = sandbox.users[0]!.ownerAccountIds[0]!;
  const groups = new Map(sandbox.data.lockGroups(owner).map((g) => [g.id, g.title]));
  const viaGroups = sandbox.data.grants(owner).filter((g) => groups.has(g.boundLockId));
  expect(viaGroups.length).toBeGreaterThan(0);
  const bare = sandbox.data
    .boundLocks(owner)
    .findIndex((l) => !sandbox.data.grants(owner).some((g) => g.boundLockId === l.id));
  expect(bare).toBeGreaterThanOrEqual(0);
  const { pane } = await openLock(page, journey, bare);
  await pane.getByRole('tab', { name: 'Access' }).click();
  await expect(pane.getByTestId('no-direct-grants')).toHaveText(
    'No grant names this lock itself; see the grants for lock groups below.',
  );
  await expect(pane.getByText('Nobody has been granted access')).toHaveCount(0);
  const rows = pane.getByTestId('group-grant-row');
  await expect(rows).toHaveCount(viaGroups.length);
  await expect(rows.locator('td:nth-child(2)')).toHaveText(
    [...viaGroups]
      .sort((a, b) => sortKeyOf(sandbox, owner, a).localeCompare(sortKeyOf(sandbox, owner, b)))
      .map((g) => groups.get(g.boundLockId)!),
  );
  await expect(pane.getByTestId('group-grants-note')).toContainText(
    'Tapkey does not say which locks a group holds',
  );
  expect(await seriousViolations(page)).toEqual([]);
});
