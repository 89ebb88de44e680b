import type { ChangeRequest, OwnerAccount, PlanNote, PlanProblem } from '../../../shared/model';
import type { CheckedGrant } from '../access-schemas';
import { writeCalls, type WriteCall } from '../resources/access-writes';
import type { Draft, DraftStep, RevokedKey } from './draft';
import { isActive } from './grant-match';
import { cardLabel, contactLabel, embeddedNames, plural, target } from './names';
import { accountOf, orProblem, type PlanContext } from './plan-context';

type Of<K extends ChangeRequest['kind']> = Extract<ChangeRequest, { kind: K }>;

/** What "card is lost: revoke" means, said where a card's keys are revoked. */
const CARD_LOST_NOTE: PlanNote = {
  code: 'card-lost',
  level: 'info',
  message:
    "Card is lost: revoke. Each key goes on the revocation list of its lock and stops working there at the lock's next sync; a list that overflows revokes older keys too. If the card is still in hand, remove the key from the card instead.",
};

/** What "card is here: remove its keys" means. */
const CARD_IN_HAND_NOTE: PlanNote = {
  code: 'card-in-hand',
  level: 'info',
  message:
    'Card is here: the key is removed from the card at its next sync (hold it to a lock or to a phone with the Tapkey app). Nothing goes on a revocation list, so no other key is affected; until it syncs, the card still opens the lock.',
};

/** The revocation-list entries revoking `grants` makes: still-valid ones only go on a list. */
function keysOf(
  ownerAccountId: string,
  grants: readonly CheckedGrant[],
  now: number,
): RevokedKey[] {
  return grants.map((g) => {
    const names = embeddedNames(g);
    return {
      grantId: g.id,
      ownerAccountId,
      boundLockId: g.boundLockId,
      lockTitle: names.lockTitle,
      list: g.holder.boundCardId ? 'card' : 'phone',
      group: names.group,
      listed: g.validBefore === null || Date.parse(g.validBefore) > now,
    };
  });
}

/** The note that group grants are counted per group. */
export function groupNote(keys: readonly RevokedKey[]): PlanNote[] {
  return keys.some((k) => k.group && k.listed)
    ? [
        {
          code: 'group-grant',
          level: 'info',
          message:
            "A group grant's key goes on the list of each lock in the group; Tapkey does not list a group's locks, so it is counted once, under the group.",
        },
      ]
    : [];
}

/**
 * The owner account and one of its grants, read at once. Only one problem is reported: an unknown account
 * answers 404 everywhere, so its grant is not called unknown as well.
 */
async function accountAndGrant(
  ctx: PlanContext,
  ownerAccountId: string,
  grantId: string,
): Promise<{ account: OwnerAccount; grant: CheckedGrant } | PlanProblem> {
  const problems: PlanProblem[] = [];
  const [account, found] = await Promise.all([
    accountOf(ctx, problems, ownerAccountId),
    orProblem([], () => ctx.reads.grants(ownerAccountId, { grantIds: [grantId] }, ctx.signal), ''),
  ]);
  if (!account) return problems[0]!;
  const grant = found?.valid.find((g) => g.id.toLowerCase() === grantId.toLowerCase());
  if (!grant) return { code: 'not-found', message: `No grant ${grantId} in ${account.name}.` };
  return { account, grant };
}

/** A step that revokes or removes one grant, or says it is already inactive. */
function oneGrantStep(
  account: OwnerAccount,
  grant: CheckedGrant,
  call: WriteCall,
  revokes: RevokedKey[],
): DraftStep {
  const names = embeddedNames(grant);
  const t = target({
    ownerAccountId: account.id,
    ownerAccountName: account.name,
    boundLockId: grant.boundLockId,
    lockTitle: names.lockTitle,
    grantId: grant.id,
    contactId: grant.holder.contactId,
    boundCardId: grant.holder.boundCardId,
    holderLabel: names.holderLabel,
  });
  if (!isActive(grant))
    return {
      target: t,
      disposition: 'already',
      reason: `This grant no longer gives access (Tapkey says ${grant.state ?? 'inactive'}).`,
      call: null,
      revokes: [],
      grantIds: [],
    };
  return { target: t, disposition: 'send', reason: null, call, revokes, grantIds: [grant.id] };
}

/** Plans revoking one grant (`POST Grants/{id}/Revoke`). */
export async function planRevokeGrant(ctx: PlanContext, req: Of<'revoke-grant'>): Promise<Draft> {
  const found = await accountAndGrant(ctx, req.ownerAccountId, req.grantId);
  if (!('grant' in found))
    return { title: 'Revoke a grant', steps: [], problems: [found], notes: [] };
  const { account, grant } = found;
  const names = embeddedNames(grant);
  const step = oneGrantStep(
    account,
    grant,
    writeCalls.revokeGrant(account.id, grant.id),
    keysOf(account.id, [grant], ctx.now),
  );
  return {
    title: `Revoke ${names.holderLabel ?? 'this grant'}'s access to ${names.lockTitle ?? grant.boundLockId}`,
    steps: [step],
    problems: [],
    notes: [...(grant.holder.boundCardId ? [CARD_LOST_NOTE] : []), ...groupNote(step.revokes)],
  };
}

