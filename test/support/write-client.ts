// The Tapkey client of a sign-in that may write, over a sandbox, for tests of the write path's parts without the
// app core (the executor, the look-up): real tokens from the sandbox, one attempt per request, and the log kept.
import { beforeAll } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../sandbox/index';
import { createLogger, type Logger } from '../../src/main/log';
import { createTapkeyClient } from '../../src/main/tapkey/client';
import { ACCESS_SCOPES, DEFAULT_SCOPES, WRITE_SCOPES } from '../../src/shared/scopes';
import { useSandboxResetEach } from './sandbox';
import { signedInTokenSource, type CountingTokenSource } from './test-token-source';

/** A log line as a test reads it: level, message and the failure field. */
export interface LoggedLine {
  level: string;
  msg: string;
  failure?: unknown;
}

/**
 * A sandbox for the file (reset after each test) and alice's write client over it. `client()` makes a fresh one
 * (its log in `logged()`), optionally at another API base (a port nobody listens on).
 */
export function useWriteClient(options: SandboxOptions): {
  sandbox: Sandbox;
  owner(): string;
  client(apiBaseUrl?: string): ReturnType<typeof createTapkeyClient> & { log: Logger };
  logged(): LoggedLine[];
} {
  const sandbox = useSandboxResetEach(options);
  const scope = [...DEFAULT_SCOPES, ...ACCESS_SCOPES, ...WRITE_SCOPES].join(' ');
  let tokens: CountingTokenSource;
  let lines: LoggedLine[] = [];
  beforeAll(async () => {
    const alice = sandbox.users[0]!;
    tokens = await signedInTokenSource(sandbox, alice.username, alice.password, scope);
  });
  return {
    sandbox,
    owner: () => sandbox.users[0]!.ownerAccountIds[0]!,
    client(apiBaseUrl = sandbox.apiBaseUrl) {
      lines = [];
      const log = createLogger((line) => {
        const l = JSON.parse(line) as { level: string; message: string; failure?: unknown };
        lines.push({ level: l.level, msg: l.message, failure: l.failure });
      }, 'warn');
      return {
        log,
        ...createTapkeyClient({
          apiBaseUrl,
          tokens,
          log,
          http: { maxAttempts: 1, timeoutMs: 5_000, retryBaseDelayMs: 10 },
        }),
      };
    },
    logged: () => lines,
  };
}
