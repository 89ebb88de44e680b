// Managing access over the real core and the sandbox: the app's dialogs and views drive the real write service,
// and every outcome is checked in the sandbox's own state (sandbox.data, stats), never through the app's code.
import type { Locator, Page } from '@playwright/test';
import { expect, test as journeyTest } from '../test/support/journey-test';
import type { GrantJson, Sandbox } from '../sandbox';
import { accountOption, type BrowseJourney } from '../test/support/browse-journey';
import { seriousViolations } from '../test/support/axe';
import type { RealCoreOptions } from '../test/support/real-core';
import { roomProblems } from '../test/support/room-check';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
/** A sign-in with Manage access on (the write scopes asked for), and a short undo window unless given. */
const MANAGE: RealCoreOptions = {
  owners: 2,
  locks: 12,
  settings: { accessData: true, manageAccess: true },
  writes: { undoWindowMs: 1_500 },
};

const workspaceTab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const strip = (page: Page) => page.getByTestId('change-strip');
const dialog = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });
const isActive = (g: GrantJson) => g.active && g.state === 'Ok';
/** The active grants of the person with the e-mail address `email` in an owner account (none if not a contact there). */
const activeGrantsOf = (sandbox: Sandbox, ownerAccountId: string, email: string) => {
  const person = sandbox.data.contacts(ownerAccountId).find((c) => c.identifier === email);
  return person
    ? sandbox.data.grants(ownerAccountId).filter((g) => g.contactId === person.id && isActive(g))
    : [];
};

/** `test` with `managing(options)`: signed in with Manage access, and the app says it may write. */
const test = journeyTest.extend<{
  managing: (options?: RealCoreOptions) => Promise<BrowseJourney>;
}>({
  managing: async ({ page, signedIn }, use) => {
    await use(async (options = MANAGE) => {
      const journey = await signedIn(options);
      await workspaceTab(page, 'People').click();
      await expect(
        page.getByTestId('people-view').getByRole('button', { name: 'Give access…' }),
      ).toBeEnabled();
      return journey;
    });
  },
});

test.use({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1200, height: 800 } });
// Each journey signs in, reviews and sends through the real core: more than the default minute on a busy machine.
test.describe.configure({ timeout: 120_000 });

/** Every lock id of `owner` whose lock takes a weekly schedule, as the sandbox itself reports it. */
function icalLocks({ data }: Sandbox, owner: string): string[] {
  return data
    .boundLocks(owner)
    .filter(
      (l) =>
        (data.expandedBoundLock(owner, l.id)?.supportedFeatures as Record<string, unknown> | null)
          ?.timeRestrictionIcalSupport === 'Supported',
    )
    .map((l) => l.id);
}

/**
 * A person's active key on a lock of `owner` (not a group's), valid for at least a day more, with its holder and
 * lock, as the sandbox holds them: revoking it puts it on that lock's revocation list.
 */
function revocableKey({ data }: Sandbox, owner: string) {
  const locks = data.boundLocks(owner);
  const lockIds = new Set(locks.map((l) => l.id));
  const grant = data
    .grants(owner)
    .find(
      (g) =>
        isActive(g) &&
        g.contactId &&
        lockIds.has(g.boundLockId) &&
        (g.validBefore === null || Date.parse(g.validBefore) > Date.now() + 86_400_000),
    )!;
  const person = data.contacts(owner).find((c) => c.id === grant.contactId)!;
  const lock = locks.find((l) => l.id === grant.boundLockId)!;
  return { grant, person, lock };
}

