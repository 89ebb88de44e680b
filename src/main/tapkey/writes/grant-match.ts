import { sameSchedule, scheduleFromIcal } from '../../../shared/weekly-schedule';
import type { CheckedGrant } from '../access-schemas';

/** The access a new grant would give, compared with the grants a holder already has. */
export interface WantedAccess {
  boundLockId: string;
  validFrom: string | null;
  validBefore: string | null;
  timeRestrictionIcal: string | null;
}

/** The same instant (null = unlimited): Tapkey may write a date another way than it was sent (`.000Z`, an offset). */
export function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isFinite(x) && Number.isFinite(y) ? x === y : a === b;
}

/** The same time restriction: the same weekly schedule when both read as one, else the same text (line ends aside). */
export function sameIcal(a: string | null, b: string | null): boolean {
  const blank = (s: string | null) => (s?.trim() ? s : null);
  const x = blank(a);
  const y = blank(b);
  if (x === null || y === null) return x === y;
  const sx = scheduleFromIcal(x);
  const sy = scheduleFromIcal(y);
  if (sx && sy) return sameSchedule(sx, sy);
  const norm = (s: string) => s.replace(/\r\n/g, '\n').trim();
  return norm(x) === norm(y);
}

/**
 * True when `g` is an active grant giving exactly this access (lock, window, schedule). What "active" means is
 * Tapkey's `active` flag, with `state` "Ok" standing in when the flag is missing.
 */
export function givesAccess(g: CheckedGrant, wanted: WantedAccess): boolean {
  const active = g.active ?? g.state === 'Ok';
  return (
    active &&
    g.boundLockId.toLowerCase() === wanted.boundLockId.toLowerCase() &&
    sameInstant(g.validFrom, wanted.validFrom) &&
    sameInstant(g.validBefore, wanted.validBefore) &&
    sameIcal(g.timeRestrictionIcal, wanted.timeRestrictionIcal)
  );
}

/** True while a grant still gives access (Tapkey's `active`, else state "Ok"). */
export const isActive = (g: CheckedGrant): boolean => g.active ?? g.state === 'Ok';
