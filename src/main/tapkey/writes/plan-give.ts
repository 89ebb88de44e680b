import type { ChangeRequest, PlanNote, PlanProblem } from '../../../shared/model';
import {
  describeWeeklySchedule,
  scheduleProblem,
  scheduleToIcal,
} from '../../../shared/weekly-schedule';
import { isFailure } from '../../errors';
import type { CheckedGrant } from '../access-schemas';
import { writeCalls, type GrantBody } from '../resources/access-writes';
import type { LockState } from '../write-schemas';
import type { Draft, DraftStep } from './draft';
import { givesAccess, isActive } from './grant-match';
import { cardLabel, contactLabel, plural, target } from './names';
import {
  accountOf,
  invalidEmail,
  isEmail,
  isoOf,
  orProblem,
  type PlanContext,
} from './plan-context';

type Give = Extract<ChangeRequest, { kind: 'give' }>;

/** Who the grant is for, as read from Tapkey. */
interface HolderFacts {
  label: string;
  contactId: string | null;
  boundCardId: string | null;
  /** The card's capacity (cards only). */
  capacity: number | null;
  /** The holder's grants in this account (none for an e-mail not yet a person here). */
  grants: CheckedGrant[];
  /** An e-mail address that is not yet a person in this account: the first grant creates them. */
  newContact: boolean;
}

/** Checks what can be checked without asking Tapkey: e-mail, dates, schedule. */
function inputProblems(req: Give, now: number): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (req.holder.kind === 'email' && !isEmail(req.holder.identifier))
    problems.push(invalidEmail(req.holder.identifier));
  const from = isoOf(req.validFrom);
  const until = isoOf(req.validBefore);
  if (from === undefined)
    problems.push({ code: 'invalid-payload', message: 'The start ("from") is not a date.' });
  if (until === undefined)
    problems.push({ code: 'invalid-payload', message: 'The end ("until") is not a date.' });
  if (from && until && Date.parse(until) <= Date.parse(from))
    problems.push({
      code: 'invalid-payload',
      message: `The end (${until}) must be after the start (${from}).`,
    });
  else if (until && Date.parse(until) <= now)
    problems.push({
      code: 'invalid-payload',
      message: `The end (${until}) is in the past: this access would never work.`,
    });
  const schedule = req.schedule ? scheduleProblem(req.schedule) : null;
  if (schedule) problems.push({ code: 'invalid-payload', message: schedule });
  return problems;
}

/** Reads who the grant is for and what they already hold. */
async function holderFacts(
  ctx: PlanContext,
  req: Give,
  problems: PlanProblem[],
): Promise<HolderFacts | null> {
  const { reads, signal } = ctx;
  const owner = req.ownerAccountId;
  const h = req.holder;
  if (h.kind === 'card') {
    const card = await orProblem(
      problems,
      () => reads.card(owner, h.boundCardId, signal),
      `No card ${h.boundCardId} in this owner account.`,
    );
    if (!card) return null;
    const grants = await reads.grants(owner, { boundCardId: card.id }, signal);
    return {
      label: cardLabel(card),
      contactId: null,
      boundCardId: card.id,
      // Tapkey documents 12 for its transponders; a card that does not say is held to that.
      capacity: card.capacity ?? 12,
      grants: grants.valid,
      newContact: false,
    };
  }
  const contact =
    h.kind === 'contact'
      ? await orProblem(
          problems,
          () => reads.contact(owner, h.contactId, signal),
          `No person ${h.contactId} in this owner account.`,
        )
      : ((await reads.contactsByIdentifier(owner, h.identifier, signal))[0] ?? null);
  if (!contact && h.kind === 'contact') return null;
  // An e-mail address that is not a person here yet: the first grant creates them.
  const grants = contact
    ? (await reads.grants(owner, { contactId: contact.id }, signal)).valid
    : [];
  return {
    label: contact ? contactLabel(contact) : h.kind === 'email' ? h.identifier.trim() : '',
    contactId: contact?.id ?? null,
    boundCardId: null,
    capacity: null,
    grants,
    newContact: contact === null,
  };
}

/** The body of one lock's `PUT Grants`: only what is set, the schedule only where the lock keeps it. */
function bodyFor(
  req: Give,
  holder: HolderFacts,
  boundLockId: string,
  ical: string | null,
): GrantBody {
  const from = isoOf(req.validFrom);
  const until = isoOf(req.validBefore);
  const window = {
    boundLockId,
    ...(from ? { validFrom: from } : {}),
    ...(until ? { validBefore: until } : {}),
    ...(ical ? { timeRestrictionIcal: ical } : {}),
  };
  if (holder.boundCardId) return { ...window, boundCardId: holder.boundCardId };
  // A person found by e-mail is named by id: the contact exists, so nothing is created twice.
  if (holder.contactId) return { ...window, contactId: holder.contactId };
  const identifier = req.holder.kind === 'email' ? req.holder.identifier.trim() : '';
  return { ...window, contact: { identifier, ipId: 'tapkey' } };
}

/** The locks (and groups) a grant can name, by lower-case id; groups are read only when an id is not a lock. */
async function targetsOf(ctx: PlanContext, req: Give): Promise<Map<string, LockState>> {
  const { reads, signal } = ctx;
  const locks = await reads.locks(req.ownerAccountId, signal);
  const byId = new Map(locks.valid.map((l) => [l.id.toLowerCase(), l]));
  if (req.boundLockIds.some((id) => !byId.has(id.toLowerCase()))) {
    const groups = await reads.groups(req.ownerAccountId, signal);
    for (const g of groups.valid) byId.set(g.id.toLowerCase(), { ...g, group: true });
  }
  return byId;
}

