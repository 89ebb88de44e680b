import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { headlessSignIn } from '../test/support/headless-sign-in';
import { createLogger } from '../src/main/log';
import { createTapkeyClient, type TapkeyClient } from '../src/main/tapkey/client';

export interface SandboxProcess {
  issuer: string;
  apiBaseUrl: string;
  clientId: string;
  redirectUris: string[];
  users: Array<{ username: string; password: string }>;
  /** Changes the API latency at run time through the sandbox's admin endpoint. */
  setLatency(latencyMs: number): Promise<void>;
  /** Makes every access token issued so far answer 401 (refresh still works). */
  expireAccessTokens(): Promise<void>;
  stats(): Promise<Record<string, unknown>>;
  /** Runs a full garbage collection in the sandbox process (between measured runs). */
  collectGarbage(): Promise<void>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

/** What a benchmark's sandbox holds and how it answers: the flags of `sandbox/cli.ts` a benchmark sets. */
export interface SandboxProcessOptions {
  owners: number;
  locks: number;
  grants?: number;
  logEntries?: number;
  sharedPersonAccounts?: number;
  seed?: string;
  latencyMs?: number;
  quiet?: boolean;
}

const sandboxFlags = (o: SandboxProcessOptions): string[] =>
  Object.entries({
    owners: o.owners,
    locks: o.locks,
    grants: o.grants,
    'log-entries': o.logEntries,
    'shared-person-accounts': o.sharedPersonAccounts,
    seed: o.seed,
    latency: o.latencyMs,
  })
    .flatMap(([name, value]) => (value === undefined ? [] : [`--${name}`, String(value)]))
    .concat(o.quiet ? ['--quiet'] : []);

/** Runs the sandbox in its own process, so that server work does not share the measured client's event loop. */
export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'sandbox/cli.ts', '--json', ...sandboxFlags(options)],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const info = JSON.parse(line) as Omit<
    SandboxProcess,
    'setLatency' | 'close' | 'expireAccessTokens' | 'stats' | 'resetStats' | 'collectGarbage'
  >;
  const admin = async (path: string, method: string, body?: unknown) => {
    const res = await fetch(new URL(path, info.issuer), {
      method,
      ...(body
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return res.status === 204 ? null : res.json();
  };
  return {
    ...info,
    setLatency: async (latencyMs) =>
      void (await admin('/__sandbox/latency', 'POST', { latencyMs, jitterMs: 0 })),
    expireAccessTokens: async () => void (await admin('/__sandbox/expire-access-tokens', 'POST')),
    stats: async () => (await admin('/__sandbox/stats', 'GET')) as Record<string, unknown>,
    resetStats: async () => void (await admin('/__sandbox/stats/reset', 'POST')),
    collectGarbage: async () => void (await admin('/__sandbox/gc', 'POST')),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Signs in as the sandbox's first user over HTTP and returns our API client with that access token. The
 * token lasts an hour and is never refreshed here: listing and memory benchmarks measure the client alone.
 */
export async function signedInClient(
  sandbox: SandboxProcess,
): Promise<{ client: TapkeyClient; accessToken: string }> {
  const user = sandbox.users[0]!;
  const { accessToken } = await headlessSignIn(sandbox, user.username, user.password);
  const client = createTapkeyClient({
    apiBaseUrl: sandbox.apiBaseUrl,
    tokens: {
      getAccessToken: async () => accessToken,
      refreshAfterUnauthorized: async () => accessToken,
    },
    log: createLogger(() => {}),
  });
  return { client, accessToken };
}
