import { parseArgs } from 'node:util';
import { SHEET_BEHAVIOUR } from './behaviour';
import { MAX_LOG_ENTRIES } from './data/access-data';
import type { SandboxOptions } from './types';

export const USAGE = `Usage: npm run sandbox -- [options]
  --port N           listen on 127.0.0.1:N (default 0: a free port, printed)
  --owners N         owner accounts of alice (default 3)
  --locks M          locks per owner account of alice (default 12)
  --grants N         grants per lock (default 8)
  --log-entries N    access log entries per lock (default 300, at most 100000)
  --latency MS       latency added to every /api/v1 request (default 0)
  --jitter MS        extra random latency up to MS (default 0)
  --seed S           data seed (default 1)
  --client-id ID     OAuth client id (default tapkey-locks-desktop)
  --redirect-uri U   registered redirect URI (repeatable; default http://127.0.0.1:8111/callback)
  --no-revocation    play a server without RFC 7009 revocation (none advertised, 404 when asked)
How undocumented points are played (sandbox/README.md, "Options"):
  --sheet                    the sheet's answers (the defaults since the client follows the sheet)
  --accept-read-contacts     accept the undocumented scope read:contacts (it grants nothing); default: invalid_scope
  --refuse-openid            answer openid and profile with invalid_scope (no ID token)
  --no-contact-email         leave the deprecated contact field email out (the announced future)
  --page-cap N               silently truncate every list page to N items
  --log-cap N                silently truncate LogEntries pages to N items (default 500, as Tapkey)
  --no-log-cap               LogEntries pages as long as asked
  --refuse-timestamp-filter  answer $filter on lockTimestamp with 400
  --all-locks-active         send active on every lock (default: every sixth lock leaves it out)
  --named-contacts-only      leave out the contacts with neither a usable title nor an identifier
  --revoke-method M          POST (default) or PUT for Grants/{id}/Revoke; the other answers 405
  --read-only-access-manager an Access Manager may not write (documented default: may)
  --rcl-capacity N           entries per lock revocation list (default 10)
  --sync-after MS            each lock syncs MS after a revocation reaches it (default: admin call only)
  --plan-persons N           the plan's limit of persons per owner account (402 beyond it)
  --shared-person-accounts N in how many of alice's accounts the shared person is a contact (default 2)
  --json             print exactly one JSON line with the connection details
  --quiet            no log output
  --help`;

export interface CliArgs {
  options: SandboxOptions;
  json: boolean;
  help: boolean;
}

function integer(
  value: string | undefined,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new Error(`--${name} needs a non-negative integer, got '${value}'`);
  return Number(value);
}

/** Parses the sandbox command line; throws with a readable message on bad input. */
export function parseCliArgs(argv: string[]): CliArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      owners: { type: 'string' },
      locks: { type: 'string' },
      grants: { type: 'string' },
      'log-entries': { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      seed: { type: 'string' },
      'client-id': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'no-revocation': { type: 'boolean', default: false },
      sheet: { type: 'boolean', default: false },
      'accept-read-contacts': { type: 'boolean', default: false },
      'refuse-openid': { type: 'boolean', default: false },
      'no-contact-email': { type: 'boolean', default: false },
      'page-cap': { type: 'string' },
      'log-cap': { type: 'string' },
      'no-log-cap': { type: 'boolean', default: false },
      'refuse-timestamp-filter': { type: 'boolean', default: false },
      'all-locks-active': { type: 'boolean', default: false },
      'named-contacts-only': { type: 'boolean', default: false },
      'revoke-method': { type: 'string' },
      'read-only-access-manager': { type: 'boolean', default: false },
      'rcl-capacity': { type: 'string' },
      'sync-after': { type: 'string' },
      'plan-persons': { type: 'string' },
      'shared-person-accounts': { type: 'string' },
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const options: SandboxOptions = { quiet: values.quiet, ...(values.sheet ? SHEET_BEHAVIOUR : {}) };
  const set = <K extends keyof SandboxOptions>(
    key: K,
    value: SandboxOptions[K] | undefined,
  ): void => {
    if (value !== undefined) options[key] = value;
  };
  set('port', integer(values.port, 'port', 65535));
  set('owners', integer(values.owners, 'owners'));
  set('locks', integer(values.locks, 'locks'));
  set('grants', integer(values.grants, 'grants'));
  set('logEntries', integer(values['log-entries'], 'log-entries', MAX_LOG_ENTRIES));
  set('latencyMs', integer(values.latency, 'latency'));
  set('jitterMs', integer(values.jitter, 'jitter'));
  set('seed', values.seed);
  set('clientId', values['client-id']);
  set('redirectUris', values['redirect-uri']);
  if (values['no-revocation']) options.revocation = false;
  if (values['accept-read-contacts']) options.acceptReadContacts = true;
  if (values['refuse-openid']) options.oidcScopes = 'refuse';
  if (values['no-contact-email']) options.contactEmail = false;
  if (values['refuse-timestamp-filter']) options.lockTimestampFilter = 'refuse';
  if (values['all-locks-active']) options.locksWithoutActive = false;
  if (values['named-contacts-only']) options.namelessContacts = false;
  if (values['no-log-cap']) options.logEntriesPageCap = null;
  if (values['read-only-access-manager']) options.accessManagerWrites = false;
  const method = values['revoke-method']?.toUpperCase();
  if (method !== undefined && method !== 'POST' && method !== 'PUT')
    throw new Error(`--revoke-method takes POST or PUT, got '${values['revoke-method']}'`);
  set('revokeMethod', method);
  const positive = (value: string | undefined, name: string) => {
    const n = integer(value, name);
    if (n === 0) throw new Error(`--${name} needs a positive integer, got '0'`);
    return n;
  };
  set('pageCap', positive(values['page-cap'], 'page-cap'));
  set('logEntriesPageCap', positive(values['log-cap'], 'log-cap'));
  set('rclCapacity', positive(values['rcl-capacity'], 'rcl-capacity'));
  set('syncLocksAfterMs', integer(values['sync-after'], 'sync-after'));
  set('planPersons', integer(values['plan-persons'], 'plan-persons'));
  set('sharedPersonAccounts', integer(values['shared-person-accounts'], 'shared-person-accounts'));
  return { options, json: values.json, help: values.help };
}