test('Give access… to a new e-mail address on 3 locks, weekdays 08:00–18:00: exactly those grants, with that schedule; the journal lists them and exports them', async ({
  page,
  managing,
  exports,
}) => {
  test.setTimeout(180_000);
  const { sandbox, accounts } = await managing({ ...MANAGE, saveDialog: exports.saveDialog });
  const owner = accounts[0]!;
  const locks = icalLocks(sandbox, owner.id).slice(0, 3);
  const titles = locks.map(
    (id) => sandbox.data.boundLocks(owner.id).find((l) => l.id === id)!.title,
  );
  const email = 'new.colleague@example.org';
  expect(sandbox.data.contacts(owner.id).some((c) => c.identifier === email)).toBe(false);
  await workspaceTab(page, 'Locks').click();
  await accountOption(page, owner.name).click();

  // Ctrl/Cmd+N (Access → Give access…) with the first lock selected.
  await page.getByTestId('lock-table').locator(`[data-id="${locks[0]}"]`).click();
  await page.keyboard.press(`${mod}+KeyN`);
  const give = dialog(page, 'Give access');
  await expect(give).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Who: a new person, by e-mail address.
  await give.getByLabel('Search people and cards, or type an e-mail address').fill(email);
  await give.getByRole('radio', { name: `New person: ${email}` }).check();
  await give.getByRole('button', { name: 'Next' }).click();
  // Where: the selected lock is chosen already; two more.
  await expect(give.getByTestId('give-where-count')).toHaveText('1 lock chosen');
  for (const title of titles.slice(1)) await give.getByRole('checkbox', { name: title }).check();
  await expect(give.getByTestId('give-where-count')).toHaveText('3 locks chosen');
  expect(await seriousViolations(page)).toEqual([]);
  await give.getByRole('button', { name: 'Next' }).click();
  // When: until revoked, Monday to Friday 08:00–18:00 (Mon–Fri is the default once a schedule is on).
  await give.getByLabel('Only at certain times each week').check();
  await expect(give.getByLabel('Monday')).toBeChecked();
  await expect(give.getByLabel('Saturday')).not.toBeChecked();
  expect(await seriousViolations(page)).toEqual([]);
  await give.getByRole('button', { name: 'Review', exact: true }).click();

  // Review: exactly the three requests, the schedule in each body, nothing sent yet.
  const requests = give.getByTestId('plan-request');
  await expect(requests).toHaveCount(3);
  await expect(give.getByTestId('plan-counts')).toHaveText(
    '3 new keys on 3 locks in 1 owner account',
  );
  await expect(requests.first()).toContainText(`PUT Owners/${owner.id}/Grants`);
  await expect(requests.first()).toContainText('BYDAY=MO,TU,WE,TH,FR');
  await expect(give.getByTestId('plan-notes')).toContainText('not yet a person');
  expect(await seriousViolations(page)).toEqual([]);
  expect(sandbox.stats.writes()).toBe(0);
  await give.getByRole('button', { name: 'Give access' }).click();
  await expect(give).toHaveCount(0);

  // Pending in the strip, then sent; the progress says where the key goes next.
  const item = strip(page).getByTestId('change-item').first();
  await expect(item).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(item.getByTestId('change-state')).toHaveText('Tapkey accepted all 3 requests.');
  await expect(item.getByTestId('change-progress')).toHaveText(
    "Given on 3 locks: reaches the person's phone when they next open the Tapkey app.",
  );
  expect(await seriousViolations(page)).toEqual([]);

  // The sandbox has exactly these grants: one per lock, for the new contact, with a Mon–Fri 08:00–18:00 rule.
  const contact = sandbox.data.contacts(owner.id).find((c) => c.identifier === email);
  expect(contact).toBeDefined();
  const grants = sandbox.data.grants(owner.id).filter((g) => g.contactId === contact!.id);
  expect(grants.map((g) => g.boundLockId).sort()).toEqual([...locks].sort());
  for (const g of grants) {
    expect(isActive(g)).toBe(true);
    expect(g.validFrom).toBeNull();
    expect(g.validBefore).toBeNull();
    const ical = g.timeRestrictionIcal ?? '';
    expect(ical).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ical).toMatch(/\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\r\n/);
    expect(ical).toMatch(/\r\nDTSTART:\d{8}T080000\r\n/);
    expect(ical).toMatch(/\r\nDTEND:\d{8}T180000\r\n/);
  }
  expect(sandbox.stats.appliedWrites('PUT Grants')).toBe(3);

  // The journal lists the three requests (Ctrl/Cmd+4), filters them, and exports what it shows.
  await page.keyboard.press(`${mod}+Digit4`);
  const journal = page.getByTestId('journal-view');
  await expect(journal.getByTestId('journal-row')).toHaveCount(3);
  await expect(journal.getByTestId('journal-row').first()).toContainText(email);
  await journal.getByLabel('Outcome').selectOption('failed');
  await expect(journal.getByTestId('journal-empty')).toHaveText('No change matches these filters.');
  await journal.getByLabel('Outcome').selectOption('done');
  await journal.getByLabel('Search').fill(titles[1]!);
  await expect(journal.getByTestId('journal-row')).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await journal.getByRole('button', { name: 'Export…' }).click();
  await expect(journal.getByTestId('journal-export-note')).toContainText('Exported 1 record to');
  const lines = exports.read().trimEnd().split(/\r?\n/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(grants.find((g) => g.boundLockId === locks[1])!.id);
});

