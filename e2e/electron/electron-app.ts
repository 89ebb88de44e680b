import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { TEST_STATE_HOME } from '../../test/support/test-session-files';

const root = path.resolve(import.meta.dirname, '..', '..');

/** One throwaway profile and keychain entry, reused across launches so a restart can resume the session. */
export interface AppProfile {
  sandbox: Sandbox;
  userDataDir: string;
  keychainService: string;
  launch(): Promise<{ app: ElectronApplication; window: Page }>;
  dispose(): Promise<void>;
}

/** Starts a sandbox and prepares a profile; `launch()` starts the built app in the real Electron runtime. */
export async function createProfile(): Promise<AppProfile> {
  const executablePath = process.env.TAPKEY_ELECTRON_PATH;
  if (!executablePath)
    throw new Error(
      'TAPKEY_ELECTRON_PATH is not set: scripts/test.mjs sets it when an Electron binary exists',
    );
  const sandbox = await startSandbox({ quiet: true, owners: 3, locks: 12 });
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'tapkey-locks-electron-'));
  const keychainService = `tapkey-locks-e2e-${randomUUID()}`;
  const apps: ElectronApplication[] = [];
  return {
    sandbox,
    userDataDir,
    keychainService,
    async launch() {
      const app = await electron.launch({
        executablePath,
        args: [root],
        env: {
          ...process.env,
          TAPKEY_ISSUER: sandbox.issuer,
          TAPKEY_API_BASE_URL: sandbox.apiBaseUrl,
          TAPKEY_CLIENT_ID: sandbox.clientId,
          TAPKEY_REDIRECT_URI: sandbox.redirectUris[0]!,
          TAPKEY_LOCKS_USER_DATA_DIR: userDataDir,
          TAPKEY_LOCKS_KEYCHAIN_SERVICE: keychainService,
          // The session lock and journal (beside the keychain entry, not in userData) stay in the test's folders.
          XDG_STATE_HOME: TEST_STATE_HOME,
        },
      });
      apps.push(app);
      const window = await app.firstWindow();
      return { app, window };
    },
    async dispose() {
      for (const app of apps) await app.close().catch(() => {});
      await sandbox.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Completes the sandbox's sign-in and consent pages inside the embedded auth window. */
export async function signInThroughAuthWindow(
  app: ElectronApplication,
  username: string,
  password: string,
): Promise<void> {
  const auth = await app.waitForEvent('window');
  await auth.getByLabel('Username').fill(username);
  await auth.getByLabel('Password').fill(password);
  await auth.getByRole('button', { name: 'Sign in' }).click();
  await auth.getByRole('button', { name: 'Allow' }).click();
  await auth.waitForEvent('close');
}
