// One `tapkey-locks logs --csv` run for the access benchmark, as its own process: the real CLI code path
// (runCli → core → access client), with the session in a memory keychain so no OS keyring is needed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli';
import { sessionFiles } from '../../src/main/auth/session-files';
import { SESSION_ACCOUNT } from '../../src/main/auth/stored-session';
import { createLogger } from '../../src/main/log';
import type { Keychain } from '../../src/main/secrets/keychain';

const env = process.env;
const values = new Map<string, string>([[SESSION_ACCOUNT, env.BENCH_SESSION ?? '']]);
const keychain: Keychain = {
  description: 'memory',
  get: async (a) => values.get(a) ?? null,
  set: async (a, v) => void values.set(a, v),
  delete: async (a) => void values.delete(a),
};
const code = await runCli(
  ['logs', '--owner', env.BENCH_OWNER!, '--lock', env.BENCH_LOCK!, '--csv'],
  {
    env: {
      TAPKEY_ISSUER: env.BENCH_ISSUER,
      TAPKEY_API_BASE_URL: env.BENCH_API,
      TAPKEY_CLIENT_ID: env.BENCH_CLIENT_ID,
      TAPKEY_REDIRECT_URI: env.BENCH_REDIRECT_URI,
    },
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    keychain,
    // A throwaway folder for the session lock, never the user's own.
    sessionFiles: sessionFiles(mkdtempSync(path.join(tmpdir(), 'tapkey-bench-session-')), 'memory'),
    openBrowser: async () => {
      throw new Error('the benchmark never opens a browser');
    },
    log: createLogger(() => {}, 'error'),
    version: 'bench',
  },
);
process.stdout.write('', () => process.exit(code));
