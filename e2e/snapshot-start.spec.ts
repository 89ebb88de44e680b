// Starting from the encrypted last-known snapshot, in Chromium over the real core: rows before any request to
// Tapkey, the live load reconciling a change made at Tapkey meanwhile, and a start with Tapkey unreachable.
import type { Browser, Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../sandbox';
import { accountOption, expectSettled, lockTable } from '../test/support/browse-journey';
import { openApp, type OpenAppOptions } from '../test/support/harness';
import { expect, test } from '../test/support/journey-test';
import { startRealCore, type RealCore } from '../test/support/real-core';

/** Records, in the page, the wall-clock time of the first paint that shows a lock row. */
const FIRST_ROWS_PAINT = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="lock-row"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__firstRowsPaintAt = Date.now(); }, 0));
  }).observe(document, { childList: true, subtree: true });
`;

interface Restart {
  rc: RealCore;
  page: Page;
  /** When the live load's first call reached the core (wall clock), and how many API requests the sandbox had seen then. */
  firstLiveCall: () => { at: number; apiRequests: number } | null;
  close(): Promise<void>;
}

/**
 * The app started again on the same profile and keychain entry: a new core, a new window. `answers` as in
 * openApp; `http` (the start benchmark's transport) needs the context to bypass the app's CSP.
 */
async function restart(
  browser: Browser,
  first: RealCore,
  sandbox: Sandbox,
  answers: OpenAppOptions['answers'] = 'binding',
): Promise<Restart> {
  const rc = await startRealCore({
    browser,
    sandbox,
    snapshot: true,
    keychainService: first.keychainService,
    profileDir: first.profileDir,
  });
  await rc.core.start();
  let firstCall: { at: number; apiRequests: number } | null = null;
  // Every request the window makes to Tapkey goes through these two handlers: note when the first one starts.
  for (const channel of ['tapkey:list-owner-accounts', 'tapkey:list-bound-locks'] as const) {
    const handler = rc.core.handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    (rc.core.handlers as Record<string, unknown>)[channel] = (...args: unknown[]) => {
      firstCall ??= { at: Date.now(), apiRequests: sandbox.stats.apiRequests() };
      return handler(...args);
    };
  }
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    bypassCSP: answers === 'http',
  });
  const page = await context.newPage();
  await page.addInitScript({ content: FIRST_ROWS_PAINT });
  const app = await openApp(page, rc.core, rc.log.logger, { answers });
  return {
    rc,
    page,
    firstLiveCall: () => firstCall,
    async close() {
      await context.close();
      await app.close();
      await rc.close();
    },
  };
}

test('starts from the snapshot with no request, reconciles a change made at Tapkey, and works offline', async ({
  page,
  browser,
  startJourney,
}) => {
  test.setTimeout(120_000);
  const sandbox = await startSandbox({ quiet: true, owners: 2, locks: 5, seed: 'snapshot' });
  const restarts: Restart[] = [];
  try {
    const journey = await startJourney({ sandbox, snapshot: true });
    await journey.signIn('alice');
    await expectSettled(page);
    const [office, home] = sandbox.data.ownerAccounts('alice');
    // The user looks at the second account; the next start opens there.
    await accountOption(page, home!.name).click();
    const homeLocks = sandbox.data.boundLocks(home!.id);
    await expect(lockTable(page).getByTestId('lock-row')).toHaveCount(homeLocks.length);
    // The selection is written a moment after it changes.
    await expect
      .poll(async () => (await journey.rc.core.handlers['snapshot:get']())?.selectedId, {
        timeout: 10_000,
      })
      .toBe(home!.id);
    await journey.rc.core.dispose();

    // Meanwhile, at Tapkey: one lock renamed, one unbound, one bound.
    const [renamed, removed] = homeLocks;
    const addedId = '0e5a0c1e-1111-4222-8333-444455556666';
    sandbox.edit.locks(home!.id, {
      rename: [{ id: renamed!.id, title: 'Renamed at Tapkey' }],
      remove: [removed!.id],
      add: [{ id: addedId, title: 'Bound at Tapkey' }],
    });

    // 1. The snapshot is on screen before any request, marked with its date while the live load runs.
    sandbox.faults.setLatency(800);
    const before = sandbox.stats.apiRequests();
    const second = await restart(browser, journey.rc, sandbox);
    restarts.push(second);
    const p2 = second.page;
    await expect(lockTable(p2).getByTestId('lock-row')).toHaveCount(homeLocks.length);
    await expect(p2.getByRole('heading', { name: home!.name })).toBeVisible();
    await expect(p2.getByTestId('last-updated')).toHaveText(/^as of .+ · updating…$/);
    await expect(lockTable(p2).getByText(removed!.title)).toBeVisible();
    const paintedAt = await p2.evaluate(
      () => (window as unknown as { __firstRowsPaintAt?: number }).__firstRowsPaintAt,
    );
    await expect.poll(() => second.firstLiveCall()).not.toBeNull();
    const live = second.firstLiveCall()!;
    expect(paintedAt).toBeDefined();
    expect(paintedAt!).toBeLessThanOrEqual(live.at);
    // Nothing reached Tapkey before the live load's first call, which came after the rows were painted.
    expect(live.apiRequests).toBe(before);
    sandbox.faults.setLatency(0);

    // 2. The live load reconciles in place: exactly the three changes are marked, the selection stays.
    const marked = lockTable(p2).locator('[data-change]');
    await expect(marked).toHaveCount(2);
    await expect(lockTable(p2).locator(`[data-id="${addedId}"]`)).toHaveAttribute(
      'data-change',
      'added',
    );
    await expect(lockTable(p2).locator(`[data-id="${renamed!.id}"]`)).toHaveAttribute(
      'data-change',
      'changed',
    );
    await expect(p2.getByTestId('changes-note')).toHaveText(
      `Updated: 1 added · 1 changed · 1 removed: ${removed!.title}`,
    );
    await expect(lockTable(p2).getByText(removed!.title)).toHaveCount(0);
    await expect(p2.getByRole('heading', { name: home!.name })).toBeVisible();
    await expect(accountOption(p2, home!.name)).toHaveAttribute('aria-selected', 'true');
    await expectSettled(p2);
    await expect(p2.getByTestId('last-updated')).toContainText('2 of 2 accounts updated');
    // Marked only for a moment.
    await expect(marked).toHaveCount(0, { timeout: 15_000 });
    await expect(p2.getByTestId('changes-note')).toHaveCount(0);
    await second.rc.core.snapshot.settled();
    await second.rc.core.dispose();

    // 3. Tapkey unreachable at start: the data, its date, read-only; Refresh and the automatic retry recover.
    const drop = sandbox.faults.add({ target: 'api', kind: 'drop' });
    const third = await restart(browser, journey.rc, sandbox);
    restarts.push(third);
    const p3 = third.page;
    const line = p3.getByTestId('last-updated');
    await expect(line).toHaveText(/^offline: showing what was loaded on \w{3} \d/, {
      timeout: 30_000,
    });
    const asOf = (await third.rc.core.handlers['snapshot:get']())!.asOf;
    await expect(line.locator('time')).toHaveAttribute('datetime', new Date(asOf).toISOString());
    await expect(p3.getByTestId('accounts-error')).toHaveCount(0);
    await expect(lockTable(p3).getByText('Bound at Tapkey')).toBeVisible();
    // The one line says why nothing is current; the account on screen does not say it again.
    await expect(p3.getByText('Could not update the locks of this account.')).toHaveCount(0);
    await expect(accountOption(p3, office!.name)).toBeVisible();
    await p3.getByRole('button', { name: 'Refresh' }).click();
    await expect(line).toHaveText(/^offline: /, { timeout: 30_000 });
    drop();
    // No click: it tries again by itself.
    await expect(line).toContainText('2 of 2 accounts updated', { timeout: 30_000 });
    await third.rc.core.dispose();

    // 4. The sandbox stopped altogether: the same, with nothing to reach. This window's calls to main travel over
    // HTTP, as in the start benchmark, so the transport that benchmark measures is shown to carry a start.
    await sandbox.close();
    const fourth = await restart(browser, journey.rc, sandbox, 'http');
    restarts.push(fourth);
    await expect(fourth.page.getByTestId('last-updated')).toHaveText(
      /^offline: showing what was loaded on \w{3} \d/,
      { timeout: 30_000 },
    );
    await expect(lockTable(fourth.page).getByText('Renamed at Tapkey')).toBeVisible();
  } finally {
    for (const r of restarts.reverse()) await r.close().catch(() => {});
    await sandbox.close().catch(() => {});
  }
});

/** The lock row at the top of the table's visible rows, and how far the table is scrolled. */
const topOfTable = (page: Page) =>
  lockTable(page).evaluate((grid) => {
    const box = grid.getBoundingClientRect();
    // Below the sticky header row, inside the first visible row.
    const hit = document.elementFromPoint(box.left + 40, box.top + 32 + 16);
    return { scrollTop: grid.scrollTop, topId: hit?.closest('[data-id]')?.getAttribute('data-id') };
  });

test('the live load reconciles a long list in place: the scroll position and the rows in view stay', async ({
  page,
  browser,
  startJourney,
}) => {
  test.setTimeout(120_000);
  const sandbox = await startSandbox({
    quiet: true,
    owners: 1,
    locks: 300,
    seed: 'snapshot-scroll',
  });
  const restarts: Restart[] = [];
  try {
    const journey = await startJourney({ sandbox, snapshot: true });
    await journey.signIn('alice');
    await expectSettled(page);
    // The lock the table shows last: renamed at Tapkey with a suffix, it stays last, far below the rows in view.
    const grid = lockTable(page);
    await grid.evaluate((g) => g.scrollTo(0, g.scrollHeight));
    await expect(grid.getByTestId('lock-row').last()).toBeVisible();
    const lastId = await grid
      .getByTestId('lock-row')
      .evaluateAll((rows) => rows.at(-1)!.getAttribute('data-id')!);
    await journey.rc.core.snapshot.settled();
    await journey.rc.core.dispose();
    const [account] = sandbox.data.ownerAccounts('alice');
    const last = sandbox.data.boundLocks(account!.id).find((l) => l.id === lastId)!;
    sandbox.edit.locks(account!.id, {
      rename: [{ id: last.id, title: `${last.title} (renamed)` }],
    });

    // The snapshot on screen while the live load waits: the user scrolls to the middle.
    sandbox.faults.setLatency(3_000);
    const second = await restart(browser, journey.rc, sandbox);
    restarts.push(second);
    const p2 = second.page;
    await expect(p2.getByTestId('last-updated')).toHaveText(/^as of .+ · updating…$/);
    await lockTable(p2).evaluate((g) => g.scrollTo(0, 3_000));
    // Scrolled, and the rows of the new window rendered (the virtualizer follows the scroll a frame later).
    await expect
      .poll(async () => {
        const top = await topOfTable(p2);
        return top.scrollTop === 3_000 && !!top.topId;
      })
      .toBe(true);
    const before = await topOfTable(p2);
    await expect(p2.getByTestId('last-updated')).toHaveText(/^as of .+ · updating…$/);

    // The live answer: exactly the rename is reported, and the view has not moved.
    sandbox.faults.setLatency(0);
    await expect(p2.getByTestId('changes-note')).toHaveText('Updated: 1 changed', {
      timeout: 30_000,
    });
    await expectSettled(p2);
    expect(await topOfTable(p2)).toEqual(before);
  } finally {
    for (const r of restarts.reverse()) await r.close().catch(() => {});
    await sandbox.close().catch(() => {});
  }
});
