// The Access and Activity tabs over the real core: a real sandbox, the real sign-in with or without the
// access scopes, the real API client, grants and logs checked against the sandbox's seeded data.
import type { Page } from '@playwright/test';
import { expect, test } from '../test/support/journey-test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { detailPane, lockTable, type BrowseJourney } from '../test/support/browse-journey';
import { seriousViolations } from '../test/support/axe';

test.use({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1400, height: 900 } });

/**
 * Signs in, selects the first account's `index`-th lock in the lock table and returns the detail pane that now
 * shows it (its tabs: Details, Access, Activity), with the owner and lock ids.
 */
async function openLock(page: Page, journey: BrowseJourney, index = 0) {
  await journey.signIn();
  const { sandbox } = journey.rc;
  const owner = sandbox.users[0]!.ownerAccountIds[0]!;
  const lock = sandbox.data.boundLocks(owner)[index]!;
  await lockTable(page).locator(`[data-id="${lock.id}"]`).click();
  const pane = detailPane(page);
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(lock.title);
  return { pane, owner, lock };
}

const labelOf = (
  sandbox: BrowseJourney['rc']['sandbox'],
  owner: string,
  h: { contactId: string | null; boundCardId: string | null },
) =>
  h.contactId
    ? (sandbox.data.contacts(owner).find((c) => c.id === h.contactId)!.email ?? '')
    : h.boundCardId
      ? sandbox.data.boundCards(owner).find((c) => c.id === h.boundCardId)!.title
      : 'Nobody';

test('Access lists the lock’s grants sorted by who, expired ones dimmed; Activity pages older entries on scroll and exports; axe clean', async ({
  page,
  startJourney,
}) => {
  test.setTimeout(120_000);
  const exportDir = mkdtempSync(path.join(tmpdir(), 'tapkey-export-'));
  const journey = await startJourney({
    owners: 1,
    locks: 3,
    grants: 14,
    logEntries: 450,
    accessData: true,
    saveDialog: async (request) => path.join(exportDir, request.defaultPath),
  });
  const { sandbox } = journey.rc;
  const { pane, owner, lock } = await openLock(page, journey);

  await pane.getByRole('tab', { name: 'Access' }).click();
  const rows = pane.getByTestId('grant-row');
  const seeded = sandbox.data.grants(owner).filter((g) => g.boundLockId === lock.id);
  await expect(rows).toHaveCount(seeded.length);
  const whos = seeded.map((g) => labelOf(sandbox, owner, g)).sort((a, b) => a.localeCompare(b));
  await expect(rows.locator('td:first-child')).toHaveText(
    whos.map((w) => new RegExp(`^${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
  );
  const expired = seeded.filter(
    (g) => g.validBefore && Date.parse(g.validBefore) <= Date.now(),
  ).length;
  await expect(pane.locator('tr.is-expired')).toHaveCount(expired);
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
  await expect(first.locator('.activity-who')).toHaveText(labelOf(sandbox, owner, log[0]!));
  expect(await seriousViolations(page)).toEqual([]);

  // Scrolling to the end fetches the next (older) page, until the whole log is there.
  const scroller = pane.getByTestId('activity-scroll');
  for (const expected of ['400 entries; scroll for older ones.', '450 entries: the whole range.']) {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(status).toHaveText(expected);
  }
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(
    pane.locator('[data-testid="activity-row"][data-index="449"] .activity-who'),
  ).toHaveText(labelOf(sandbox, owner, log[449]!));

  // Export writes the whole range to the chosen file through main.
  await pane.getByRole('button', { name: 'Export…' }).click();
  await expect(pane.getByTestId('export-note')).toContainText('Exported 450 entries to activity-');
  const [file] = (await import('node:fs')).readdirSync(exportDir);
  const lines = readFileSync(path.join(exportDir, file!), 'utf8').trimEnd().split('\r\n');
  expect(lines).toHaveLength(451);
  expect(lines[1]!.startsWith(`${log[0]!.lockTimestamp},`)).toBe(true);
});

test('Activity narrows to a date range', async ({ page, startJourney }) => {
  const journey = await startJourney({
    owners: 1,
    locks: 2,
    logEntries: 3000,
    accessData: true,
  });
  const { sandbox } = journey.rc;
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
  await expect(pane.getByTestId('activity-row').first().locator('.activity-who')).toHaveText(
    labelOf(sandbox, owner, inJanuary[0]!),
  );
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
    'In the Tapkey portal, open your OAuth client and allow read:grants, read:contacts, read:logs',
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
  const { sandbox } = journey.rc;
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
