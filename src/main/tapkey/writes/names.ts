import type { StepTarget } from '../../../shared/model';
import type { CheckedGrant } from '../access-schemas';
import type { CardRecord, ContactRecord } from '../write-schemas';

/** A person as people read them: "Title <identifier>", or whichever of the two is set. */
export function contactLabel(c: Pick<ContactRecord, 'title' | 'identifier' | 'id'>): string {
  const title = c.title?.trim() || null;
  const identifier = c.identifier?.trim() || null;
  if (title && identifier && title.toLowerCase() !== identifier.toLowerCase())
    return `${title} <${identifier}>`;
  return title ?? identifier ?? `person ${c.id}`;
}

/** A card as people read it: its title, else what is printed on it. */
export function cardLabel(c: Pick<CardRecord, 'title' | 'label' | 'id'>): string {
  return c.title?.trim() || c.label?.trim() || `card ${c.id}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/**
 * What a grant's embedded objects say (documented: a grant embeds its `contact` or `boundCard` and its
 * `boundLock`): the lock's title, whether it is a group, and the holder's name. Null where Tapkey sent none.
 */
export function embeddedNames(g: CheckedGrant): {
  lockTitle: string | null;
  group: boolean;
  holderLabel: string | null;
} {
  const lock = isRecord(g.raw.boundLock) ? g.raw.boundLock : null;
  const contact = isRecord(g.raw.contact) ? g.raw.contact : null;
  const card = isRecord(g.raw.boundCard) ? g.raw.boundCard : null;
  let holderLabel: string | null = null;
  if (contact)
    holderLabel = contactLabel({
      id: g.holder.contactId ?? '',
      title: str(contact.title),
      identifier: str(contact.identifier) ?? str(contact.email),
    });
  else if (card)
    holderLabel = cardLabel({
      id: g.holder.boundCardId ?? '',
      title: str(card.title),
      label: str(card.label),
    });
  return {
    lockTitle: lock ? str(lock.title) : null,
    group: lock?.targetType === 'Group',
    holderLabel,
  };
}

/** A step's target with every field named, the unknown ones null. */
export function target(t: Partial<StepTarget> & { ownerAccountId: string }): StepTarget {
  return {
    ownerAccountId: t.ownerAccountId,
    ownerAccountName: t.ownerAccountName ?? null,
    boundLockId: t.boundLockId ?? null,
    lockTitle: t.lockTitle ?? null,
    grantId: t.grantId ?? null,
    contactId: t.contactId ?? null,
    boundCardId: t.boundCardId ?? null,
    holderLabel: t.holderLabel ?? null,
  };
}

/** "1 lock", "3 locks". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
