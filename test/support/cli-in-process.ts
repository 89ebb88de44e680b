// The CLI run in this process (runCli) against a sandbox or another real server, with a real keychain entry:
// one command at a time, its exit code and output captured, and `login --no-browser` completed in real Chromium.
import { chromium, type Browser } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index';
import { runCli, type CliDeps } from '../../src/cli/run-cli';
import { silentLogger, type Logger } from '../../src/main/log';
import type { Keychain } from '../../src/main/secrets/keychain';
import { createKeytarKeychain } from '../../src/main/secrets/keytar-keychain';
import { chromiumLaunchOptions } from './chromium';
import { freeLoopbackPort } from './free-port';
import { testSessionFiles } from './test-session-files';

/** What one command did. */
interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Checks a `logout --json` that signed out here while the server refused the revocation, and said so. */
export function expectRevocationRefused(out: CliResult): void {
  expect(out.code).toBe(0);
  expect(JSON.parse(out.stdout)).toEqual({
    signedIn: false,
    serverTold: false,
    revocation: 'refused',
  });
}

/** Per command: who sees its output as it is written, and the person at a terminal (absent: a script). */
export interface CliCallOptions {
  onStderrLine?: (line: string) => void;
  onStdout?: (chunk: string) => void;
  confirm?: CliDeps['confirm'];
}

/** Runs one command in-process, as `tapkey-locks argv…` would on the keychain entry of `service`. */
export type InProcessCli = (argv: string[], options?: CliCallOptions) => Promise<CliResult>;

/**
 * A runner for the keychain entry of `service`; `env` is read at each command (a sandbox started later, or
 * another server per command). Tests never open a real browser: `login` is completed through `onStderrLine`.
 */
export function inProcessCli(setup: {
  service: string;
  env: () => NodeJS.ProcessEnv;
  keychain?: Keychain;
  log?: Logger;
}): InProcessCli {
  const keychain = setup.keychain ?? createKeytarKeychain({ service: setup.service });
  return async (argv, options = {}) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      env: setup.env(),
      sessionFiles: testSessionFiles(setup.service),
      stdout: (s) => {
        stdout += s;
        options.onStdout?.(s);
      },
      stderr: (s) => {
        stderr += s;
        for (const line of s.split('\n').filter(Boolean)) options.onStderrLine?.(line);
      },
      keychain,
      openBrowser: async () => {
        throw new Error('tests never open a real browser');
      },
      log: setup.log ?? silentLogger,
      version: '0.0.0-test',
      ...(options.confirm ? { confirm: options.confirm } : {}),
    });
    return { code, stdout, stderr };
  };
}

/** The CLI's environment for a sandbox's servers (and a redirect URI it accepts). */
export function cliEnv(
  servers: { issuer: string; apiBaseUrl: string; clientId: string },
  redirectUri?: string,
): NodeJS.ProcessEnv {
  return {
    TAPKEY_ISSUER: servers.issuer,
    TAPKEY_API_BASE_URL: servers.apiBaseUrl,
    TAPKEY_CLIENT_ID: servers.clientId,
    ...(redirectUri ? { TAPKEY_REDIRECT_URI: redirectUri } : {}),
  };
}

/** A sandbox with its own keychain entry, and the in-process CLI pointed at it. */
export interface CliPlace {
  sandbox: Sandbox;
  /** The Chromium that completes the sign-in pages. */
  browser: Browser;
  redirectUri: string;
  env: NodeJS.ProcessEnv;
  service: string;
  cli: InProcessCli;
  /**
   * `login --no-browser [...extra]`, signing in on the sandbox's pages in Chromium as `user` (default alice) and
   * pressing Allow; a refused scope comes back on the redirect at once, with no page to fill.
   */
  login(extra?: string[], user?: string): Promise<CliResult>;
  /** Signs out (so the keychain entry goes) and closes the sandbox. */
  close(): Promise<void>;
}

/** Starts a sandbox on a free loopback redirect URI and points the in-process CLI at it. */
export async function startCliPlace(
  browser: Browser,
  options: SandboxOptions & { service?: string; log?: Logger },
): Promise<CliPlace> {
  const { service = `tapkey-locks-cli-test-${randomUUID()}`, log, ...sandboxOptions } = options;
  const redirectUri = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  const sandbox = await startSandbox({
    quiet: true,
    ...sandboxOptions,
    redirectUris: [redirectUri],
  });
  const env = cliEnv(sandbox, redirectUri);
  const cli = inProcessCli({ service, env: () => env, ...(log ? { log } : {}) });
  return {
    sandbox,
    browser,
    redirectUri,
    env,
    service,
    cli,
    async login(extra = [], user = 'alice') {
      const who = sandbox.users.find((u) => u.username === user)!;
      let pages: Promise<void> | null = null;
      const result = await cli(['login', '--no-browser', ...extra], {
        onStderrLine: (line) => {
          if (!line.startsWith('http')) return;
          pages = (async () => {
            const page = await browser.newPage();
            await page.goto(line);
            if (!page.url().startsWith(redirectUri)) {
              await page.getByLabel('Username').fill(who.username);
              await page.getByLabel('Password').fill(who.password);
              await page.getByRole('button', { name: 'Sign in' }).click();
              await page.getByRole('button', { name: 'Allow' }).click();
              await page.waitForURL((u) => u.toString().startsWith(redirectUri));
            }
            await page.close();
          })();
        },
      });
      await pages;
      return result;
    },
    async close() {
      await cli(['logout']);
      await sandbox.close();
    },
  };
}

/** A Chromium for the tests of the enclosing file, launched before them and closed after them. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(() => browser?.close());
  return () => {
    if (!browser) throw new Error('useChromium: Chromium starts before the tests');
    return browser;
  };
}

/**
 * A CliPlace for the tests of the enclosing file: started before them (with its own Chromium), signed out and
 * closed after them. The value stands for it from the first test on.
 */
export function useCliPlace(
  options: SandboxOptions & { service?: string; log?: Logger },
): CliPlace {
  const browser = useChromium();
  let place: CliPlace | undefined;
  beforeAll(async () => {
    place = await startCliPlace(browser(), options);
  });
  afterAll(() => place?.close());
  const current = () => {
    if (!place) throw new Error('useCliPlace: the place starts before the tests');
    return place;
  };
  return {
    get sandbox() {
      return current().sandbox;
    },
    get browser() {
      return current().browser;
    },
    get redirectUri() {
      return current().redirectUri;
    },
    get env() {
      return current().env;
    },
    get service() {
      return current().service;
    },
    cli: (argv, o) => current().cli(argv, o),
    login: (extra, user) => current().login(extra, user),
    close: () => current().close(),
  };
}
