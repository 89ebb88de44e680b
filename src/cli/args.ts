import { parseArgs } from 'node:util';
import type { Settings } from '../shared/model';
import { ACCESS_SCOPES, WRITE_SCOPES } from '../shared/scopes';
import {
  checkWriteFlags,
  WRITE_COMMANDS,
  WRITE_OPTIONS,
  writeArgsOf,
  WriteUsageError,
  type WriteArgs,
  type WriteCommand,
} from './write-args';

export type Command =
  'login' | 'logout' | 'status' | 'owners' | 'locks' | 'grants' | 'logs' | 'help' | WriteCommand;

export interface CliArgs {
  command: Command;
  json: boolean;
  csv: boolean;
  noBrowser: boolean;
  owner: string | undefined;
  /** grants / logs: one lock (logs without it: the whole owner account). */
  lock: string | undefined;
  /** logs: one person, by contact id or identifier (e.g. an e-mail address). */
  contact: string | undefined;
  /** logs: ISO date range (since inclusive, until exclusive), checked here. */
  since: string | undefined;
  until: string | undefined;
  /** login: also ask for the access scopes (ACCESS_SCOPES). */
  access: boolean;
  /** login: also ask for the write scopes (WRITE_SCOPES) and the access scopes they rely on. */
  manage: boolean;
  /** grant, revoke, offboard, people, journal: what they ask for (null for the other commands). */
  write: WriteArgs | null;
  /** owners, locks: print the app's saved snapshot (with its date) instead of asking Tapkey. */
  cached: boolean;
  /** Server settings from flags, over environment variables, over Tapkey production. */
  servers: Partial<Pick<Settings, 'clientId' | 'issuer' | 'apiBaseUrl' | 'redirectUri'>>;
}

export const USAGE = `Usage: tapkey-locks <command> [options]

Commands:
  login [--no-browser]   sign in with the system browser (--no-browser prints the URL on stderr instead)
  logout                 revoke and forget the stored sign-in
  status                 show whether you are signed in (exit 1 when not)
  owners [--cached]      list your owner accounts
  locks [--owner ID] [--cached]
                         list the locks of every owner account, or of one (--csv exports them)
  grants --owner ID [--lock ID]
                         who may open the locks of an owner account, or of one lock, with the
                         account's lock-group grants (needs login --access)
  logs --owner ID [--lock ID] [--contact ID|IDENTIFIER] [--since ISO] [--until ISO]
                         the access log of an owner account, or of one lock, newest first; --contact
                         keeps one person's entries (--csv streams it; needs login --access)
  people --owner ID      the persons and cards of an owner account with their grants (--csv: one row a grant)
  grant --owner ID --lock ID [--lock ID ...] (--to EMAIL | --contact ID | --card ID)
        [--from ISO] [--until ISO] [--days Mon-Fri --hours 08:00-18:00]
                         give access to one or more locks (needs login --manage)
  revoke --owner ID --grant ID
                         revoke one grant (needs login --manage)
  offboard (--to EMAIL | --contact ID) [--owner ID | --all-accounts]
                         revoke every key of a person: by e-mail in every owner account (or one: --owner);
                         --contact needs --owner (needs login --manage)
  journal                what this computer changed at Tapkey, newest first (--csv for a spreadsheet)

Options:
  --json                 one JSON document on standard output
  --csv                  (locks, grants, logs) CSV on standard output
  --cached               (owners, locks) what the app last loaded for this sign-in, from its encrypted
                         snapshot, without asking Tapkey; says "As of …" (JSON: asOf), exit code 3 when
                         there is none
  --access               (login) also ask for ${ACCESS_SCOPES.join(' ')}
  --manage               (login) also ask for ${WRITE_SCOPES.join(' ')} (and the --access scopes)
  --dry-run              (grant, revoke, offboard) print exactly what would be sent, send nothing
  --yes, -y              (grant, revoke, offboard) send without asking; without it a terminal is asked,
                         and a script (no terminal) is refused with exit code 2
  --client-id ID         OAuth client id            (env TAPKEY_CLIENT_ID)
  --issuer URL           authorization server       (env TAPKEY_ISSUER)
  --api-base-url URL     Tapkey Web API base URL    (env TAPKEY_API_BASE_URL)
  --redirect-uri URI     registered loopback URI    (env TAPKEY_REDIRECT_URI)`;

/** A usage mistake: reported on one line with exit code 2. */
export class UsageError extends Error {}

