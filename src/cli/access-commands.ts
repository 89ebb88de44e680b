import type { Contact, Grant, Holder, LogEntry } from '../shared/model';
import type { CommandFacade } from '../main/core/command-facade';
import { AppFailure } from '../main/errors';
import {
  csvHeader,
  GRANTS_CSV_HEADER,
  grantCsvLine,
  LOG_CSV_HEADER,
  logCsvLine,
  type LockTitles,
} from '../main/export/log-csv';
import { ACCESS_SCOPES } from '../shared/scopes';
import { INVALID_ID_MESSAGE, isTapkeyId } from '../shared/tapkey-id';
import type { CliArgs } from './args';
import { terminalField } from './terminal-text';

/** Where an access command writes. */
interface AccessOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A grant as the CLI prints it in JSON: the fields people and scripts use, holder named. */
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
    whoTitle: g.holder.title,
    whoIdentifier: g.holder.identifier,
    target: g.target.kind,
    targetTitle: g.target.title,
    holderProblem: g.holderProblem,
  };
}

/** A log entry as the CLI prints it in JSON, with who it was and where. */
function entryJson(e: LogEntry, lockTitle: LockTitles) {
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
    boundLockId: e.boundLockId,
    lockTitle: lockTitle(e.boundLockId),
    whoTitle: e.holder.title,
    whoIdentifier: e.holder.identifier,
  };
}

/** Ids from the command line are checked before anything is asked (the lookups of names included). */
function checkIds(...ids: Array<string | undefined>): void {
  for (const id of ids)
    if (id !== undefined && !isTapkeyId(id)) throw new AppFailure('invalid-id', INVALID_ID_MESSAGE);
}

/** What an access command does, for the owner account the command line names. */
type AccessRun = (
  commands: CommandFacade,
  args: CliArgs,
  out: AccessOutput,
  owner: string,
) => Promise<number>;

/**
 * An access command: the ids of the command line (owner, lock) are checked before anything is asked, and a
 * missing access scope gets the CLI's own remedy on top of the portal hint.
 */