/** Plans removing one grant from a card still in hand (`POST Grants/{id}/DeleteFromCard`). */
export async function planDeleteFromCard(
  ctx: PlanContext,
  req: Of<'delete-from-card'>,
): Promise<Draft> {
  const found = await accountAndGrant(ctx, req.ownerAccountId, req.grantId);
  const title = 'Remove a key from a card';
  if (!('grant' in found)) return { title, steps: [], problems: [found], notes: [] };
  const { account, grant } = found;
  if (!grant.holder.boundCardId)
    return {
      title,
      steps: [],
      problems: [
        {
          code: 'invalid-payload',
          message: 'This grant is for a person, not a card: revoke it instead.',
        },
      ],
      notes: [],
    };
  const names = embeddedNames(grant);
  const step = oneGrantStep(account, grant, writeCalls.deleteFromCard(account.id, grant.id), []);
  return {
    title: `Remove the key for ${names.lockTitle ?? grant.boundLockId} from ${names.holderLabel ?? 'the card'} at its next sync`,
    steps: [step],
    problems: [],
    notes: [CARD_IN_HAND_NOTE],
  };
}

/** Plans revoking every grant of a person in one account, or of a lost card (`POST …/RevokeGrants`). */
export async function planRevokeHolder(
  ctx: PlanContext,
  req: Of<'revoke-person'> | Of<'revoke-card'>,
): Promise<Draft> {
  const problems: PlanProblem[] = [];
  const holderProblems: PlanProblem[] = [];
  const owner = req.ownerAccountId;
  const person = req.kind === 'revoke-person';
  const holderId = person ? req.contactId : req.boundCardId;
  const [account, label] = await Promise.all([
    accountOf(ctx, problems, owner),
    orProblem(
      holderProblems,
      async () =>
        person
          ? contactLabel(await ctx.reads.contact(owner, holderId, ctx.signal))
          : cardLabel(await ctx.reads.card(owner, holderId, ctx.signal)),
      `No ${person ? 'person' : 'card'} ${holderId} in this owner account.`,
    ),
  ]);
  const title = person ? "Revoke a person's access" : "Revoke a lost card's keys";
  if (!account || label === null)
    return { title, steps: [], problems: [...problems, ...holderProblems].slice(0, 1), notes: [] };
  const grants = (
    await ctx.reads.grants(
      owner,
      person ? { contactId: holderId } : { boundCardId: holderId },
      ctx.signal,
    )
  ).valid;
  const draft = holderStep(ctx, account, { person, id: holderId, label }, grants);
  return {
    title: person
      ? `Revoke all access of ${label} in ${account.name}`
      : `Revoke every key of the lost card ${label}`,
    steps: draft.step ? [draft.step] : [],
    problems: draft.problem ? [draft.problem] : [],
    notes: [...(person ? [] : [CARD_LOST_NOTE]), ...groupNote(draft.step?.revokes ?? [])],
  };
}

/**
 * The RevokeGrants step for one holder in one account: sent when they hold an active grant, `already` when all
 * their grants are inactive (a re-run), and a problem when they hold none at all.
 */
export function holderStep(
  ctx: Pick<PlanContext, 'now'>,
  account: OwnerAccount,
  holder: { person: boolean; id: string; label: string },
  grants: readonly CheckedGrant[],
): { step: DraftStep | null; problem: PlanProblem | null } {
  if (grants.length === 0)
    return {
      step: null,
      problem: {
        code: 'not-found',
        message: `${holder.label} holds no keys in ${account.name}: there is nothing to revoke.`,
      },
    };
  const active = grants.filter(isActive);
  const t = target({
    ownerAccountId: account.id,
    ownerAccountName: account.name,
    contactId: holder.person ? holder.id : null,
    boundCardId: holder.person ? null : holder.id,
    holderLabel: holder.label,
  });
  if (active.length === 0)
    return {
      step: {
        target: t,
        disposition: 'already',
        reason: `None of ${holder.label}'s ${plural(grants.length, 'grant')} in ${account.name} gives access any more.`,
        call: null,
        revokes: [],
        grantIds: [],
      },
      problem: null,
    };
  return {
    step: {
      target: t,
      disposition: 'send',
      reason: null,
      call: holder.person
        ? writeCalls.revokeContactGrants(account.id, holder.id)
        : writeCalls.revokeCardGrants(account.id, holder.id),
      revokes: keysOf(account.id, active, ctx.now),
      grantIds: active.map((g) => g.id),
    },
    problem: null,
  };
}
