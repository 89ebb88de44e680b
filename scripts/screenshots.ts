// Renders the app's main states into docs/screenshots/ (for the README): the built renderer over the real core and
// a real sandbox, in Chromium at 1200×800, en-US, UTC. Run `npm run build` first. It finds things by role, label
// and text (never by CSS class), so it keeps working as the screens' layout changes.
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { memoryKeychain } from '../test/support/memory-keychain';
import { openApp } from '../test/support/harness';
import { refuseRefresh } from '../test/support/browse-journey';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { startRealCore, type RealCore, type RealCoreOptions } from '../test/support/real-core';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'docs', 'screenshots');
const VIEWPORT = { width: 1200, height: 800 };
const DATA = { owners: 5, locks: 30 } as const;

interface Shot {
  name: string;
  colorScheme?: 'light' | 'dark';
  core?: RealCoreOptions;
  /** Brings the app into the state to picture. */
  act(page: Page, rc: RealCore): Promise<void>;
}

/** Waits until nothing on the page says it is busy, and fonts are ready. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(
    '!document.querySelector("[aria-busy=true]") && document.fonts.status === "loaded"',
  );
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/** Signs in as alice through the real sign-in pages, waiting for the first owner account. */
async function signIn(page: Page, rc: RealCore): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
  await rc.signInAs('alice');
  await firstAccount(page, rc).waitFor();
}

const firstAccount = (page: Page, rc: RealCore): Locator =>
  page
    .getByRole('option', {
      name: new RegExp(`^${escape(rc.sandbox.data.ownerAccounts('alice')[0]!.name)}`),
    })
    .first();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Managing access: the write scopes asked for at sign-in; changes wait `undoWindowMs` before they are sent. */
const manage = (undoWindowMs: number): RealCoreOptions => ({
  settings: { accessData: true, manageAccess: true },
  writes: { undoWindowMs },
});

/** Opens a workspace view (Locks, Activity, People, Journal). */
async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

/** People → Give access… for a new address on three locks, Mon–Fri 08:00–18:00, up to the review. */
async function reviewGive(page: Page, rc: RealCore): Promise<Locator> {
  await signIn(page, rc);
  await firstAccount(page, rc).click();
  await openView(page, 'People');
  // Enabled once main says this sign-in may write.
  const give = page.getByRole('button', { name: 'Give access…', disabled: false }).first();
  await give.waitFor();
  await give.click();
  const dialog = page.getByRole('dialog', { name: 'Give access' });
  await dialog
    .getByLabel('Search people and cards, or type an e-mail address')
    .fill('new.colleague@example.org');
  await dialog.getByLabel('Search people and cards, or type an e-mail address').press('Enter');
  await dialog.getByRole('button', { name: 'Next', exact: true }).click();
  const weekly = dialog.getByRole('checkbox', { name: /Takes a weekly schedule/ });
  await weekly.first().waitFor();
  for (let i = 0; i < 3; i++) await weekly.nth(i).check();
  await dialog.getByRole('button', { name: 'Next', exact: true }).click();
  await dialog.getByLabel('Only at certain times each week').check();
  await dialog.getByRole('button', { name: 'Review', exact: true }).click();
  await dialog.getByRole('heading', { name: /^Exactly what will be sent/ }).waitFor();
  return dialog;
}

