import { csvLine } from '../shared/csv';
import type {
  ChangeEntry,
  ChangePlan,
  Grant,
  JournalRecord,
  KeyHolder,
  PlannedStep,
  StepOutcome,
} from '../shared/model';
import { WRITE_SCOPES } from '../shared/scopes';
import type { CommandFacade } from '../main/core/command-facade';
import { AppFailure } from '../main/errors';
import { journalCsv } from '../main/export/journal-csv';
import type { CliArgs } from './args';

/** Where a write command writes, and how it asks. */
export interface WriteOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  confirm?: ((question: string) => Promise<boolean>) | undefined;
}

/** Exit codes: done; failed or partly done; a usage mistake, nothing sent. */
const DONE = 0;
const FAILED = 1;
const USAGE = 2;

/** A step as the JSON document prints it, with its outcome once sent. */
function stepJson(s: PlannedStep, o: StepOutcome | undefined) {
  return {
    key: s.key,
    disposition: s.disposition,
    reason: s.reason,
    ownerAccountId: s.target.ownerAccountId,
    ownerAccountName: s.target.ownerAccountName,
    boundLockId: s.target.boundLockId,
    lockTitle: s.target.lockTitle,
    holder: s.target.holderLabel,
    contactId: s.target.contactId,
    boundCardId: s.target.boundCardId,
    grantId: s.target.grantId,
    grantIds: s.grantIds,
    request: s.request,
    outcome: o
      ? {
          status: o.status,
          message: o.message,
          code: o.code,
          grantId: o.grantId,
          contactId: o.contactId,
          lookedUp: o.lookedUp,
        }
      : null,
  };
}

/** The one JSON document of grant, revoke and offboard (a public interface: docs/cli.md). */
function changeJson(plan: ChangePlan, dryRun: boolean, entry: ChangeEntry | null) {
  const outcomes = new Map(entry?.outcomes.map((o) => [o.key, o]) ?? []);
  return {
    title: plan.title,
    dryRun,
    sent: entry !== null,
    counts: plan.counts,
    problems: plan.problems,
    notes: plan.notes,
    revocationLoad: plan.revocationLoad,
    revocationWarnAt: plan.revocationWarnAt,
    steps: plan.steps.map((s) => stepJson(s, outcomes.get(s.key))),
    progress: entry?.progress
      ? { summary: entry.progress.summary, complete: entry.progress.complete }
      : null,
  };
}

const where = (s: PlannedStep) =>
  [s.target.lockTitle ?? s.target.boundLockId, s.target.holderLabel, s.target.ownerAccountName]
    .filter(Boolean)
    .join(' · ');

