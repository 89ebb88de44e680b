import type { Grant, LogEntry } from '../shared/model';
import type { CommandFacade } from '../main/core/command-facade';
import { AppFailure } from '../main/errors';
import {
  csvHeader,
  GRANTS_CSV_HEADER,
  grantCsvLine,
  LOG_CSV_HEADER,
  logCsvLine,
} from '../main/export/log-csv';
import { ACCESS_SCOPES } from '../shared/scopes';
import type { CliArgs } from './args';

/** Where an access command writes. */
export interface AccessOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A grant as the CLI prints it in JSON: the fields people and scripts use, holder resolved. */
function grantJson(g: Grant) {
  return {
    id: g.id,
    boundLockId: g.boundLockId,
    who: g.holder.label,
    whoKind: g.holder.kind,
    contactId: g.holder.contactId,
    boundCardId: g.holder.boundCardId,
    validFrom: g.validFrom,
    validBefore: g.validBefore,
    timeRestrictionIcal: g.timeRestrictionIcal,
    state: g.state,
    active: g.active,
  };
}

/** A log entry as the CLI prints it in JSON, with the contact's e-mail or the card's title. */
function entryJson(e: LogEntry) {
  return {
    id: e.id,
    entryNo: e.entryNo,
    lockTimestamp: e.lockTimestamp,
    receivedAt: e.receivedAt,
    logType: e.logType,
    command: e.command,
    who: e.holder.label,
    whoKind: e.holder.kind,
    contactId: e.holder.contactId,
    boundCardId: e.holder.boundCardId,
  };
}

/** A missing access scope gets the CLI's own remedy on top of the portal hint. */
async function withScopeHint<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (
      e instanceof AppFailure &&
      e.code === 'permission' &&
      e.extra.scope &&
      (ACCESS_SCOPES as readonly string[]).includes(e.extra.scope)
    ) {
      throw new AppFailure(
        'permission',
        `${e.message} With the CLI: tapkey-locks logout, then tapkey-locks login --access.`,
        e.extra,
      );
    }
    throw e;
  }
}

const whoText = (h: {
  label: string | null;
  kind: string;
  contactId: string | null;
  boundCardId: string | null;
}) =>
  h.label ??
  (h.kind === 'none' ? '(nobody recorded)' : `(unknown ${h.kind} ${h.contactId ?? h.boundCardId})`);

/** `tapkey-locks grants --owner ID [--lock ID]`: one document (or CSV) of grants with holders resolved. */
export function runGrants(
  commands: CommandFacade,
  args: CliArgs,
  out: AccessOutput,
): Promise<number> {
  return withScopeHint(() => grants(commands, args, out));
}

async function grants(commands: CommandFacade, args: CliArgs, out: AccessOutput): Promise<number> {
  const list = await commands.listGrants(args.owner as string, args.lock ?? null);
  if (args.csv) {
    out.stdout(csvHeader(GRANTS_CSV_HEADER) + list.grants.map(grantCsvLine).join(''));
  } else if (args.json) {
    out.stdout(
      `${JSON.stringify({ grants: list.grants.map(grantJson), invalid: list.invalid }, null, 2)}\n`,
    );
  } else {
    const range = (g: Grant) => `${g.validFrom ?? 'always'} – ${g.validBefore ?? 'no end'}`;
    out.stdout(
      list.grants
        .map(
          (g) =>
            `${whoText(g.holder)}\t${range(g)}\t${g.state ?? ''}${g.timeRestrictionIcal ? '\t(time-restricted)' : ''}\n`,
        )
        .join('') || 'No grants.\n',
    );
  }
  if (list.invalid.length)
    out.stderr(`tapkey-locks: ${list.invalid.length} grant(s) could not be read.\n`);
  return list.invalid.length ? 1 : 0;
}

/**
 * `tapkey-locks logs --owner ID --lock ID [--since] [--until]`: streams the log newest first as pages arrive,
 * so memory stays constant however long the log is (JSON too is written entry by entry as one document).
 */
export function runLogs(
  commands: CommandFacade,
  args: CliArgs,
  out: AccessOutput,
): Promise<number> {
  return withScopeHint(() => logs(commands, args, out));
}

async function logs(commands: CommandFacade, args: CliArgs, out: AccessOutput): Promise<number> {
  const pages = commands.streamLogEntries(args.owner as string, args.lock as string, {
    since: args.since ?? null,
    until: args.until ?? null,
  });
  let invalid = 0;
  let rows = 0;
  if (args.csv) out.stdout(csvHeader(LOG_CSV_HEADER));
  else if (args.json) out.stdout('{"entries":[');
  try {
    for await (const page of pages) {
      invalid += page.invalid.length;
      if (!page.entries.length) continue;
      if (args.csv) out.stdout(page.entries.map(logCsvLine).join(''));
      else if (args.json)
        out.stdout(
          page.entries
            .map((e, i) => `${rows + i === 0 ? '' : ','}\n${JSON.stringify(entryJson(e))}`)
            .join(''),
        );
      else
        out.stdout(
          page.entries
            .map(
              (e) =>
                `${e.lockTimestamp}\t${whoText(e.holder)}\t${[e.logType, e.command].filter(Boolean).join(' ')}\n`,
            )
            .join(''),
        );
      rows += page.entries.length;
    }
  } catch (e) {
    // The JSON document is closed even on failure, so what was printed still parses; the exit code says it failed.
    if (args.json) out.stdout(`\n],"complete":false}\n`);
    throw e instanceof AppFailure ? e : new AppFailure('internal', 'Reading the log failed.');
  }
  if (args.json) out.stdout(`${rows ? '\n' : ''}],"complete":true}\n`);
  else if (!args.csv && rows === 0) out.stdout('No log entries.\n');
  if (invalid)
    out.stderr(
      `tapkey-locks: ${invalid} log entr${invalid === 1 ? 'y' : 'ies'} could not be read.\n`,
    );
  return invalid ? 1 : 0;
}
