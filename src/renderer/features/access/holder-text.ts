import type { Grant, Holder } from '../../../shared/model';

/** Who, as people read it: a name, and the identifier shown beside it when it is not the name itself. */
export interface HolderText {
  /** The title, else the identifier (e-mail, external user id, a card's label), else what is known. */
  name: string;
  /** The identifier beside the name, when both are set. */
  detail: string | null;
  /** The name stands for something unknown (a deleted contact, nothing recorded): shown muted. */
  vague: boolean;
}

/** How a grant's or log entry's holder is shown: title with identifier beside it; contacts with neither say so. */
export function holderText(h: Holder): HolderText {
  if (h.kind === 'none') return { name: 'Nobody recorded', detail: null, vague: true };
  const what = h.kind === 'card' ? 'card' : 'person';
  if (!h.known) return { name: `Unknown ${what} (no longer in Tapkey)`, detail: null, vague: true };
  if (h.title && h.identifier) return { name: h.title, detail: h.identifier, vague: false };
  if (h.label) return { name: h.label, detail: null, vague: false };
  return { name: `A ${what} without a name or identifier`, detail: null, vague: true };
}

/** One line of text for sorting and searching: the name, then the identifier. */
export function holderSortKey(h: Holder): string {
  const t = holderText(h);
  return t.detail ? `${t.name} ${t.detail}` : t.name;
}

/** A grant's state in words. Tapkey documents Ok and Revoked; anything else is shown as it comes, never hidden. */
export function grantStateText(g: Grant, now: number): string {
  const state = g.state;
  if (state === 'Revoked') return 'Revoked';
  if (state === 'RevocationPending') return 'Revoking: pending until the lock syncs';
  if (state === 'DeletionFromCardPending') return 'Removing from the card at its next sync';
  if (state !== null && state !== 'Ok') return `${state} (as Tapkey says)`;
  if (g.active === false) return 'Inactive';
  if (g.validBefore !== null && Date.parse(g.validBefore) <= now) return 'Expired';
  if (g.validFrom !== null && Date.parse(g.validFrom) > now) return 'Not yet valid';
  return 'Active';
}

/** What a grant's holder anomaly means, or null when Tapkey named exactly one holder. */
export function holderProblemText(g: Grant): string | null {
  if (g.holderProblem === 'both')
    return `Tapkey names both this person and a card (${g.holder.boundCardId}) for this grant.`;
  if (g.holderProblem === 'neither')
    return 'Tapkey names neither a person nor a card for this grant.';
  return null;
}