test('Undo inside the window: the strip says nothing was sent, and the sandbox received nothing', async ({
  page,
  managing,
}) => {
  // A window far longer than the steps below take on a busy machine (an axe run alone can take seconds), so the
  // Undo is surely inside it; the end of the window is then brought forward rather than slept through.
  const { sandbox, accounts, rc } = await managing({
    ...MANAGE,
    writes: { undoWindowMs: 120_000 },
  });
  const owner = accounts[0]!;
  const lock = sandbox.data.boundLocks(owner.id)[0]!;
  await page.getByTestId('people-view').getByRole('button', { name: 'Give access…' }).click();
  const give = dialog(page, 'Give access');
  await give
    .getByLabel('Search people and cards, or type an e-mail address')
    .fill('undo.me@example.org');
  await give.getByLabel('Search people and cards, or type an e-mail address').press('Enter');
  await give.getByRole('button', { name: 'Next' }).click();
  await give.getByRole('checkbox', { name: lock.title }).check();
  await give.getByRole('button', { name: 'Next' }).click();
  await give.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(give.getByTestId('plan-request')).toHaveCount(1);
  await give.getByRole('button', { name: 'Give access' }).click();

  const item = strip(page).getByTestId('change-item').first();
  await expect(item).toHaveAttribute('data-status', 'waiting');
  await expect(item.getByTestId('change-state')).toContainText('Undo takes it back');
  expect(await seriousViolations(page)).toEqual([]);
  await expect(item).toHaveAttribute('data-status', 'waiting');
  await item.getByRole('button', { name: /^Undo: / }).click();
  await expect(item).toHaveAttribute('data-status', 'undone');
  await expect(item.getByTestId('change-state')).toHaveText('Undone: nothing was sent to Tapkey.');

  // Every undo window ends now (as quitting does) and the queue runs dry: still nothing reached the sandbox.
  await rc.core.writes.flush();
  const { changes } = await rc.core.handlers['writes:list-changes']();
  expect(changes.map((c) => c.status)).toEqual(['undone']);
  expect(sandbox.stats.writes()).toBe(0);
  expect(sandbox.data.contacts(owner.id).some((c) => c.identifier === 'undo.me@example.org')).toBe(
    false,
  );
});