function accessCommand(run: AccessRun) {
  return (commands: CommandFacade, args: CliArgs, out: AccessOutput) =>
    withScopeHint(async () => {
      checkIds(args.owner, args.lock);
      return run(commands, args, out, args.owner as string);
    });
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

/** Who, as a line of text shows it: the title with the identifier beside it, or what is known. */
function whoText(h: Holder): string {
  const id = h.contactId ?? h.boundCardId;
  if (h.kind === 'none') return '(nobody recorded)';
  if (!h.known) return `(unknown ${h.kind} ${id})`;
  if (h.title && h.identifier) return `${h.title} <${h.identifier}>`;
  return h.label ?? `(${h.kind} ${id} without a name)`;
}

const range = (g: Grant) => `${g.validFrom ?? 'always'} – ${g.validBefore ?? 'no end'}`;
const grantLine = (g: Grant) =>
  `${terminalField(whoText(g.holder))}${g.holder.kind === 'card' ? ' (card)' : ''}\t${terminalField(range(g))}\t${terminalField(g.state ?? '')}${
    g.target.kind === 'group'
      ? `\tthrough group ${terminalField(g.target.title ?? g.boundLockId ?? '')}`
      : ''
  }${g.timeRestrictionIcal ? '\t(time-restricted)' : ''}${
    g.holderProblem === 'both'
      ? `\t(Tapkey names both this person and card ${g.holder.boundCardId})`
      : g.holderProblem === 'neither'
        ? '\t(Tapkey names neither a person nor a card)'
        : ''
  }\n`;

/**
 * `tapkey-locks grants --owner ID [--lock ID]`: one document (or CSV) of grants with holders named. For one
 * lock, the account's lock-group grants come too (in `groupGrants`, and as CSV rows whose target is `group`):
 * they reach the lock if it is in the group, which Tapkey does not say.
 */
export const runGrants = accessCommand(grants);

async function grants(...[commands, args, out, owner]: Parameters<AccessRun>): Promise<number> {
  const access = args.lock ? await commands.lockAccess(owner, args.lock) : null;
  const list = access ?? (await commands.listGrants(owner));
  const viaGroups = access?.groupGrants ?? [];
  if (args.csv) {
    out.stdout(
      csvHeader(GRANTS_CSV_HEADER) + [...list.grants, ...viaGroups].map(grantCsvLine).join(''),
    );
  } else if (args.json) {
    const doc = access
      ? {
          grants: list.grants.map(grantJson),
          groupGrants: viaGroups.map(grantJson),
          invalid: list.invalid,
        }
      : { grants: list.grants.map(grantJson), invalid: list.invalid };
    out.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    let text = list.grants.map(grantLine).join('');
    if (access) {
      if (!list.grants.length)
        text += viaGroups.length ? 'No grant names this lock itself.\n' : 'No grants.\n';
      if (viaGroups.length)
        text += `Through lock groups (they reach this lock if it is in the group; Tapkey does not say which locks a group holds):\n${viaGroups.map(grantLine).join('')}`;
    } else if (!text) text = 'No grants.\n';
    out.stdout(text);
  }
  if (list.invalid.length)
    out.stderr(`tapkey-locks: ${list.invalid.length} grant(s) could not be read.\n`);
  return list.invalid.length ? 1 : 0;
}

/** The one contact `--contact` names: its id, or its identifier (case-insensitive, as Tapkey compares them). */
function contactNamed(contacts: readonly Contact[], wanted: string): Contact {
  const w = wanted.trim().toLowerCase();
  const byId = contacts.find((c) => c.id.toLowerCase() === w);
  if (byId) return byId;
  const matches = contacts.filter((c) => c.identifier?.toLowerCase() === w);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new AppFailure(
      'not-found',
      `Nobody in this owner account has the id or identifier "${wanted.slice(0, 100)}".`,
    );
  throw new AppFailure(
    'invalid-payload',
    `${matches.length} people in this owner account have the identifier "${wanted.slice(0, 100)}"; name one by its contact id: ${matches.map((c) => c.id).join(', ')}.`,
  );
}

/**
 * `tapkey-locks logs --owner ID [--lock ID] [--contact ID|IDENTIFIER] [--since] [--until]`: streams the log of
 * an owner account (or one lock) newest first as pages arrive, so memory stays constant however long the log
 * is (JSON too is written entry by entry as one document).
 */
export const runLogs = accessCommand(logs);

async function logs(...[commands, args, out, owner]: Parameters<AccessRun>): Promise<number> {
  const contact = args.contact
    ? contactNamed((await commands.listContacts(owner)).contacts, args.contact)
    : null;
  const { locks } = await commands.listBoundLocks(owner);
  const titles = new Map(locks.map((l) => [l.id.toLowerCase(), l.title]));
  const lockTitle: LockTitles = (id) =>
    id === null ? null : (titles.get(id.toLowerCase()) ?? null);
  const pages = commands.streamLogEntries(owner, args.lock ?? null, {
    since: args.since ?? null,
    until: args.until ?? null,
    contactId: contact?.id ?? null,
  });
  let invalid = 0;
  let rows = 0;
  if (args.csv) out.stdout(csvHeader(LOG_CSV_HEADER));
  else if (args.json) out.stdout('{"entries":[');
  try {
    for await (const page of pages) {
      invalid += page.invalid.length;
      if (!page.entries.length) continue;
      if (args.csv) out.stdout(page.entries.map((e) => logCsvLine(e, lockTitle)).join(''));
      else if (args.json)
        out.stdout(
          page.entries
            .map(
              (e, i) => `${rows + i === 0 ? '' : ','}\n${JSON.stringify(entryJson(e, lockTitle))}`,
            )
            .join(''),
        );
      else
        out.stdout(
          page.entries
            .map(
              (e) =>
                `${terminalField(e.lockTimestamp)}\t${args.lock ? '' : `${terminalField(lockTitle(e.boundLockId) ?? e.boundLockId ?? '(unknown lock)')}\t`}${terminalField(whoText(e.holder))}\t${terminalField([e.logType, e.command].filter(Boolean).join(' '))}\n`,
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
