// The built `tapkey-locks` as a real process against a sandbox and a test keychain service: for the tests that
// send it signals, stop it, kill it, or measure it. Its session files land in TEST_SESSION_DIR (XDG_STATE_HOME),
// beside those of in-process cores of the same service.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TEST_STATE_HOME } from './test-session-files';

const root = path.resolve(import.meta.dirname, '..', '..');
/** The built CLI (npm test builds it first). */
const CLI_BIN = path.join(root, 'dist/cli/index.js');
/** Loaded before the CLI to report its peak memory on exit (see maxRss). */
const MAX_RSS_REPORTER = path.join(root, 'test/support/max-rss-reporter.mjs');

export interface CliServers {
  issuer: string;
  apiBaseUrl: string;
  clientId: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process has exited (never rejects). */
  done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
  /** The process's peak resident memory in MB (only with `measure`, after `done`). */
  maxRssMb(): number | null;
}

/** The environment that points the built CLI at `servers` and the keychain entry of `service`, `more` over it. */
export function cliEnv(
  servers: CliServers,
  service: string,
  more: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TAPKEY_ISSUER: servers.issuer,
    TAPKEY_API_BASE_URL: servers.apiBaseUrl,
    TAPKEY_CLIENT_ID: servers.clientId,
    TAPKEY_LOCKS_KEYCHAIN_SERVICE: service,
    ...more,
  };
}

/** Starts `tapkey-locks …args` on `servers` with the keychain entry of `service`. */
export function startCli(
  servers: CliServers,
  service: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; measure?: boolean } = {},
): CliRun {
  if (!existsSync(CLI_BIN)) throw new Error('run `npm run build` first (npm test does)');
  const child = spawn(
    process.execPath,
    [...(options.measure ? ['--import', MAX_RSS_REPORTER] : []), CLI_BIN, ...args],
    {
      env: cliEnv(servers, service, { XDG_STATE_HOME: TEST_STATE_HOME, ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return {
    child,
    done,
    maxRssMb() {
      const m = /^max-rss-kb (\d+)$/m.exec(stderr);
      return m ? Number(m[1]) / 1024 : null;
    },
  };
}

/**
 * Runs `tapkey-locks …args` to its end (killed after `timeoutMs`): its exit code (-1 when a signal ended it)
 * and its output. Asynchronous, so a sandbox in this very process can answer it.
 */
export async function runCli(
  servers: CliServers,
  service: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = startCli(servers, service, args, { env });
  const timer = setTimeout(() => run.child.kill(), timeoutMs);
  try {
    const { code, stdout, stderr } = await run.done;
    return { code: code ?? -1, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