test('revoking one key from a person: pending until the lock syncs, then revoked; Refresh shows it', async ({
  page,
  managing,
}) => {
  const { sandbox, accounts } = await managing();
  const owner = accounts[0]!;
  const { grant, person, lock } = revocableKey(sandbox, owner.id);
  await accountOption(page, owner.name).click();
  const people = page.getByTestId('people-view');
  await people.getByRole('searchbox').fill(person.identifier!);
  await people.getByTestId('person-row').getByRole('button').first().click();
  const detail = page.getByTestId('person-detail');
  const key = detail.locator(`[data-testid="person-key"][data-id="${grant.id}"]`);
  await key.getByRole('button', { name: /^Revoke the key for/ }).click();

  const revoke = dialog(page, 'Take access away');
  await expect(revoke.getByTestId('plan-request')).toHaveCount(1);
  await expect(revoke.getByTestId('plan-request')).toContainText(
    `POST Owners/${owner.id}/Grants/${grant.id}/Revoke`,
  );
  expect(await seriousViolations(page)).toEqual([]);
  await revoke.getByRole('button', { name: 'Revoke' }).click();

  const item = strip(page).getByTestId('change-item').first();
  await expect(item).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(item.getByTestId('change-progress')).toHaveText(
    "Revoked: takes effect at each lock's next sync (0 of 1 lock synced).",
  );
  // The sandbox: revoked, waiting for this lock to pick up its list.
  const pending = sandbox.data.grants(owner.id).find((g) => g.id === grant.id)!;
  expect(pending.active).toBe(false);
  expect(pending.state).not.toBe('Revoked');
  expect(sandbox.data.pendingLocks(owner.id, grant.id)).toEqual([lock.id]);
  // The person's keys show it as Tapkey has it now.
  await expect(key).toContainText('Revocation pending');

  // The lock syncs (the sandbox's admin call, as a phone at the lock would make it happen); Refresh looks again.
  const synced = await fetch(`${sandbox.issuer}/__sandbox/sync/locks/${lock.id}`, {
    method: 'POST',
  });
  expect(synced.status).toBe(204);
  await item.getByRole('button', { name: /^Refresh progress/ }).click();
  await expect(item.getByTestId('change-progress')).toHaveText('Revoked: in effect at every lock.');
  await expect(item.getByRole('button', { name: /^Refresh progress/ })).toHaveCount(0);
  expect(sandbox.data.grants(owner.id).find((g) => g.id === grant.id)!.state).toBe('Revoked');
  expect(sandbox.stats.appliedWrites('Revoke')).toBe(1);
});

test('Remove all access… for a person in 2 owner accounts: the preview counts keys, locks and accounts, the confirmation names the person, then none of their keys is active', async ({
  page,
  managing,
}) => {
  const { sandbox, accounts } = await managing();
  const email = 'robin.keyholder@example.org';
  const heldIn = accounts.map((a) => activeGrantsOf(sandbox, a.id, email));
  expect(heldIn.filter((g) => g.length > 0)).toHaveLength(2);
  const held = heldIn.flat();
  const lockCount = new Set(held.map((g) => g.boundLockId)).size;

  const people = page.getByTestId('people-view');
  await people.getByRole('searchbox').fill('robin.keyholder');
  await expect(people.getByTestId('person-row')).toHaveCount(2);
  await people.getByTestId('person-row').first().getByRole('button').click();
  await page
    .getByTestId('person-detail')
    .getByRole('button', { name: 'Remove all access…' })
    .click();

  const remove = dialog(page, 'Remove all access');
  const keys = held.length;
  await expect(remove.getByTestId('remove-summary')).toHaveText(
    `${keys} ${keys === 1 ? 'key' : 'keys'} on ${lockCount} ${lockCount === 1 ? 'lock' : 'locks'} in 2 owner accounts`,
  );
  await expect(remove.getByTestId('plan-request')).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);
  expect(sandbox.stats.writes()).toBe(0);
  await remove.getByRole('button', { name: 'Continue' }).click();

  const confirm = dialog(page, /^Remove all access of .*robin\.keyholder@example\.org.*\?$/);
  await expect(confirm.getByTestId('remove-confirm')).toContainText(email);
  expect(await seriousViolations(page)).toEqual([]);
  await confirm.getByRole('button', { name: /^Remove all access of / }).click();

  const item = strip(page).getByTestId('change-item').first();
  await expect(item).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(item.getByTestId('change-state')).toHaveText('Tapkey accepted all 2 requests.');
  for (const a of accounts) expect(activeGrantsOf(sandbox, a.id, email), a.id).toEqual([]);
  expect(sandbox.stats.appliedWrites('Contacts RevokeGrants')).toBe(2);
});