/** "from 2026-12-01 until 2027-01-01", "until 2027-01-01", or "" for an unlimited grant. */
function windowWords(from: string | null, until: string | null): string {
  const day = (iso: string) => iso.slice(0, 16).replace('T00:00', '').replace('T', ' ');
  return [from ? `from ${day(from)}` : '', until ? `until ${day(until)}` : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Plans a give: one `PUT Grants` per lock that the holder does not already have with exactly this access
 * (those are skipped, so running it again is harmless), refused as a whole before anything is sent when an input
 * is wrong, a lock is unknown, a lock cannot keep the schedule, or a card would exceed its capacity.
 */
export async function planGive(ctx: PlanContext, req: Give): Promise<Draft> {
  const owner = req.ownerAccountId;
  const lockIds = [...new Map(req.boundLockIds.map((id) => [id.toLowerCase(), id])).values()];
  const problems = inputProblems(req, ctx.now);
  const draft = (title: string, steps: DraftStep[], notes: PlanNote[] = []): Draft => ({
    title,
    steps,
    problems,
    notes,
  });
  const fallbackTitle = `Give access to ${plural(lockIds.length, 'lock')}`;
  if (problems.length) return draft(fallbackTitle, []);

  const holderProblems: PlanProblem[] = [];
  const [account, targets, holder] = await Promise.all([
    accountOf(ctx, problems, owner),
    // An unknown account answers 404 everywhere: said once, by accountOf.
    targetsOf(ctx, req).catch((e: unknown) => {
      if (isFailure(e, 'not-found')) return new Map<string, LockState>();
      throw e;
    }),
    holderFacts(ctx, req, holderProblems).catch((e: unknown) => {
      if (isFailure(e, 'not-found')) return null;
      throw e;
    }),
  ]);
  if (!account) return draft(fallbackTitle, []);
  problems.push(...holderProblems);
  if (!holder) return draft(fallbackTitle, []);

  const ical = req.schedule ? scheduleToIcal(req.schedule) : null;
  const from = isoOf(req.validFrom) ?? null;
  const until = isoOf(req.validBefore) ?? null;
  const steps: DraftStep[] = [];
  const noSchedule: string[] = [];
  for (const id of lockIds) {
    const lock = targets.get(id.toLowerCase());
    if (!lock) {
      problems.push({ code: 'not-found', message: `No lock ${id} in ${account.name}.` });
      continue;
    }
    const title = lock.title ?? lock.id;
    if (ical && lock.ical !== 'supported') {
      noSchedule.push(title);
      continue;
    }
    const t = target({
      ownerAccountId: account.id,
      ownerAccountName: account.name,
      boundLockId: lock.id,
      lockTitle: title,
      contactId: holder.contactId,
      boundCardId: holder.boundCardId,
      holderLabel: holder.label,
    });
    const wanted = {
      boundLockId: lock.id,
      validFrom: from,
      validBefore: until,
      timeRestrictionIcal: ical,
    };
    const existing = holder.grants.find((g) => givesAccess(g, wanted));
    if (existing) {
      steps.push({
        target: { ...t, grantId: existing.id },
        disposition: 'already',
        reason: `${holder.label} already has this access to ${title}.`,
        call: null,
        revokes: [],
        grantIds: [],
      });
      continue;
    }
    steps.push({
      target: t,
      disposition: 'send',
      reason: null,
      call: writeCalls.createGrant(account.id, bodyFor(req, holder, lock.id, ical)),
      revokes: [],
      grantIds: [],
    });
  }
  if (noSchedule.length)
    problems.push({
      code: 'invalid-payload',
      message: `${noSchedule.join(', ')} cannot keep a weekly schedule (Tapkey does not report time-restriction support for ${noSchedule.length === 1 ? 'it' : 'them'}). Give access without a schedule, or leave ${noSchedule.length === 1 ? 'that lock' : 'those locks'} out.`,
    });

  const sending = steps.filter((s) => s.disposition === 'send');
  if (holder.capacity !== null) {
    const held = holder.grants.filter(isActive).length;
    if (held + sending.length > holder.capacity)
      problems.push({
        code: 'invalid-payload',
        message: `${holder.label} holds ${held} of the ${holder.capacity} grants a card can hold; ${sending.length} more would exceed it. Remove a grant from the card first, or give fewer locks.`,
      });
  }
  const first = sending[0];
  if (holder.newContact && first) first.first = true;

  const notes: PlanNote[] = [];
  if (holder.newContact)
    notes.push({
      code: 'new-contact',
      level: 'info',
      message: `${holder.label} is not yet a person in ${account.name}: Tapkey adds them with the first grant.`,
    });
  notes.push(
    holder.boundCardId
      ? {
          code: 'card-delivery',
          level: 'info',
          message: 'A card grant is written to the card at its next sync.',
        }
      : {
          code: 'phone-delivery',
          level: 'info',
          message:
            "The key reaches the person's phone when they next open the Tapkey app (at once if they are signed in).",
        },
  );
  const already = steps.length - sending.length;
  if (already)
    notes.push({
      code: 'already-done',
      level: 'info',
      message: `${plural(already, 'lock')} already ${already === 1 ? 'has' : 'have'} this access and will be skipped.`,
    });
  const where =
    lockIds.length === 1
      ? (targets.get(lockIds[0]!.toLowerCase())?.title ?? lockIds[0]!)
      : plural(lockIds.length, 'lock');
  const when = [req.schedule ? describeWeeklySchedule(req.schedule) : '', windowWords(from, until)]
    .filter(Boolean)
    .join(', ');
  return draft(`Give ${holder.label} access to ${where}${when ? ` (${when})` : ''}`, steps, notes);
}
