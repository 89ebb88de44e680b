import type { Grant, KeyHolder } from '../../../shared/model';

/** Whether a grant gives access now, soon, no more, or is on its way out, in words. */
export function keyState(g: Grant, now: number): string {
  if (g.active === false || (g.state && g.state !== 'Ok')) return stateWords(g.state);
  if (g.validBefore !== null && Date.parse(g.validBefore) <= now) return 'Expired';
  if (g.validFrom !== null && Date.parse(g.validFrom) > now) return 'Not yet valid';
  return 'Active';
}

/** Tapkey's state names read as words ("RevocationPending" → "Revocation pending"); unknown ones as they come. */
function stateWords(state: string | null): string {
  if (!state) return 'Inactive';
  const words = state.replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** True while a grant still opens its lock (Tapkey says `Ok`, active, and its dates allow it today or later). */
export function opensNowOrLater(g: Grant, now: number): boolean {
  return isOk(g) && (g.validBefore === null || Date.parse(g.validBefore) > now);
}

/** Tapkey calls the grant active (or, where it did not say, its state is Ok). */
const isOk = (g: Grant): boolean => g.active === true || (g.active === null && g.state === 'Ok');

/** Where a grant opens: the lock's (or group's) title as Tapkey embedded it, else as the locks list names it. */
export function grantPlace(g: Grant, lockTitle: (id: string) => string | null): string {
  const title = g.target.title ?? lockTitle(g.boundLockId) ?? g.boundLockId;
  return g.target.kind === 'group' ? `${title} (group)` : title;
}

/** "Robin Keyholder", else the e-mail address, else the card's label: the name a row leads with. */
export function leadName(h: KeyHolder): string {
  return h.title?.trim() || h.identifier?.trim() || h.label?.trim() || h.id;
}

/** The line under the name: the e-mail address when the title leads, a card's printed label. */
export function subName(h: KeyHolder): string | null {
  const lead = leadName(h);
  const second = h.kind === 'card' ? h.label?.trim() : h.identifier?.trim();
  return second && second !== lead ? second : null;
}

/** People first, then cards; each by name (case- and accent-insensitive, numbers by value). */
export function sortHolders(holders: readonly KeyHolder[]): KeyHolder[] {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return [...holders].sort(
    (a, b) =>
      (a.kind === b.kind ? 0 : a.kind === 'contact' ? -1 : 1) ||
      collator.compare(leadName(a), leadName(b)),
  );
}

/** "3 keys" or "2 keys, 1 expired" for a person, "11 of 12 keys" (the places taken) for a card. */
export function keysLabel(h: KeyHolder, now: number): string {
  // A card's count is of the places on it, which Tapkey fills with every grant still Ok (expired ones included).
  if (h.kind === 'card' && h.capacity !== null) return `${h.activeGrants} of ${h.capacity} keys`;
  // A person's keys are those that open a door today or later. An expired grant stays Ok at Tapkey until it is
  // revoked (offboarding revokes it too), so it is counted beside them, never as a key that opens.
  const keys = h.grants.filter((g) => opensNowOrLater(g, now)).length;
  const expired = h.grants.filter(
    (g) => isOk(g) && g.validBefore !== null && Date.parse(g.validBefore) <= now,
  ).length;
  const label = keys === 1 ? '1 key' : `${keys} keys`;
  return expired ? `${label}, ${expired} expired` : label;
}

/** The places a holder's keys open today or later, named and deduplicated, for the list's Locks column. */
export function placesOf(
  h: KeyHolder,
  lockTitle: (id: string) => string | null,
  now: number,
): string[] {
  return [
    ...new Set(
      h.grants.filter((g) => opensNowOrLater(g, now)).map((g) => grantPlace(g, lockTitle)),
    ),
  ];
}
