// Browser journeys of the renderer against the real main-process core: the built renderer in Chromium, a real
// sandbox, the real sign-in (Chromium as the auth window), the real API client and the real keychain.
import { expect, type Page } from '@playwright/test';
import type { BoundLockJson, OwnerAccountJson, Sandbox } from '../../sandbox';
import { readablePhysicalLockId } from '../../src/main/tapkey/physical-lock-id';
import { openApp } from './harness';
import { startRealCore, type RealCore, type RealCoreOptions } from './real-core';

export interface BrowseJourney {
  rc: RealCore;
  sandbox: Sandbox;
  /** alice's owner accounts, as the sandbox seeded them (alice is who journeys sign in as unless they say). */
  accounts: OwnerAccountJson[];
  /** Clicks "Sign in with Tapkey", completes Tapkey's pages as `username`, waits for the owner accounts. */
  signIn(username?: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the real core and opens the renderer on it, signed out. */
export async function startBrowseJourney(
  page: Page,
  options: RealCoreOptions = {},
): Promise<BrowseJourney> {
  const rc = await startRealCore(options);
  const app = await openApp(page, rc.core, rc.log.logger);
  return {
    rc,
    sandbox: rc.sandbox,
    accounts: rc.sandbox.data.ownerAccounts('alice'),
    async signIn(username = 'alice') {
      await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
      await rc.signInAs(username);
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    },
    async close() {
      // Close the page's browser context first: Chromium keeps idle (and preconnected, never used) sockets to
      // the renderer server per context, and server.close() waits for them until Node's headers timeout (60 s).
      await page
        .context()
        .close()
        .catch(() => {});
      await app.close();
      await rc.close();
    },
  };
}

/**
 * Ends the session the way Tapkey does: the access tokens expire and the token endpoint refuses the refresh
 * token (`invalid_grant`). Returns what lifts the fault again, so a test can let a new sign-in through.
 */
export function refuseRefresh(sandbox: Sandbox) {
  sandbox.expireAccessTokens();
  return sandbox.faults.add({
    target: 'token',
    kind: 'status',
    status: 400,
    body: { error: 'invalid_grant' },
  });
}

/** What a lock row must show for a lock as the sandbox serves it (locale en-US, time zone UTC). */
export function expectedRow(lock: BoundLockJson): {
  title: string;
  readableId: string;
  type: string;
  bound: string;
  description: string | null;
} {
  return {
    title: lock.title,
    readableId: readablePhysicalLockId(lock.physicalLockId) ?? lock.physicalLockId,
    type: lock.lockType.modelName,
    bound: new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(lock.bindDate),
    ),
    description: lock.description,
  };
}

/**
 * The locks in the order the table must show them by default (title A→Z), worked out from the sandbox's JSON
 * with the platform's collator (case- and accent-insensitive, numbers by value), ties by lock id.
 */
export function byTitle(locks: readonly BoundLockJson[]): BoundLockJson[] {
  const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return [...locks].sort(
    (a, b) => collator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Waits until no load is running (the toolbar's freshness note says so). */
export async function expectSettled(page: Page): Promise<void> {
  await expect(page.getByTestId('last-updated')).toHaveAttribute('data-settled', 'true');
}

/** The lock table (an ARIA grid) and the ids of its rendered lock rows in order. */
export const lockTable = (page: Page) => page.getByTestId('lock-table');
export const shownLockIds = (page: Page) =>
  lockTable(page)
    .getByTestId('lock-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
/** The detail pane. */
export const detailPane = (page: Page) => page.getByTestId('lock-detail');

/** The owner accounts listbox and its option for one account. */
export const accountsList = (page: Page) => page.getByRole('listbox', { name: 'Owner accounts' });
export const accountOption = (page: Page, name: string) =>
  accountsList(page).getByRole('option', {
    name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
  });
