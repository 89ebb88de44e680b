import { parseArgs } from 'node:util';
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
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const options: SandboxOptions = { quiet: values.quiet };
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
  set('logEntries', integer(values['log-entries'], 'log-entries', 100_000));
  set('latencyMs', integer(values.latency, 'latency'));
  set('jitterMs', integer(values.jitter, 'jitter'));
  set('seed', values.seed);
  set('clientId', values['client-id']);
  set('redirectUris', values['redirect-uri']);
  if (values['no-revocation']) options.revocation = false;
  return { options, json: values.json, help: values.help };
}
