// Real cores (test/support/real-core.ts) as a vitest fixture: one sandbox and one Chromium for a file or describe
// block, and every core a test starts closed after it.
import { chromium, type Browser } from '@playwright/test';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SandboxOptions } from '../../sandbox';
import { chromiumLaunchOptions } from './chromium';
import { startRealCore, type RealCore, type RealCoreOptions } from './real-core';
import { useSandbox } from './sandbox';

/**
 * Real cores for the tests of the enclosing file or describe block, over one sandbox and one Chromium started
 * before them. Each core `start` gives is closed after its test (newest first: a restarted core shares the
 * keychain entry its parent owns), and the sandbox's faults are cleared.
 */
export function useRealCores(sandboxOptions: SandboxOptions = {}) {
  const sandbox = useSandbox(sandboxOptions);
  let browser: Browser | undefined;
  const cores: RealCore[] = [];
  beforeAll(async () => {
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(() => browser?.close());
  const closeCores = async () => {
    for (const c of cores.splice(0).reverse()) await c.close();
  };
  afterEach(async () => {
    await closeCores();
    sandbox.faults.clear();
  });
  return {
    sandbox,
    /** A core on the shared sandbox and Chromium (options may name another sandbox), closed after the test. */
    async start(options: RealCoreOptions = {}): Promise<RealCore> {
      const rc = await startRealCore({ browser: browser!, sandbox, ...options });
      cores.push(rc);
      return rc;
    },
    /** Closes the cores started so far (before a sandbox of the test's own goes). */
    closeCores,
  };
}
