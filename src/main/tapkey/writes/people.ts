import type { Grant, Holder, KeyHolder, LockFeaturesList, PeopleList } from '../../../shared/model';
import type { AccessReads } from '../resources/access-reads';
import { isActive } from './grant-match';
import { cardLabel, contactLabel } from './names';

/**
 * An owner account's persons and cards, each with every grant they hold there (three lists read at once:
 * contacts, cards, grants). Holders without any grant are listed too: they are whom a new grant is given to.
 */
export async function listPeople(
  reads: AccessReads,
  ownerAccountId: string,
  signal?: AbortSignal,
): Promise<PeopleList> {
  const [contacts, cards, grants] = await Promise.all([
    reads.contacts(ownerAccountId, signal),
    reads.cards(ownerAccountId, signal),
    reads.grants(ownerAccountId, { all: true }, signal),
  ]);
  const holders = new Map<string, KeyHolder>();
  const labels = new Map<string, string>();
  // How a grant names its holder: by kind and id, case aside.
  const keyOf = (kind: KeyHolder['kind'], id: string) => `${kind}:${id.toLowerCase()}`;
  const add = (
    kind: KeyHolder['kind'],
    h: { id: string; title: string | null },
    label: string,
    facts: Pick<KeyHolder, 'identifier' | 'label' | 'capacity'>,
  ) => {
    labels.set(keyOf(kind, h.id), label);
    holders.set(keyOf(kind, h.id), {
      kind,
      id: h.id,
      ownerAccountId,
      title: h.title,
      ...facts,
      activeGrants: 0,
      grants: [],
    });
  };
  for (const c of contacts.valid)
    add('contact', c, contactLabel(c), { identifier: c.identifier, label: null, capacity: null });
  for (const c of cards.valid)
    add('card', c, cardLabel(c), { identifier: null, label: c.label, capacity: c.capacity });
  for (const g of grants.valid) {
    const key = g.holder.contactId
      ? keyOf('contact', g.holder.contactId)
      : g.holder.boundCardId
        ? keyOf('card', g.holder.boundCardId)
        : null;
    const holder = key ? holders.get(key) : undefined;
    if (!key || !holder) continue;
    const named: Holder = { ...g.holder, label: labels.get(key) ?? null };
    const grant: Grant = { ...g, holder: named };
    holder.grants.push(grant);
    if (isActive(g)) holder.activeGrants++;
  }
  return {
    ownerAccountId,
    holders: [...holders.values()],
    invalid: [...contacts.invalid, ...cards.invalid, ...grants.invalid],
  };
}

/** An owner account's locks with whether each takes a weekly schedule. */
export async function listLockFeatures(
  reads: AccessReads,
  ownerAccountId: string,
  signal?: AbortSignal,
): Promise<LockFeaturesList> {
  const locks = await reads.locks(ownerAccountId, signal);
  return {
    ownerAccountId,
    locks: locks.valid.map((l) => ({
      boundLockId: l.id,
      title: l.title ?? l.id,
      timeRestrictionIcal: l.ical,
    })),
    invalid: locks.invalid,
  };
}
