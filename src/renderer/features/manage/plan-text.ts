import type { ChangePlan, PlannedStep, WireRequest } from '../../../shared/model';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the change amounts to, in counts: "3 new keys on 3 locks in 1 owner account". */
export function planCounts(plan: ChangePlan): string {
  const { keys, locks, accounts } = plan.counts;
  const where = `${plural(locks, 'lock')} in ${plural(accounts, 'owner account')}`;
  switch (plan.request.kind) {
    case 'give':
      return `${plural(keys, 'new key')} on ${where}`;
    case 'create-contact':
      return `1 new person in ${plural(accounts, 'owner account')}`;
    case 'delete-from-card':
      return `${plural(keys, 'key')} removed from a card, on ${where}`;
    default:
      return `${plural(keys, 'key')} revoked on ${where}`;
  }
}

/** One request as a line: "PUT Owners/…/Grants". */
export const requestLine = (r: WireRequest) => `${r.method} ${r.path}`;

/** A request body as the review shows it: indented JSON, or nothing for a request without one. */
export function bodyText(r: WireRequest): string | null {
  return r.body === null || r.body === undefined ? null : JSON.stringify(r.body, null, 2);
}

/** Where a step acts, for people: "Front door · Office", "robin@example.org · Office". */
export function stepWhere(step: PlannedStep): string {
  const t = step.target;
  const what = t.lockTitle ?? t.boundLockId ?? t.holderLabel ?? t.grantId ?? '';
  const account = t.ownerAccountName ?? t.ownerAccountId;
  return what ? `${what} · ${account}` : account;
}
