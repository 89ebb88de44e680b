import type { ChangeRequest, Contact, OwnerAccount, PlanProblem } from '../../../shared/model';
import { isFailure } from '../../errors';
import { writeCalls } from '../resources/access-writes';
import type { Draft, DraftStep } from './draft';
import { contactLabel, plural, target } from './names';
import { accountOf, invalidEmail, isEmail, orProblem, type PlanContext } from './plan-context';
import { groupNote, holderStep } from './plan-revoke';

type Of<K extends ChangeRequest['kind']> = Extract<ChangeRequest, { kind: K }>;

/** Who to look for: an e-mail address in every chosen account, or one contact of one account. */
type Wanted =
  | { identifier: string; label: string }
  | { identifier: null; label: string; ownerAccountId: string; contactId: string };

/** The accounts to look in: all of the user's, or the ones named (each checked). */
async function accountsOf(
  ctx: PlanContext,
  req: Of<'offboard'>,
  problems: PlanProblem[],
): Promise<OwnerAccount[]> {
  if (req.ownerAccountIds === 'all') return ctx.listOwnerAccounts(ctx.signal);
  const found = await Promise.all(
    [...new Set(req.ownerAccountIds.map((id) => id.toLowerCase()))].map((id) =>
      accountOf(ctx, problems, id),
    ),
  );
  return found.filter((a): a is OwnerAccount => a !== null);
}

/** Resolves the person: an address as given, or the contact's own identifier. */
async function wantedOf(
  ctx: PlanContext,
  req: Of<'offboard'>,
  problems: PlanProblem[],
): Promise<Wanted | null> {
  const p = req.person;
  if (p.kind === 'email') {
    if (!isEmail(p.identifier)) {
      problems.push(invalidEmail(p.identifier));
      return null;
    }
    return { identifier: p.identifier.trim(), label: p.identifier.trim() };
  }
  const contact = await orProblem(
    problems,
    () => ctx.reads.contact(p.ownerAccountId, p.contactId, ctx.signal),
    `No person ${p.contactId} in owner account ${p.ownerAccountId}.`,
  );
  if (!contact) return null;
  const onlyHere =
    req.ownerAccountIds !== 'all' &&
    req.ownerAccountIds.every((id) => id.toLowerCase() === p.ownerAccountId.toLowerCase());
  if (contact.identifier && !onlyHere)
    return { identifier: contact.identifier, label: contactLabel(contact) };
  if (!onlyHere) {
    problems.push({
      code: 'invalid-payload',
      message: `${contactLabel(contact)} has no e-mail address to find them in other owner accounts; offboard them in ${p.ownerAccountId} only.`,
    });
    return null;
  }
  return {
    identifier: null,
    label: contactLabel(contact),
    ownerAccountId: p.ownerAccountId,
    contactId: contact.id,
  };
}

/** The person's contacts in one account. */
async function contactsIn(
  ctx: PlanContext,
  account: OwnerAccount,
  wanted: Wanted,
): Promise<Contact[]> {
  if (wanted.identifier === null)
    return account.id.toLowerCase() === wanted.ownerAccountId.toLowerCase()
      ? [await ctx.reads.contact(account.id, wanted.contactId, ctx.signal)]
      : [];
  return ctx.reads.contactsByIdentifier(account.id, wanted.identifier, ctx.signal);
}

/**
 * Plans offboarding: in every chosen owner account, every contact with the person's e-mail address, and for each
 * one holding an active grant one `POST Contacts/{id}/RevokeGrants`. Accounts where the person's grants are all
 * inactive are `already` done (running it again sends nothing); a person found nowhere, or holding no keys at
 * all, is a problem. Accounts are read in parallel within the client's bound on requests in flight.
 */
