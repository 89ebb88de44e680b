import { parseArgs } from 'node:util';
import type { Settings } from '../shared/model';

export type Command = 'login' | 'logout' | 'status' | 'owners' | 'locks' | 'help';

export interface CliArgs {
  command: Command;
  json: boolean;
  csv: boolean;
  noBrowser: boolean;
  owner: string | undefined;
  /** Server settings from flags, over environment variables, over Tapkey production. */
  servers: Partial<Pick<Settings, 'clientId' | 'issuer' | 'apiBaseUrl' | 'redirectUri'>>;
}

export const USAGE = `Usage: tapkey-locks <command> [options]

Commands:
  login [--no-browser]   sign in with the system browser (--no-browser prints the URL on stderr instead)
  logout                 revoke and forget the stored sign-in
  status                 show whether you are signed in (exit 1 when not)
  owners                 list your owner accounts
  locks [--owner ID]     list the locks of every owner account, or of one (--csv exports them)

Options:
  --json                 one JSON document on standard output
  --csv                  (locks) CSV on standard output
  --client-id ID         OAuth client id            (env TAPKEY_CLIENT_ID)
  --issuer URL           authorization server       (env TAPKEY_ISSUER)
  --api-base-url URL     Tapkey Web API base URL    (env TAPKEY_API_BASE_URL)
  --redirect-uri URI     registered loopback URI    (env TAPKEY_REDIRECT_URI)`;

/** A usage mistake: reported on one line with exit code 2. */
export class UsageError extends Error {}

const COMMANDS: readonly Command[] = ['login', 'logout', 'status', 'owners', 'locks', 'help'];

/** Parses argv (without node and script) and the environment into a command and its options. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        'no-browser': { type: 'boolean', default: false },
        owner: { type: 'string' },
        'client-id': { type: 'string' },
        issuer: { type: 'string' },
        'api-base-url': { type: 'string' },
        'redirect-uri': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const name = values.help ? 'help' : (positionals[0] ?? 'help');
  if (!COMMANDS.includes(name as Command)) throw new UsageError(`unknown command "${name}"; run tapkey-locks help`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const command = name as Command;
  if (values.csv && command !== 'locks') throw new UsageError('--csv works with the locks command only');
  if (values.csv && values.json) throw new UsageError('choose either --json or --csv');
  if (values.owner !== undefined && command !== 'locks') throw new UsageError('--owner works with the locks command only');
  if (values['no-browser'] && command !== 'login') throw new UsageError('--no-browser works with the login command only');

  const pick = (flag: string | undefined, envName: string) => flag ?? (env[envName] || undefined);
  const servers: CliArgs['servers'] = {};
  const clientId = pick(values['client-id'], 'TAPKEY_CLIENT_ID');
  const issuer = pick(values.issuer, 'TAPKEY_ISSUER');
  const apiBaseUrl = pick(values['api-base-url'], 'TAPKEY_API_BASE_URL');
  const redirectUri = pick(values['redirect-uri'], 'TAPKEY_REDIRECT_URI');
  if (clientId) servers.clientId = clientId;
  if (issuer) servers.issuer = issuer;
  if (apiBaseUrl) servers.apiBaseUrl = apiBaseUrl;
  if (redirectUri) servers.redirectUri = redirectUri;
  return { command, json: values.json, csv: values.csv, noBrowser: values['no-browser'], owner: values.owner, servers };
}