/** The plan in words: what will be sent (exactly), what is skipped, what to know, what stops it. */
function planText(plan: ChangePlan, dryRun: boolean): string {
  const lines = [plan.title];
  const send = plan.steps.filter((s) => s.disposition === 'send');
  if (send.length) {
    lines.push(
      `${dryRun ? 'Would send' : 'Sends'} ${send.length} request${send.length === 1 ? '' : 's'}:`,
    );
    for (const s of send) {
      const body = s.request!.body === null ? '' : ` ${JSON.stringify(s.request!.body)}`;
      lines.push(`  ${s.request!.method} ${s.request!.path}${body}`, `      (${where(s)})`);
    }
  }
  const skipped = plan.steps.filter((s) => s.disposition !== 'send');
  if (skipped.length) {
    lines.push('Not sent:');
    for (const s of skipped) lines.push(`  ${s.disposition}: ${where(s)}: ${s.reason ?? ''}`);
  }
  for (const n of plan.notes)
    lines.push(`${n.level === 'warning' ? 'Warning' : 'Note'}: ${n.message}`);
  if (plan.problems.length) {
    lines.push('Nothing will be sent:');
    for (const p of plan.problems) lines.push(`  ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The outcomes in words, one line a step, and the progress. */
function outcomeText(plan: ChangePlan, entry: ChangeEntry): string {
  const steps = new Map(plan.steps.map((s) => [s.key, s]));
  const lines = entry.outcomes.map(
    (o) => `${o.status.padEnd(8)} ${where(steps.get(o.key)!)}: ${o.message}`,
  );
  if (entry.progress) lines.push(entry.progress.summary);
  return `${lines.join('\n')}\n`;
}

/** A missing write scope gets the CLI's own remedy on top of the portal hint. */
function withManageHint(e: unknown): never {
  if (
    e instanceof AppFailure &&
    e.code === 'permission' &&
    (e.extra.scope === undefined || (WRITE_SCOPES as readonly string[]).includes(e.extra.scope))
  )
    throw new AppFailure(
      'permission',
      `${e.message} With the CLI: tapkey-locks logout, then tapkey-locks login --manage.`,
      e.extra,
    );
  throw e;
}

/**
 * grant, revoke, offboard: preview; print it (all of it with --dry-run); ask (or take --yes; a script without
 * it is refused, nothing sent); send through the same queue, executor and journal as the app; print each step's
 * outcome.
 */
async function runChange(
  commands: CommandFacade,
  args: CliArgs,
  out: WriteOutput,
): Promise<number> {
  const write = args.write!;
  const plan = await commands.previewChange(write.request!);
  const print = (entry: ChangeEntry | null, text: string) =>
    out.stdout(
      args.json ? `${JSON.stringify(changeJson(plan, write.dryRun, entry), null, 2)}\n` : text,
    );
  if (plan.problems.length) {
    print(null, args.json ? '' : planText(plan, true));
    out.stderr(`tapkey-locks: ${plan.problems[0]!.message}\n`);
    return plan.problems.some((p) => p.code === 'invalid-payload') ? USAGE : FAILED;
  }
  if (write.dryRun || !plan.sendable) {
    print(null, planText(plan, true));
    if (!plan.sendable && !write.dryRun && !args.json)
      out.stdout('Nothing to send: Tapkey already has every part of this change.\n');
    return DONE;
  }
  if (!write.yes) {
    if (!out.confirm) {
      out.stderr(
        `tapkey-locks: this would send ${plan.counts.send} request(s) to Tapkey; nothing was sent. Add --yes to send without asking (there is no terminal to ask), or --dry-run to see them.\n`,
      );
      return USAGE;
    }
    out.stderr(planText(plan, false));
    if (!(await out.confirm(`Send ${plan.counts.send} request(s) to Tapkey? [y/N] `))) {
      out.stderr('tapkey-locks: nothing was sent.\n');
      return FAILED;
    }
  }
  if (!commands.writeCapabilities().canWrite)
    withManageHint(
      new AppFailure(
        'permission',
        commands.writeCapabilities().hint ?? 'This sign-in cannot change access.',
      ),
    );
  const entry = await commands.applyChange(plan.planId).catch(withManageHint);
  print(entry, args.json ? '' : outcomeText(plan, entry));
  const bad = entry.outcomes.filter((o) => o.status !== 'done' && o.status !== 'already');
  if (bad.length)
    out.stderr(
      `tapkey-locks: ${bad.length} of ${entry.outcomes.length} request(s) did not go through: ${bad[0]!.message}\n`,
    );
  return bad.length ? FAILED : DONE;
}

/** A grant as people and journal print it. */
function grantJson(g: Grant) {
  return {
    id: g.id,
    boundLockId: g.boundLockId,
    validFrom: g.validFrom,
    validBefore: g.validBefore,
    timeRestrictionIcal: g.timeRestrictionIcal,
    state: g.state,
    active: g.active,
  };
}

/** The columns of `people --csv`: one row a grant (a holder without grants: one row, grant columns empty). */
const PEOPLE_CSV_HEADER = [
  'kind',
  'holderId',
  'title',
  'identifier',
  'label',
  'activeGrants',
  'grantId',
  'boundLockId',
  'validFrom',
  'validBefore',
  'timeRestrictionIcal',
  'state',
  'active',
] as const;

function peopleCsv(holders: KeyHolder[]): string {
  const rows = holders.flatMap((h) => {
    const base = [h.kind, h.id, h.title, h.identifier, h.label, h.activeGrants];
    if (!h.grants.length) return [csvLine([...base, null, null, null, null, null, null, null])];
    return h.grants.map((g) =>
      csvLine([
        ...base,
        g.id,
        g.boundLockId,
        g.validFrom,
        g.validBefore,
        g.timeRestrictionIcal,
        g.state,
        g.active,
      ]),
    );
  });
  return csvLine(PEOPLE_CSV_HEADER) + rows.join('');
}

/** `people --owner ID`: persons and cards with their grants. */
async function runPeople(
  commands: CommandFacade,
  args: CliArgs,
  out: WriteOutput,
): Promise<number> {
  const list = await commands.listPeople(args.owner!);
  if (args.csv) out.stdout(peopleCsv(list.holders));
  else if (args.json)
    out.stdout(
      `${JSON.stringify(
        {
          holders: list.holders.map((h) => ({
            kind: h.kind,
            id: h.id,
            title: h.title,
            identifier: h.identifier,
            label: h.label,
            capacity: h.capacity,
            activeGrants: h.activeGrants,
            grants: h.grants.map(grantJson),
          })),
          invalid: list.invalid,
        },
        null,
        2,
      )}\n`,
    );
  else
    out.stdout(
      list.holders
        .map(
          (h) =>
            `${h.kind}\t${h.title ?? ''}\t${h.identifier ?? h.label ?? ''}\t${h.activeGrants} active of ${h.grants.length} grant(s)\t${h.id}\n`,
        )
        .join('') || 'No persons or cards.\n',
    );
  if (list.invalid.length)
    out.stderr(`tapkey-locks: ${list.invalid.length} item(s) could not be read.\n`);
  return list.invalid.length ? FAILED : DONE;
}

/** A journal record as one line of text. */
function recordText(r: JournalRecord): string {
  const settled = r.resolution ? ` (then: ${r.resolution.status}: ${r.resolution.message})` : '';
  const t = r.target;
  const what = [t.lockTitle ?? t.boundLockId, t.holderLabel].filter(Boolean).join(' · ');
  return `${r.at}\t${r.status}\t${r.operation}\t${r.title}${what ? ` — ${what}` : ''}${settled}\n`;
}

/** `journal`: this computer's writes, newest first. */
async function runJournal(
  commands: CommandFacade,
  args: CliArgs,
  out: WriteOutput,
): Promise<number> {
  const page = await commands.readJournal({ limit: 100_000 });
  if (args.csv) out.stdout(journalCsv(page));
  else if (args.json) out.stdout(`${JSON.stringify(page, null, 2)}\n`);
  else
    out.stdout(
      page.records.map(recordText).join('') || 'Nothing was changed from this computer yet.\n',
    );
  if (page.unreadableLines)
    out.stderr(`tapkey-locks: ${page.unreadableLines} line(s) of the journal could not be read.\n`);
  if (page.unresolved)
    out.stderr(
      `tapkey-locks: ${page.unresolved} change(s) have an unknown outcome; sign in and run journal again to look them up.\n`,
    );
  return page.unreadableLines ? FAILED : DONE;
}

/** Runs grant, revoke, offboard, people or journal. */
export function runWriteCommand(
  commands: CommandFacade,
  args: CliArgs,
  out: WriteOutput,
): Promise<number> {
  switch (args.command) {
    case 'people':
      return runPeople(commands, args, out);
    case 'journal':
      return runJournal(commands, args, out);
    default:
      return runChange(commands, args, out);
  }
}
