// A real main-process core for tests: a real sandbox, a real Chromium showing the sign-in pages (through the
// same interception rule as the Electron auth window), the real keychain (gnome-keyring under `npm test`) and
// settings in a temporary profile directory.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import type { AuthState, Settings, SignInMode } from '../../src/shared/model';
import { createAppCore, type AppCore, type AppCoreDeps } from '../../src/main/app-core';
import type { SessionFiles } from '../../src/main/auth/session-files';
import type { AuthHttpOptions } from '../../src/main/auth/http';
import { createSystemBrowserAgent } from '../../src/main/auth/system-browser-agent';
import type { UserAgent } from '../../src/main/auth/user-agent';
import { createLogger, type Logger } from '../../src/main/log';
import type { Keychain } from '../../src/main/secrets/keychain';
import { createKeytarKeychain } from '../../src/main/secrets/keytar-keychain';
import { openSettingsStore } from '../../src/main/settings/settings-store';
import { SNAPSHOT_FILE_NAME } from '../../src/main/snapshot/profile-dir';
import { snapshotKeyAccount } from '../../src/main/snapshot/snapshot-store';
import { chromiumLaunchOptions } from './chromium';
import { freeLoopbackPort } from './free-port';
import { testSessionFiles } from './test-session-files';
import { createChromiumUserAgent, type ChromiumUserAgent } from './chromium-user-agent';

/** Options: everything startSandbox takes, plus how the app is wired. */
export interface RealCoreOptions extends SandboxOptions {
  signInMode?: SignInMode;
  /** 'keytar' (default): the real OS keychain under a unique service; or any Keychain port. */
  keychain?: 'keytar' | Keychain;
  /** Reuse a Chromium (faster when a file starts many cores); otherwise one is launched and closed. */
  browser?: Browser;
  /** Reuse an existing sandbox instead of starting one (for restart tests). */
  sandbox?: Sandbox;
  /** Reuse a keychain service / profile dir (for restart tests). */
  keychainService?: string;
  profileDir?: string;
  http?: AuthHttpOptions;
  signInTimeoutMs?: number;
  scopes?: readonly string[];
  /** Tuning for the Tapkey API client (tests of timeouts and retries). */
  tapkey?: AppCoreDeps['tapkey'];
  /** Ask for the access scopes (Settings "Access data"). */
  accessData?: boolean;
  /** Wrap the embedded user agent (tests that tamper with the callback). */
  wrapUserAgent?: (agent: UserAgent) => UserAgent;
  /** Settings the profile starts with, over the sandbox's (e.g. `{ clientId: '' }` for a first run). */
  settings?: Partial<Settings>;
  /** The save dialog for File → Export… (a fake at the Electron boundary; default: unavailable, as in a CLI). */
  saveDialog?: AppCoreDeps['saveDialog'];
  /** Managing access: the undo window and the revocation warning (default: the app's own). */
  writes?: AppCoreDeps['writes'];
  /** Keep the last-known snapshot in the profile folder, as the app does (default: none, as before it existed). */
  snapshot?: boolean;
}

/** The log lines the core wrote (JSON), for asserting that no secret was logged. */
interface CapturedLog {
  logger: Logger;
  lines: string[];
  text(): string;
}

export interface RealCore {
  sandbox: Sandbox;
  core: AppCore;
  log: CapturedLog;
  browser: Browser;
  /** The embedded-mode agent (a real Chromium). */
  embedded: ChromiumUserAgent;
  keychain: Keychain;
  keychainService: string;
  profileDir: string;
  /** The lock, renewal journal and signed-out marker of the keychain entry (see testSessionFiles). */
  sessionFiles: SessionFiles;
  redirectUri: string;
  /** Every auth state the core emitted, in order. */
  states: AuthState[];
  /** The next sign-in page shown (embedded window or system browser tab). */
  waitForAuthPage(): Promise<Page>;
  /** Acts as the user on the sandbox's pages: signs in as `username` and presses Allow (or Deny). */
  signInAs(username: string, options?: { consent?: 'allow' | 'deny' }): Promise<void>;
  /** Starts a sign-in through the IPC handler and completes the pages; resolves with the handler's state. */
  signIn(username: string, options?: { consent?: 'allow' | 'deny' }): Promise<AuthState>;
  /** Resolves when the core emits a state matching `predicate`. */
  waitForState(predicate: (s: AuthState) => boolean): Promise<AuthState>;
  /** Disposes the core and whatever this helper started (sandbox, browser, keychain entry, profile dir). */
  close(): Promise<void>;
}

