// The Tapkey client of a sign-in that may write, over a sandbox, for tests of the write path's parts without the
// app core (the executor, the look-up, the write calls): real tokens from the sandbox, one attempt per request,
// and the log kept.
import { beforeAll } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../sandbox/index';
import { createLogger, type Logger } from '../../src/main/log';
import { createTapkeyClient } from '../../src/main/tapkey/client';
import { ACCESS_SCOPES, DEFAULT_SCOPES, WRITE_SCOPES } from '../../src/shared/scopes';
import { useSandboxResetEach } from './sandbox';
import { signedInTokenSource } from './test-token-source';

/** A log line as a test reads it: level, message and the fields (the time left out). */
interface LoggedLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** Makes write clients of alice over a sandbox, and keeps the newest one's log. */
export interface WriteClients {
  /** A fresh client (its log in `logged()`), optionally at another API base (a port nobody listens on). */
  client(apiBaseUrl?: string): ReturnType<typeof createTapkeyClient> & { log: Logger };
  logged(): LoggedLine[];
}

/** Signs alice in to `sandbox` with the scopes of Manage access, and makes clients with that sign-in. */
export async function writeClientsOn(sandbox: Sandbox): Promise<WriteClients> {
  const alice = sandbox.users[0]!;
  const scope = [...DEFAULT_SCOPES, ...ACCESS_SCOPES, ...WRITE_SCOPES].join(' ');
  const tokens = await signedInTokenSource(sandbox, alice.username, alice.password, scope);
  let lines: LoggedLine[] = [];
  return {
    client(apiBaseUrl = sandbox.apiBaseUrl) {
      lines = [];
      const log = createLogger((line) => {
        const { time: _time, message, ...fields } = JSON.parse(line) as Record<string, unknown>;
        lines.push({ ...fields, level: String(fields.level), msg: String(message) });
      }, 'info');
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

/** A sandbox for the file (reset after each test) and write clients of alice over it. */
export function useWriteClient(options: SandboxOptions): WriteClients & {
  sandbox: Sandbox;
  owner(): string;
} {
  const sandbox = useSandboxResetEach(options);
  let clients: WriteClients;
  beforeAll(async () => {
    clients = await writeClientsOn(sandbox);
  });
  return {
    sandbox,
    owner: () => sandbox.users[0]!.ownerAccountIds[0]!,
    client: (apiBaseUrl) => clients.client(apiBaseUrl),
    logged: () => clients.logged(),
  };
}
