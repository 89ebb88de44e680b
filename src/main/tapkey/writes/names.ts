import type { StepTarget } from '../../../shared/model';
import type { CheckedGrant } from '../access-schemas';
import type { Contact } from '../../../shared/model';
import type { CardRecord } from '../write-schemas';

/** A person as people read them: "Title <identifier>", or whichever of the two is set. */
export function contactLabel(c: Pick<Contact, 'title' | 'identifier' | 'id'>): string {
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

/**
 * What a grant's embedded objects say (documented: a grant embeds its `contact` or `boundCard` and its
 * `boundLock`, read by checkGrant): the lock's title, whether it is a group, and the holder's name. Null where
 * Tapkey sent none.
 */
export function embeddedNames(g: CheckedGrant): {
  lockTitle: string | null;
  group: boolean;
  holderLabel: string | null;
} {
  const h = g.holder;
  const named = h.title !== null || h.identifier !== null;
  const holderLabel = !named
    ? null
    : h.kind === 'contact'
      ? contactLabel({ id: h.contactId ?? '', title: h.title, identifier: h.identifier })
      : h.kind === 'card'
        ? cardLabel({ id: h.boundCardId ?? '', title: h.title, label: h.identifier })
        : null;
  return { lockTitle: g.target.title, group: g.target.kind === 'group', holderLabel };
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