/** Every command; docs/cli.md documents each (src/cli/cli-docs.test.ts keeps the two in step). */
export const COMMANDS: readonly Command[] = [
  'login',
  'logout',
  'status',
  'owners',
  'locks',
  'grants',
  'logs',
  'help',
  ...WRITE_COMMANDS,
];

/** Every flag, for node:util parseArgs; docs/cli.md documents each (src/cli/cli-docs.test.ts). */
export const CLI_OPTIONS = {
  json: { type: 'boolean', default: false },
  csv: { type: 'boolean', default: false },
  cached: { type: 'boolean', default: false },
  'no-browser': { type: 'boolean', default: false },
  owner: { type: 'string' },
  ...WRITE_OPTIONS,
  since: { type: 'string' },
  until: { type: 'string' },
  access: { type: 'boolean', default: false },
  'client-id': { type: 'string' },
  issuer: { type: 'string' },
  'api-base-url': { type: 'string' },
  'redirect-uri': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Parses argv (without node and script) and the environment into a command and its options. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: CLI_OPTIONS,
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
  const writing = (WRITE_COMMANDS as readonly string[]).includes(command);
  onlyWith('csv', values.csv, command, ['locks', 'grants', 'logs', 'people', 'journal']);
  if (values.csv && values.json) throw new UsageError('choose either --json or --csv');
  onlyWith('cached', values.cached, command, ['owners', 'locks']);
  if (values.owner !== undefined && !tabular && !writing)
    throw new UsageError(
      '--owner works with the locks, grants, logs, people, grant, revoke and offboard commands only',
    );
  onlyWith('manage', values.manage, command, ['login']);
  if (values.lock && values.lock.length > 1 && command !== 'grant')
    throw new UsageError('--lock is given once, except to the grant command');
  const lock = values.lock?.[0];
  onlyWith('contact', values.contact !== undefined, command, ['logs', 'grant', 'offboard']);
  if (command === 'logs' && values.contact !== undefined && values.contact.trim() === '')
    throw new UsageError('--contact needs a contact id or identifier (e.g. an e-mail address)');
  let write: WriteArgs | null = null;
  try {
    // logs takes --contact too (whose entries); the write commands check their own use of it.
    checkWriteFlags(command, command === 'logs' ? { ...values, contact: undefined } : values);
    if (writing) write = writeArgsOf(command as WriteCommand, values);
  } catch (e) {
    if (e instanceof WriteUsageError) throw new UsageError(e.message);
    throw e;
  }
  checkAccessFlags(command, { ...values, lock });
  onlyWith('no-browser', values['no-browser'], command, ['login']);

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
    cached: values.cached,
    noBrowser: values['no-browser'],
    owner: values.owner,
    lock,
    contact: command === 'logs' ? values.contact : undefined,
    since: values.since,
    until: values.until,
    access: values.access,
    manage: values.manage,
    write,
    servers,
  };
}

/** "logs", "owners and locks", "logs, grant and offboard". */
const listed = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];

/** Refuses a flag that was given to a command it does not work with, naming the commands it works with. */
function onlyWith(
  flag: string,
  given: boolean,
  command: Command,
  commands: readonly Command[],
): void {
  if (given && !commands.includes(command))
    throw new UsageError(
      `--${flag} works with the ${listed(commands)} command${commands.length > 1 ? 's' : ''} only`,
    );
}

/** The flags of grants and logs: where they belong, what they require, and dates that parse. */
function checkAccessFlags(
  command: Command,
  values: { owner?: string; lock?: string; since?: string; until?: string; access: boolean },
): void {
  onlyWith('access', values.access, command, ['login']);
  onlyWith('lock', values.lock !== undefined, command, ['grants', 'logs', 'grant']);
  for (const flag of ['since', 'until'] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    // grant takes --until (the end of the access), checked with its other flags.
    if (flag === 'until' && command === 'grant') continue;
    onlyWith(flag, true, command, ['logs']);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(Date.parse(value)))
      throw new UsageError(
        `--${flag} needs an ISO date such as 2026-01-31 or 2026-01-31T08:00:00Z, got "${value}"`,
      );
  }
  if (values.since && values.until && Date.parse(values.since) >= Date.parse(values.until))
    throw new UsageError('--since must be before --until');
  if ((command === 'grants' || command === 'logs') && !values.owner)
    throw new UsageError(`${command} needs --owner ID (see tapkey-locks owners)`);
}
