import type { ChangeRequest, WeeklySchedule } from '../shared/model';
import { parseDays, parseHours } from '../shared/weekly-schedule';

/** The commands that manage access (and read what managing needs). */
export const WRITE_COMMANDS = ['grant', 'revoke', 'offboard', 'people', 'journal'] as const;
export type WriteCommand = (typeof WRITE_COMMANDS)[number];

/** The flags of the write commands, for node:util parseArgs (`--lock` repeats: one grant per lock). */
export const WRITE_OPTIONS = {
  lock: { type: 'string', multiple: true },
  to: { type: 'string' },
  contact: { type: 'string' },
  card: { type: 'string' },
  grant: { type: 'string' },
  from: { type: 'string' },
  days: { type: 'string' },
  hours: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
  'all-accounts': { type: 'boolean', default: false },
  manage: { type: 'boolean', default: false },
} as const;

/** What parseArgs gives for WRITE_OPTIONS (and the shared owner/until/json/csv flags). */
export interface WriteFlagValues {
  owner?: string | undefined;
  lock?: string[] | undefined;
  to?: string | undefined;
  contact?: string | undefined;
  card?: string | undefined;
  grant?: string | undefined;
  from?: string | undefined;
  until?: string | undefined;
  days?: string | undefined;
  hours?: string | undefined;
  'dry-run': boolean;
  yes: boolean;
  'all-accounts': boolean;
  csv: boolean;
}

/** A write command, parsed: the change it asks for (grant, revoke, offboard), and how to go about it. */
export interface WriteArgs {
  /** The change to preview and send; null for people and journal. */
  request: ChangeRequest | null;
  /** Print what would be sent, send nothing. */
  dryRun: boolean;
  /** Send without asking. */
  yes: boolean;
}

/** A usage mistake in a write command's flags (exit 2, nothing sent). */
export class WriteUsageError extends Error {}

const USED_BY: Record<string, readonly WriteCommand[]> = {
  to: ['grant', 'offboard'],
  contact: ['grant', 'offboard'],
  card: ['grant'],
  grant: ['revoke'],
  from: ['grant'],
  days: ['grant'],
  hours: ['grant'],
  'dry-run': ['grant', 'revoke', 'offboard'],
  yes: ['grant', 'revoke', 'offboard'],
  'all-accounts': ['offboard'],
};

/** An ISO date flag: a date, or a date and time; the preview normalises it. */
function isoFlag(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(Date.parse(value)))
    throw new WriteUsageError(
      `--${name} needs an ISO date such as 2026-01-31 or 2026-01-31T08:00:00Z, got "${value}"`,
    );
  return value;
}

/** `--days` and `--hours` together make a weekly schedule; one without the other is a mistake. */
function scheduleOf(values: WriteFlagValues): WeeklySchedule | null {
  if (values.days === undefined && values.hours === undefined) return null;
  if (values.days === undefined || values.hours === undefined)
    throw new WriteUsageError(
      '--days and --hours go together, e.g. --days Mon-Fri --hours 08:00-18:00',
    );
  try {
    return { days: parseDays(values.days), ...parseHours(values.hours) };
  } catch (e) {
    throw new WriteUsageError(`${(e as Error).message}`);
  }
}

/** Exactly one of the flags named, or a usage mistake naming them. */
function oneOf(
  values: WriteFlagValues,
  names: ReadonlyArray<'to' | 'contact' | 'card'>,
  command: string,
) {
  const given = names.filter((n) => values[n] !== undefined);
  if (given.length !== 1)
    throw new WriteUsageError(
      `${command} needs exactly one of ${names.map((n) => `--${n}`).join(', ')}`,
    );
  return given[0]!;
}

/** Checks where each write flag belongs (for any command), so a flag given to the wrong command is said. */
export function checkWriteFlags(command: string, values: WriteFlagValues): void {
  for (const [flag, commands] of Object.entries(USED_BY)) {
    const v = values[flag as keyof WriteFlagValues];
    if (v === undefined || v === false) continue;
    if (!(commands as readonly string[]).includes(command))
      throw new WriteUsageError(
        `--${flag} works with the ${commands.join(' and ')} command${commands.length > 1 ? 's' : ''} only`,
      );
  }
}

/** Turns a write command's flags into the change it asks for. */
export function writeArgsOf(command: WriteCommand, values: WriteFlagValues): WriteArgs {
  const base = { dryRun: values['dry-run'], yes: values.yes };
  const owner = values.owner;
  switch (command) {
    case 'people':
      if (!owner) throw new WriteUsageError('people needs --owner ID (see tapkey-locks owners)');
      return { ...base, request: null };
    case 'journal':
      return { ...base, request: null };
    case 'revoke':
      if (!owner) throw new WriteUsageError('revoke needs --owner ID (see tapkey-locks owners)');
      if (!values.grant)
        throw new WriteUsageError(
          'revoke needs --grant ID (see tapkey-locks grants --owner ID --lock ID --json)',
        );
      return {
        ...base,
        request: { kind: 'revoke-grant', ownerAccountId: owner, grantId: values.grant },
      };
    case 'grant': {
      if (!owner) throw new WriteUsageError('grant needs --owner ID (see tapkey-locks owners)');
      if (!values.lock?.length)
        throw new WriteUsageError('grant needs --lock ID (repeat it for several locks)');
      const who = oneOf(values, ['to', 'contact', 'card'], 'grant');
      const validFrom = isoFlag('from', values.from);
      const validBefore = isoFlag('until', values.until);
      if (validFrom && validBefore && Date.parse(validFrom) >= Date.parse(validBefore))
        throw new WriteUsageError('--from must be before --until');
      return {
        ...base,
        request: {
          kind: 'give',
          ownerAccountId: owner,
          holder:
            who === 'to'
              ? { kind: 'email', identifier: values.to! }
              : who === 'contact'
                ? { kind: 'contact', contactId: values.contact! }
                : { kind: 'card', boundCardId: values.card! },
          boundLockIds: values.lock,
          validFrom,
          validBefore,
          schedule: scheduleOf(values),
        },
      };
    }
    case 'offboard': {
      const who = oneOf(values, ['to', 'contact'], 'offboard');
      if (owner && values['all-accounts'])
        throw new WriteUsageError('choose either --owner ID or --all-accounts');
      if (who === 'contact') {
        // A contact id belongs to one owner account.
        if (!owner)
          throw new WriteUsageError(
            'offboard --contact ID needs --owner ID (the account it belongs to)',
          );
        return {
          ...base,
          request: {
            kind: 'offboard',
            person: { kind: 'contact', ownerAccountId: owner, contactId: values.contact! },
            ownerAccountIds: [owner],
          },
        };
      }
      return {
        ...base,
        request: {
          kind: 'offboard',
          person: { kind: 'email', identifier: values.to! },
          ownerAccountIds: owner ? [owner] : 'all',
        },
      };
    }
  }
}