export async function planOffboard(ctx: PlanContext, req: Of<'offboard'>): Promise<Draft> {
  const problems: PlanProblem[] = [];
  const [wanted, accounts] = await Promise.all([
    wantedOf(ctx, req, problems),
    accountsOf(ctx, req, problems),
  ]);
  const fallback = 'Remove all access for a person';
  if (!wanted || problems.length) return { title: fallback, steps: [], problems, notes: [] };

  const perAccount = await Promise.all(
    accounts.map(async (account) => {
      let contacts: Contact[];
      try {
        contacts = await contactsIn(ctx, account, wanted);
      } catch (e) {
        // An account the user can see but whose people they may not (a role without access: 403 'forbidden'):
        // said, not skipped.
        if (!isFailure(e, 'forbidden', 'permission', 'not-found')) throw e;
        return [
          {
            kind: 'refused' as const,
            account,
            reason: e.message,
          },
        ];
      }
      return Promise.all(
        contacts.map(async (contact) => {
          const grants = (await ctx.reads.grants(account.id, { contactId: contact.id }, ctx.signal))
            .valid;
          const label = contactLabel(contact);
          return {
            kind: 'holder' as const,
            account,
            ...holderStep(ctx, account, { person: true, id: contact.id, label }, grants),
          };
        }),
      );
    }),
  );
  const results = perAccount.flat();
  const steps: DraftStep[] = [];
  let found = 0;
  for (const r of results) {
    if (r.kind === 'refused') {
      steps.push({
        target: target({ ownerAccountId: r.account.id, ownerAccountName: r.account.name }),
        disposition: 'refused',
        reason: r.reason,
        call: null,
        revokes: [],
        grantIds: [],
      });
      continue;
    }
    found++;
    if (r.step) steps.push(r.step);
  }
  const where = plural(accounts.length, 'owner account');
  const only = accounts.length === 1 ? accounts[0]!.name : null;
  // Only what was read is claimed: an account that refused says nothing of whether the person is there.
  const refused = results.filter((r) => r.kind === 'refused').length;
  const readable = accounts.length - refused;
  const looked = refused > 0 ? `the ${plural(readable, 'owner account')} that could be read` : null;
  let problem: string | null = null;
  if (readable === 0)
    problem = `Could not look for ${wanted.label}: ${only ? `${only} does not let you` : `none of your ${where} lets you`} read its people.`;
  else if (found === 0)
    problem = `${wanted.label} is not a person in ${looked ?? only ?? `any of your ${where}`}.`;
  else if (!steps.some((s) => s.disposition !== 'refused'))
    problem = `${wanted.label} holds no keys in ${looked ?? where}: there is nothing to revoke.`;
  if (problem) problems.push({ code: 'not-found', message: problem });
  const sending = steps.filter((s) => s.disposition === 'send');
  const keys = sending.reduce((n, s) => n + s.grantIds.length, 0);
  const locks = new Set(
    sending.flatMap((s) => s.revokes.map((k) => `${k.ownerAccountId}/${k.boundLockId}`)),
  );
  const inAccounts = new Set(sending.map((s) => s.target.ownerAccountId)).size;
  return {
    title: sending.length
      ? `Remove all access for ${wanted.label}: ${plural(keys, 'key')} on ${plural(locks.size, 'lock')} in ${plural(inAccounts, 'owner account')}`
      : `Remove all access for ${wanted.label}`,
    steps,
    problems,
    notes: groupNote(sending.flatMap((s) => s.revokes)),
  };
}

/** Plans creating a person (`PUT Contacts`), skipped when the address is already one in the account. */
export async function planCreateContact(
  ctx: PlanContext,
  req: Of<'create-contact'>,
): Promise<Draft> {
  const problems: PlanProblem[] = [];
  const identifier = req.identifier.trim();
  const title = `Add ${identifier} as a person`;
  if (!isEmail(identifier))
    return { title, steps: [], problems: [invalidEmail(identifier)], notes: [] };
  const [account, existing] = await Promise.all([
    accountOf(ctx, problems, req.ownerAccountId),
    orProblem(
      [],
      () => ctx.reads.contactsByIdentifier(req.ownerAccountId, identifier, ctx.signal),
      '',
    ),
  ]);
  if (!account) return { title, steps: [], problems, notes: [] };
  const same = existing?.[0];
  const t = target({
    ownerAccountId: account.id,
    ownerAccountName: account.name,
    contactId: same?.id ?? null,
    holderLabel: same ? contactLabel(same) : identifier,
  });
  const name = req.title?.trim();
  const step: DraftStep = same
    ? {
        target: t,
        disposition: 'already',
        reason: `${identifier} is already a person in ${account.name}.`,
        call: null,
        revokes: [],
        grantIds: [],
      }
    : {
        target: t,
        disposition: 'send',
        reason: null,
        call: writeCalls.createContact(account.id, {
          ipId: 'tapkey',
          identifier,
          ...(name ? { title: name } : {}),
        }),
        revokes: [],
        grantIds: [],
      };
  return { title: `${title} in ${account.name}`, steps: [step], problems, notes: [] };
}
