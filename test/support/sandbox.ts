// The sandbox as a vitest fixture: `const sandbox = useSandbox({ owners: 1 })` at the top of a file (or a
// describe) starts a quiet sandbox before its tests and closes it after them.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index';
import { SESSION_ACCOUNT } from '../../src/main/auth/stored-session';
import type { Keychain } from '../../src/main/secrets/keychain';

/**
 * A sandbox for the tests of the enclosing file or describe block. The value returned stands for it from the
 * first test (or hook registered after this call) on; touching it earlier is a mistake, and says so.
 */
export function useSandbox(options: SandboxOptions = {}): Sandbox {
  let running: Sandbox | undefined;
  beforeAll(async () => {
    running = await startSandbox({ quiet: true, ...options });
  });
  afterAll(() => running?.close());
  return new Proxy({} as Sandbox, {
    get(_, key) {
      if (!running)
        throw new Error(
          'useSandbox: the sandbox starts before the tests; use it inside a test or hook',
        );
      const value: unknown = Reflect.get(running, key);
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}

/**
 * A sandbox for the enclosing file or describe block, and the keychains its tests fill: after each test their
 * session entries are deleted and the sandbox's faults cleared. Push every keychain a test writes to.
 */
export function useSandboxWithKeychains(options: SandboxOptions = {}): {
  sandbox: Sandbox;
  keychains: Keychain[];
} {
  const sandbox = useSandbox(options);
  const keychains: Keychain[] = [];
  afterEach(async () => {
    for (const k of keychains.splice(0)) await k.delete(SESSION_ACCOUNT).catch(() => {});
    sandbox.faults.clear();
  });
  return { sandbox, keychains };
}

/** useSandbox, with the faults, latency and counters a test set reset after it. */
export function useSandboxResetEach(options: SandboxOptions = {}): Sandbox {
  const sandbox = useSandbox(options);
  afterEach(() => {
    sandbox.faults.clear();
    sandbox.faults.setLatency(0);
    sandbox.stats.reset();
  });
  return sandbox;
}

/** Runs `use` on a quiet sandbox of its own (one test's behaviour options), closed after it however it ended. */
export async function withSandbox<T>(
  options: SandboxOptions,
  use: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox({ quiet: true, ...options });
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close();
  }
}