const shots: Shot[] = [
  {
    name: 'signed-out',
    act: async (page) =>
      void (await page.getByRole('button', { name: 'Sign in with Tapkey' }).waitFor()),
  },
  {
    name: 'first-run',
    core: { settings: { clientId: '' } },
    act: async (page) =>
      void (await page.getByRole('heading', { name: 'Set up Tapkey Locks' }).waitFor()),
  },
  {
    name: 'signing-in',
    act: async (page, rc) => {
      await page.getByRole('button', { name: 'Sign in with Tapkey' }).click();
      await (await rc.waitForAuthPage()).getByLabel('Username').waitFor();
      await page.getByRole('button', { name: 'Show sign-in window' }).waitFor();
    },
  },
  { name: 'browse-light', act: signIn },
  { name: 'browse-dark', colorScheme: 'dark', act: signIn },
  {
    name: 'detail',
    act: async (page, rc) => {
      await signIn(page, rc);
      const lock = rc.sandbox.data.boundLocks(rc.sandbox.data.ownerAccounts('alice')[0]!.id)[1]!;
      // A click selects the lock: the detail pane (or dialog) follows.
      await page.getByText(lock.title, { exact: true }).first().click();
    },
  },
  {
    name: 'search',
    act: async (page, rc) => {
      await signIn(page, rc);
      await page.getByRole('searchbox', { name: 'Search all locks' }).fill('door');
    },
  },
  {
    name: 'failed-account',
    act: async (page, rc) => {
      const failing = rc.sandbox.data.ownerAccounts('alice')[1]!;
      rc.sandbox.faults.add({
        target: 'api',
        pathPattern: `${failing.id}/BoundLocks`,
        kind: 'status',
        status: 503,
      });
      await signIn(page, rc);
      await page
        .getByRole('option', { name: new RegExp(`^${escape(failing.name)}`) })
        .first()
        .click();
      await page.getByRole('alert').first().waitFor();
    },
  },
  {
    name: 'settings',
    act: async (page, rc) => {
      await signIn(page, rc);
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('dialog', { name: 'Settings' }).waitFor();
    },
  },
  {
    name: 'about',
    act: async (page, rc) => {
      await signIn(page, rc);
      await page.getByRole('button', { name: 'About' }).click();
      await page.getByRole('dialog', { name: 'Tapkey Locks' }).waitFor();
    },
  },
  {
    name: 'people',
    core: manage(5_000),
    act: async (page, rc) => {
      await signIn(page, rc);
      await firstAccount(page, rc).click();
      await openView(page, 'People');
      await page.getByRole('table', { name: /^People in / }).waitFor();
    },
  },
  {
    name: 'person',
    core: manage(5_000),
    act: async (page, rc) => {
      await signIn(page, rc);
      await openView(page, 'People');
      await page.getByRole('searchbox', { name: /^Search people/ }).fill('robin.keyholder');
      await page
        .getByRole('button', { name: /robin\.keyholder/i })
        .first()
        .click();
      await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
      await page
        .getByRole('button', { name: /^Revoke the key for/ })
        .first()
        .waitFor();
    },
  },
  {
    name: 'give-access',
    core: manage(5_000),
    act: async (page, rc) => void (await reviewGive(page, rc)),
  },
  {
    name: 'pending-change',
    // A long window, so the picture shows the change waiting with Undo.
    core: manage(600_000),
    act: async (page, rc) => {
      const dialog = await reviewGive(page, rc);
      await dialog.getByRole('button', { name: 'Give access', exact: true }).click();
      await page.getByRole('button', { name: /^Undo: / }).waitFor();
    },
  },
  {
    name: 'journal',
    core: manage(300),
    act: async (page, rc) => {
      const dialog = await reviewGive(page, rc);
      await dialog.getByRole('button', { name: 'Give access', exact: true }).click();
      await page.getByText('Tapkey accepted all 3 requests.').waitFor({ timeout: 30_000 });
      await openView(page, 'Journal');
      await page.getByRole('table', { name: /^Changes made from this computer/ }).waitFor();
    },
  },
  {
    name: 'session-expired',
    act: async (page, rc) => {
      await signIn(page, rc);
      await settle(page);
      refuseRefresh(rc.sandbox);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByRole('button', { name: 'Sign in again' }).waitFor();
    },
  },
];

async function render(browser: Browser, shot: Shot): Promise<string> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'en-US',
    timezoneId: 'UTC',
    colorScheme: shot.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const rc = await startRealCore({
    ...DATA,
    quiet: true,
    browser,
    keychain: memoryKeychain('in-memory (screenshots)'),
    ...shot.core,
  });
  const app = await openApp(page, rc.core, rc.log.logger);
  try {
    await shot.act(page, rc);
    await settle(page);
    const file = path.join(out, `${shot.name}.png`);
    await page.screenshot({ path: file });
    return file;
  } finally {
    await context.close();
    await app.close();
    await rc.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html')))
    throw new Error('No built renderer: run `npm run build` first.');
  mkdirSync(out, { recursive: true });
  const only = process.argv.slice(2);
  const browser = await chromium.launch(chromiumLaunchOptions());
  let failed = 0;
  try {
    for (const shot of shots.filter((s) => only.length === 0 || only.includes(s.name))) {
      try {
        const file = await render(browser, shot);
        process.stdout.write(`${path.relative(root, file)}\n`);
      } catch (e) {
        failed++;
        process.stderr.write(
          `screenshots: ${shot.name} failed: ${e instanceof Error ? e.message : String(e)}\n`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  if (failed) process.exitCode = 1;
}

await main();