test("a card's 13th key is refused in the review, before anything is sent", async ({
  page,
  managing,
}) => {
  const { sandbox, accounts } = await managing();
  const owner = accounts[0]!;
  const card = sandbox.data.boundCards(owner.id)[0]!;
  const held = sandbox.data
    .grants(owner.id)
    .filter((g) => g.boundCardId === card.id && isActive(g));
  expect(held).toHaveLength(11);
  const free = sandbox.data
    .boundLocks(owner.id)
    .filter((l) => !held.some((g) => g.boundLockId === l.id))
    .slice(0, 2);
  await accountOption(page, owner.name).click();
  await page.getByTestId('people-view').getByRole('button', { name: 'Give access…' }).click();
  const give = dialog(page, 'Give access');
  await give
    .getByLabel('Search people and cards, or type an e-mail address')
    .fill(card.title ?? card.label ?? card.id);
  await give.getByRole('radio', { name: /11 of 12 keys on the card/ }).check();
  await give.getByRole('button', { name: 'Next' }).click();
  for (const l of free) await give.getByRole('checkbox', { name: l.title }).check();
  await give.getByRole('button', { name: 'Next' }).click();
  await give.getByRole('button', { name: 'Review', exact: true }).click();
  await expect(give.getByTestId('plan-problems')).toContainText(
    'holds 11 of the 12 grants a card can hold; 2 more would exceed it',
  );
  await expect(give.getByRole('button', { name: 'Give access' })).toBeDisabled();
  expect(await seriousViolations(page)).toEqual([]);
  expect(sandbox.stats.writes()).toBe(0);
});

for (const viewport of [
  { width: 1200, height: 800 },
  { width: 800, height: 600 },
])
  test(`room to work at ${viewport.width}×${viewport.height}: People, a person and the Journal show every column without sideways scrolling or broken words`, async ({
    page,
    managing,
  }) => {
    await page.setViewportSize(viewport);
    await managing();
    const check = async (what: string, view: Locator) => {
      await expect(view).toBeVisible();
      expect(await roomProblems(view), what).toEqual([]);
      expect(await seriousViolations(page), what).toEqual([]);
    };
    const people = page.getByTestId('people-view');
    await expect(people.getByTestId('person-row').first()).toBeVisible();
    await check('People', people);
    await people.getByRole('searchbox').fill('robin.keyholder');
    await expect(people.getByTestId('person-row')).toHaveCount(2);
    await check('People across accounts', people);
    await people.getByTestId('person-row').first().getByRole('button').click();
    await expect(page.getByTestId('person-activity')).toBeVisible();
    await check('a person', page.getByTestId('person-detail'));
    await page.getByTestId('person-detail').getByRole('button', { name: 'Give access…' }).click();
    const give = dialog(page, 'Give access');
    await expect(give.getByRole('checkbox').first()).toBeVisible();
    await check('Give access (where)', give);
    await give.getByRole('button', { name: 'Cancel' }).click();
    await workspaceTab(page, 'Journal').click();
    await check('Journal', page.getByTestId('journal-view'));
  });

