import { parseArgs } from 'node:util';
import type { Settings } from '../shared/model';
import { ACCESS_SCOPES } from '../shared/scopes';

export type Command =
  'login' | 'logout' | 'status' | 'owners' | 'locks' | 'grants' | 'logs' | 'help';

export interface CliArgs {
  command: Command;
  json: boolean;
  csv: boolean;
  noBrowser: boolean;
  owner: string | undefined;
  /** grants / logs: one lock. */
  lock: string | undefined;
  /** logs: ISO date range (since inclusive, until exclusive), checked here. */
  since: string | undefined;
  until: string | undefined;
  /** login: also ask for the access scopes (ACCESS_SCOPES). */
  access: boolean;
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
  grants --owner ID [--lock ID]
                         who may open the locks of an owner account, or of one lock (needs login --access)
  logs --owner ID --lock ID [--since ISO] [--until ISO]
                         a lock's access log, newest first (--csv streams it; needs login --access)

Options:
  --json                 one JSON document on standard output
  --csv                  (locks, grants, logs) CSV on standard output
  --access               (login) also ask for ${ACCESS_SCOPES.join(' ')}
  --client-id ID         OAuth client id            (env TAPKEY_CLIENT_ID)
  --issuer URL           authorization server       (env TAPKEY_ISSUER)
  --api-base-url URL     Tapkey Web API base URL    (env TAPKEY_API_BASE_URL)
  --redirect-uri URI     registered loopback URI    (env TAPKEY_REDIRECT_URI)`;

/** A usage mistake: reported on one line with exit code 2. */
export class UsageError extends Error {}

const COMMANDS: readonly Command[] = [
  'login',
  'logout',
  'status',
  'owners',
  'locks',
  'grants',
  'logs',
  'help',
];

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
        lock: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        access: { type: 'boolean', default: false },
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
  if (!COMMANDS.includes(name as Command))
    throw new UsageError(`unknown command "${name}"; run tapkey-locks help`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const command = name as Command;
  const tabular = command === 'locks' || command === 'grants' || command === 'logs';
  if (values.csv && !tabular)
    throw new UsageError('--csv works with the locks, grants and logs commands only');
  if (values.csv && values.json) throw new UsageError('choose either --json or --csv');
  if (values.owner !== undefined && !tabular)
    throw new UsageError('--owner works with the locks, grants and logs commands only');
  checkAccessFlags(command, values);
  if (values['no-browser'] && command !== 'login')
    throw new UsageError('--no-browser works with the login command only');

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
  return {
    command,
    json: values.json,
    csv: values.csv,
    noBrowser: values['no-browser'],
    owner: values.owner,
    lock: values.lock,
    since: values.since,
    until: values.until,
    access: values.access,
    servers,
  };
}

/** The flags of grants and logs: where they belong, what they require, and dates that parse. */
function checkAccessFlags(
  command: Command,
  values: { owner?: string; lock?: string; since?: string; until?: string; access: boolean },
): void {
  if (values.access && command !== 'login')
    throw new UsageError('--access works with the login command only');
  if (values.lock !== undefined && command !== 'grants' && command !== 'logs')
    throw new UsageError('--lock works with the grants and logs commands only');
  for (const flag of ['since', 'until'] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    if (command !== 'logs') throw new UsageError(`--${flag} works with the logs command only`);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(Date.parse(value)))
      throw new UsageError(
        `--${flag} needs an ISO date such as 2026-01-31 or 2026-01-31T08:00:00Z, got "${value}"`,
      );
  }
  if (values.since && values.until && Date.parse(values.since) >= Date.parse(values.until))
    throw new UsageError('--since must be before --until');
  if ((command === 'grants' || command === 'logs') && !values.owner)
    throw new UsageError(`${command} needs --owner ID (see tapkey-locks owners)`);
  if (command === 'logs' && !values.lock)
    throw new UsageError('logs needs --lock ID (see tapkey-locks locks --owner ID)');
}
