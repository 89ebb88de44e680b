// The CLI run in-process (runCli) against a sandbox and a test keychain service, its output captured.
import { runCli } from '../../src/cli/run-cli';
import { createLogger } from '../../src/main/log';
import type { Keychain } from '../../src/main/secrets/keychain';
import type { CliServers } from './cli-process';
import { testSessionFiles } from './test-session-files';

/** A runner of `tapkey-locks <argv>` pointed at `server`, with `env` added to the server variables. */
export function inProcessCli(options: {
  keychain: Keychain;
  service: string;
  env?: NodeJS.ProcessEnv;
}) {
  return async (argv: string[], server: CliServers) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      env: {
        TAPKEY_ISSUER: server.issuer,
        TAPKEY_API_BASE_URL: server.apiBaseUrl,
        TAPKEY_CLIENT_ID: server.clientId,
        ...options.env,
      },
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      keychain: options.keychain,
      openBrowser: async () => {
        throw new Error('tests never open a real browser');
      },
      log: createLogger(() => {}),
      version: '0.0.0-test',
      sessionFiles: testSessionFiles(options.service),
    });
    return { code, stdout, stderr };
  };
}