/** Presses Tab until `target` has focus (at most `limit` times); fails when the keyboard cannot reach it. */
async function tabTo(page: Page, target: Locator, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab did not reach ${String(target)} in ${limit} presses`);
}

test('keyboard only: People, a person, Revoke… and Give access… are reached with Tab and shortcuts; Esc closes a dialog and gives focus back, sending nothing', async ({
  page,
  managing,
}) => {
  const { sandbox } = await managing();
  await page.keyboard.press(`${mod}+Digit1`);
  await expect(page.getByTestId('lock-table')).toBeVisible();
  await page.keyboard.press(`${mod}+Digit3`);
  const people = page.getByTestId('people-view');
  await people.getByRole('searchbox').focus();
  await page.keyboard.type('robin.keyholder');
  await expect(people.getByTestId('person-row')).toHaveCount(2);
  await tabTo(page, people.getByTestId('person-row').first().getByRole('button'));
  await page.keyboard.press('Enter');

  const detail = page.getByTestId('person-detail');
  const revoke = detail.getByRole('button', { name: /^Revoke the key for/ }).first();
  await tabTo(page, revoke);
  await page.keyboard.press('Enter');
  const take = dialog(page, 'Take access away');
  await expect(take.getByTestId('plan-request')).toHaveCount(1);
  expect(await take.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(take).toHaveCount(0);
  await expect(revoke).toBeFocused();

  // Ctrl/Cmd+N gives the person shown more access: Where, When and Review by keyboard alone.
  await page.keyboard.press(`${mod}+KeyN`);
  const give = dialog(page, 'Give access');
  await expect(give.getByTestId('give-where')).toBeVisible();
  await tabTo(page, give.getByRole('checkbox').first());
  await page.keyboard.press('Space');
  await expect(give.getByTestId('give-where-count')).toHaveText('1 lock chosen');
  await tabTo(page, give.getByRole('button', { name: 'Next', exact: true }));
  await page.keyboard.press('Enter');
  // A radio group is one Tab stop (at the checked option); the arrows choose within it.
  await tabTo(page, give.getByLabel('Until revoked'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(give.getByLabel('One week')).toBeChecked();
  await tabTo(page, give.getByRole('button', { name: 'Review', exact: true }));
  await page.keyboard.press('Enter');
  await expect(give.getByTestId('plan-request')).toHaveCount(1);
  await tabTo(page, give.getByRole('button', { name: 'Give access', exact: true }));
  await page.keyboard.press('Escape');
  await expect(give).toHaveCount(0);
  expect(sandbox.stats.writes()).toBe(0);
});

test("Revoke… from a lock's Access tab: on its own keys only, with room in the pane, reviewed before anything is sent", async ({
  page,
  managing,
}) => {
  const { sandbox, accounts } = await managing();
  const account = accounts[0]!;
  const owner = account.id;
  const { person: holder, lock } = revocableKey(sandbox, owner);
  await workspaceTab(page, 'Locks').click();
  await accountOption(page, account.name).click();
  await page.getByTestId('lock-table').locator(`[data-id="${lock.id}"]`).click();
  const pane = page.getByTestId('lock-detail');
  await pane.getByRole('tab', { name: 'Access' }).click();
  const tab = pane.getByTestId('access-tab');
  await expect(tab.getByTestId('grant-row').first()).toBeVisible();
  expect(await roomProblems(pane.getByRole('tabpanel', { name: 'Access' }))).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await expect(pane.getByTestId('group-grants-table').getByRole('button')).toHaveCount(0);

  const revoke = tab.getByRole('button', { name: /^Revoke the key of / });
  expect(await revoke.count()).toBeGreaterThan(0);
  // The row of this key: its holder's name is on the button.
  await tab
    .getByRole('button', {
      name: new RegExp(
        `^Revoke the key of .*${(holder.title || holder.identifier)!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    })
    .first()
    .click();
  const take = dialog(page, 'Take access away');
  await expect(take.getByTestId('plan-request')).toHaveCount(1);
  await expect(take.getByTestId('plan-request')).toContainText(`POST Owners/${owner}/Grants/`);
  await expect(take).toContainText(lock.title);
  expect(await seriousViolations(page)).toEqual([]);
  await take.getByRole('button', { name: 'Cancel' }).click();
  await expect(take).toHaveCount(0);
  expect(sandbox.stats.writes()).toBe(0);
});