/** How long one step of acting as the user on the sign-in pages may take before it is reported as stalled. */
const SIGN_IN_STEP_MS = 20_000;

/**
 * What a page shows, at most `max` characters, for a failure report (the sandbox's pages and the app's window
 * hold no secret).
 */
export async function pageText(page: Page, max: number): Promise<string> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch((e: unknown) => `(unreadable: ${String(e).slice(0, 200)})`);
  return text.slice(0, max);
}

/** An address without its query, which may hold an authorization code (a callback Chromium failed to load). */
function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? ' (query left out)' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

/** Captures the core's log lines. */
function captureLog(): CapturedLog {
  const lines: string[] = [];
  return {
    logger: createLogger((l) => lines.push(l), 'debug'),
    lines,
    text: () => lines.join('\n'),
  };
}

/** Starts a sandbox (unless given) and a real AppCore wired to Chromium, the keychain and a temp profile. */
export async function startRealCore(options: RealCoreOptions = {}): Promise<RealCore> {
  const ownsSandbox = !options.sandbox;
  const ownsBrowser = !options.browser;
  const ownsProfile = !options.profileDir;
  const ownsKeychain =
    !options.keychainService && options.keychain !== undefined ? false : !options.keychainService;
  const sandbox = options.sandbox ?? (await startSandbox({ quiet: true, ...options }));
  // Bounded: a launch that stalls fails with Chromium's launch log, not as a bare test timeout.
  const browser =
    options.browser ?? (await chromium.launch({ ...chromiumLaunchOptions(), timeout: 30_000 }));
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'tapkey-profile-'));
  const keychainService = options.keychainService ?? `tapkey-locks-test-${randomUUID()}`;
  const keychain =
    options.keychain && options.keychain !== 'keytar'
      ? options.keychain
      : createKeytarKeychain({ service: keychainService, timeoutMs: 5_000 });
  const redirectUri = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  const log = captureLog();

  const settings = await openSettingsStore({
    file: path.join(profileDir, 'settings.json'),
    defaults: {
      clientId: sandbox.clientId,
      issuer: sandbox.issuer,
      apiBaseUrl: sandbox.apiBaseUrl,
      redirectUri,
      signInMode: options.signInMode ?? 'embedded',
      accessData: options.accessData ?? false,
      ...options.settings,
    },
    log: log.logger,
  });

  const embedded = createChromiumUserAgent(browser);
  let pageWaiters: Array<(p: Page) => void> = [];
  let lastPage: Page | null = null;
  const offerPage = (p: Page) => {
    lastPage = p;
    for (const w of pageWaiters) w(p);
    pageWaiters = [];
  };
  // The "OS browser" of system-browser mode: an ordinary, unintercepted Chromium tab.
  const browserContexts = new Set<BrowserContext>();
  const systemBrowser = createSystemBrowserAgent({
    log: log.logger,
    openExternal: async (url) => {
      const context = await browser.newContext();
      browserContexts.add(context);
      const page = await context.newPage();
      offerPage(page);
      void page.goto(url).catch(() => {});
    },
  });
  const wrap = options.wrapUserAgent ?? ((a: UserAgent) => a);
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '0.0.0-test' },
    log: log.logger,
    settings,
    keychain,
    sessionFiles: testSessionFiles(keychainService),
    userAgents: {
      embedded: wrap({
        mode: 'embedded',
        authorize: (req) => {
          void embedded.waitForPage().then(offerPage);
          return embedded.authorize(req);
        },
        clearData: () => embedded.clearData!(),
        // "Show sign-in window": Chromium's equivalent of raising the Electron auth window.
        bringToFront: () => {
          if (!lastPage || lastPage.isClosed()) return false;
          void lastPage.bringToFront();
          return true;
        },
      }),
      'system-browser': systemBrowser,
    },
    ...(options.http ? { http: options.http } : {}),
    ...(options.signInTimeoutMs ? { signInTimeoutMs: options.signInTimeoutMs } : {}),
    ...(options.scopes ? { scopes: options.scopes } : {}),
    ...(options.tapkey ? { tapkey: options.tapkey } : {}),
    ...(options.saveDialog ? { saveDialog: options.saveDialog } : {}),
    ...(options.writes ? { writes: options.writes } : {}),
    ...(options.snapshot
      ? { snapshot: { file: path.join(profileDir, SNAPSHOT_FILE_NAME), write: true } }
      : {}),
  });
  const states: AuthState[] = [];
  const stateWaiters = new Set<{
    predicate: (s: AuthState) => boolean;
    resolve: (s: AuthState) => void;
  }>();
  core.on('auth:state-changed', (s) => {
    states.push(s);
    for (const w of [...stateWaiters]) {
      if (w.predicate(s)) {
        stateWaiters.delete(w);
        w.resolve(s);
      }
    }
  });

  // The page stays "current" until it closes or the helper has finished with it, so a test may look at it first.
  const waitForAuthPage = (): Promise<Page> => {
    if (lastPage && !lastPage.isClosed()) return Promise.resolve(lastPage);
    return new Promise((resolve) => pageWaiters.push(resolve));
  };
  // Each step of acting as the user is bounded and, when it stalls, says where: actions on this Chromium are not
  // the test's own, so a stall would otherwise end as a bare test timeout with nothing to go on.
  const stalled = async (step: string, page: Page | null): Promise<Error> => {
    const text = page && !page.isClosed() ? await pageText(page, 1_000) : '(no sign-in page)';
    return new Error(
      `acting as the user on the sign-in pages did not get past: ${step} (each step may take ${SIGN_IN_STEP_MS} ms).\n` +
        `auth state: ${JSON.stringify(core.session.state)}\n` +
        `sign-in page: ${page ? (page.isClosed() ? '(closed)' : withoutQuery(page.url())) : '(none)'}\n${text}\n` +
        `core log (last 20 lines, redacted):\n${log.lines.slice(-20).join('\n')}`,
    );
  };
  const signInAs = async (username: string, opts: { consent?: 'allow' | 'deny' } = {}) => {
    const user = sandbox.users.find((u) => u.username === username);
    if (!user) throw new Error(`no sandbox user ${username}`);
    let timer: NodeJS.Timeout | undefined;
    const page = await Promise.race([
      waitForAuthPage(),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SIGN_IN_STEP_MS))),
    ]).finally(() => clearTimeout(timer));
    if (!page) throw await stalled('no sign-in page opened', null);
    const step = async (name: string, act: () => Promise<void>) => {
      try {
        await act();
      } catch (e) {
        const error = await stalled(name, page);
        error.cause = e;
        throw error;
      }
    };
    const timeout = SIGN_IN_STEP_MS;
    await step('filling in the username', () =>
      page.getByLabel('Username').fill(user.username, { timeout }),
    );
    await step('filling in the password', () =>
      page.getByLabel('Password').fill(user.password, { timeout }),
    );
    await step('pressing Sign in', () =>
      page.getByRole('button', { name: 'Sign in' }).click({ timeout }),
    );
    const decision = opts.consent === 'deny' ? 'Deny' : 'Allow';
    await step(`pressing ${decision}`, () =>
      page.getByRole('button', { name: decision }).click({ timeout }),
    );
    if (lastPage === page) lastPage = null;
  };

  return {
    sandbox,
    core,
    log,
    browser,
    embedded,
    keychain,
    keychainService,
    profileDir,
    sessionFiles: testSessionFiles(keychainService),
    redirectUri,
    states,
    waitForAuthPage,
    signInAs,
    async signIn(username, opts) {
      const [state] = await Promise.all([
        core.handlers['auth:sign-in'](),
        signInAs(username, opts),
      ]);
      return state;
    },
    waitForState(predicate) {
      if (predicate(core.session.state)) return Promise.resolve(core.session.state);
      return new Promise((resolve) => stateWaiters.add({ predicate, resolve }));
    },
    async close() {
      await core.dispose();
      await Promise.all([...browserContexts].map((c) => c.close().catch(() => {})));
      if (ownsKeychain) {
        await keychain.delete('session').catch(() => {});
        await keychain
          .delete(snapshotKeyAccount(path.join(profileDir, SNAPSHOT_FILE_NAME)))
          .catch(() => {});
        for (const file of Object.values(testSessionFiles(keychainService)))
          rmSync(file, { force: true });
      }
      if (ownsBrowser) await browser.close();
      if (ownsSandbox) await sandbox.close();
      if (ownsProfile) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
