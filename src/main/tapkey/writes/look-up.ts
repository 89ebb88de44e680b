import type { ChangeKind, StepTarget, WireRequest } from '../../../shared/model';
import type { AccessReads } from '../resources/access-reads';
import { isRecord } from '../schemas';
import { givesAccess, isActive } from './grant-match';

/** What a look-up found: the change is at Tapkey (with the ids it made), or it is not. */
export type LookUpResult =
  { applied: true; grantId: string | null; contactId: string | null } | { applied: false };

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** A grant body as sent, read back (from the journal too): the lock, the holder, the window, the schedule. */
function grantBodyOf(body: unknown) {
  if (!isRecord(body)) return null;
  const boundLockId = str(body.boundLockId);
  if (!boundLockId) return null;
  return {
    boundLockId,
    contactId: str(body.contactId),
    boundCardId: str(body.boundCardId),
    identifier: isRecord(body.contact) ? str(body.contact.identifier) : null,
    wanted: {
      boundLockId,
      validFrom: str(body.validFrom),
      validBefore: str(body.validBefore),
      timeRestrictionIcal: str(body.timeRestrictionIcal),
    },
  };
}

/**
 * Looks at Tapkey to settle a write whose answer was lost: did it happen? Decided from the operation, its target
 * and the request as sent, so the journal's record alone is enough to settle it later:
 * - a new grant happened when the holder has an active grant with exactly that access on that lock;
 * - a revocation or removal from a card happened when the grant (or every grant of the person or card) no longer
 *   gives access;
 * - a new person happened when a person with that address exists.
 * This trusts what Tapkey lists: a grant made by someone else meanwhile with the same access reads as ours.
 */
export async function lookUp(
  reads: AccessReads,
  operation: ChangeKind,
  t: StepTarget,
  request: WireRequest,
  signal?: AbortSignal,
): Promise<LookUpResult> {
  const owner = t.ownerAccountId;
  if (operation === 'give') {
    const body = grantBodyOf(request.body);
    if (!body) return { applied: false };
    let contactIds: string[] = body.contactId ? [body.contactId] : [];
    if (body.identifier)
      contactIds = (await reads.contactsByIdentifier(owner, body.identifier, signal)).map(
        (c) => c.id,
      );
    const holders = body.boundCardId
      ? [{ boundCardId: body.boundCardId }]
      : contactIds.map((contactId) => ({ contactId }));
    for (const h of holders) {
      const grants = await reads.grants(owner, { boundLockId: body.boundLockId, ...h }, signal);
      const match = grants.valid.find((g) => givesAccess(g, body.wanted));
      if (match) return { applied: true, grantId: match.id, contactId: match.holder.contactId };
    }
    return { applied: false };
  }
  if (operation === 'create-contact') {
    const identifier = isRecord(request.body) ? str(request.body.identifier) : null;
    if (!identifier) return { applied: false };
    const found = await reads.contactsByIdentifier(owner, identifier, signal);
    return found[0] ? { applied: true, grantId: null, contactId: found[0].id } : { applied: false };
  }
  if (operation === 'revoke-grant' || operation === 'delete-from-card') {
    if (!t.grantId) return { applied: false };
    const found = await reads.grants(owner, { grantIds: [t.grantId] }, signal);
    const grant = found.valid.find((g) => g.id.toLowerCase() === t.grantId!.toLowerCase());
    // A grant Tapkey no longer lists gives no access either.
    return !grant || !isActive(grant)
      ? { applied: true, grantId: t.grantId, contactId: null }
      : { applied: false };
  }
  // RevokeGrants of a person (revoke-person, offboard) or of a card.
  const filter = t.boundCardId ? { boundCardId: t.boundCardId } : { contactId: t.contactId ?? '' };
  const found = await reads.grants(owner, filter, signal);
  return found.valid.some(isActive)
    ? { applied: false }
    : { applied: true, grantId: null, contactId: t.contactId };
}
