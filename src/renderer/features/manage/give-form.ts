import type {
  ChangeRequest,
  Grant,
  KeyHolder,
  LockFeatures,
  Weekday,
  WeeklySchedule,
} from '../../../shared/model';
import { scheduleProblem } from '../../../shared/weekly-schedule';

/** The validity presets the When step offers, then dates of one's own. */
export type WhenPreset = 'until-revoked' | 'today' | 'one-week' | 'custom';

/** Who the new key is for: someone the account already has (person or card), or an e-mail address. */
export type Who = { kind: 'holder'; holder: KeyHolder } | { kind: 'email'; identifier: string };

/** Everything the Give access dialog asks, as the user filled it in. */
export interface GiveForm {
  ownerAccountId: string;
  who: Who | null;
  lockIds: string[];
  preset: WhenPreset;
  /** `datetime-local` values ("2026-12-01T08:00"), local time; empty = open on that side. */
  from: string;
  until: string;
  scheduled: boolean;
  days: Weekday[];
  /** "08:00". */
  start: string;
  end: string;
}

/** A fresh form: until revoked, no schedule (Mon–Fri 08:00–18:00 ready when one is turned on). */
export function emptyGiveForm(ownerAccountId: string): GiveForm {
  return {
    ownerAccountId,
    who: null,
    lockIds: [],
    preset: 'until-revoked',
    from: '',
    until: '',
    scheduled: false,
    days: ['MO', 'TU', 'WE', 'TH', 'FR'],
    start: '08:00',
    end: '18:00',
  };
}

/** Loosely an e-mail address: the preview checks it exactly and says what is wrong. */
export const looksLikeEmail = (s: string): boolean => /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(s.trim());

/** A person or card as the dialogs name them: "Robin Keyholder (robin@example.org)", "Card Spare 3". */
export function holderName(h: KeyHolder): string {
  if (h.kind === 'card') return `Card ${h.title?.trim() || h.label?.trim() || h.id}`;
  const title = h.title?.trim();
  const id = h.identifier?.trim();
  if (title && id && title.toLowerCase() !== id.toLowerCase()) return `${title} (${id})`;
  return title || id || `Person ${h.id}`;
}

/** Who a grant is for, as the dialogs name them. */
export function grantHolderName(h: Grant['holder']): string {
  if (h.label) return h.label;
  return h.kind === 'card'
    ? 'an unnamed card'
    : h.kind === 'contact'
      ? 'an unnamed person'
      : 'nobody';
}

/** The holders whose name, e-mail, card label or id contains every word of `query` (case-insensitive). */
export function matchHolders(holders: readonly KeyHolder[], query: string): KeyHolder[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...holders];
  return holders.filter((h) => {
    const text = [h.title, h.identifier, h.label, h.id, h.kind === 'card' ? 'card' : 'person']
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The contact whose e-mail address is exactly `identifier`, if the account has one. */
export function contactByEmail(
  holders: readonly KeyHolder[],
  identifier: string,
): KeyHolder | null {
  const wanted = identifier.trim().toLowerCase();
  return (
    holders.find((h) => h.kind === 'contact' && h.identifier?.trim().toLowerCase() === wanted) ??
    null
  );
}

const midnight = (d: Date, addDays = 0) =>
  new Date(d.getFullYear(), d.getMonth(), d.getDate() + addDays);

/** A `datetime-local` value as ISO (UTC), or null when empty, or undefined when it is not a date. */
function isoOf(local: string): string | null | undefined {
  if (!local.trim()) return null;
  const t = new Date(local).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/**
 * The validity a preset stands for, in ISO: "today" is this local day, midnight to midnight; "one week" is
 * today and the six days after it; "until revoked" has no end; "custom" is the user's own dates.
 */
function windowOf(
  form: Pick<GiveForm, 'preset' | 'from' | 'until'>,
  now: Date,
): { validFrom: string | null; validBefore: string | null } {
  switch (form.preset) {
    case 'until-revoked':
      return { validFrom: null, validBefore: null };
    case 'today':
      return {
        validFrom: midnight(now).toISOString(),
        validBefore: midnight(now, 1).toISOString(),
      };
    case 'one-week':
      return {
        validFrom: midnight(now).toISOString(),
        validBefore: midnight(now, 7).toISOString(),
      };
    case 'custom':
      return { validFrom: isoOf(form.from) ?? null, validBefore: isoOf(form.until) ?? null };
  }
}

/** What keeps the When step from going on, in one sentence, or null. */
export function whenProblem(
  form: GiveForm,
  now: Date,
  blockers: readonly LockFeatures[] = [],
): string | null {
  if (form.preset === 'custom') {
    const from = isoOf(form.from);
    const until = isoOf(form.until);
    if (from === undefined) return '“From” is not a date and time.';
    if (until === undefined) return '“Until” is not a date and time.';
    if (from && until && Date.parse(until) <= Date.parse(from))
      return '“Until” must be after “From”.';
    if (until && Date.parse(until) <= now.getTime())
      return '“Until” is in the past: this access would never work.';
  }
  if (form.scheduled && blockers.length)
    return `${blockers.map((b) => b.title).join(', ')} cannot keep a weekly schedule: turn the schedule off, or leave ${blockers.length === 1 ? 'that lock' : 'those locks'} out.`;
  return form.scheduled ? scheduleProblem(scheduleOf(form)) : null;
}

const scheduleOf = (form: GiveForm): WeeklySchedule => ({
  days: form.days,
  start: form.start,
  end: form.end,
});

/** The chosen locks that cannot take a weekly schedule (Tapkey does not report time-restriction support). */
export function scheduleBlockers(
  lockIds: readonly string[],
  features: readonly LockFeatures[],
): LockFeatures[] {
  const chosen = new Set(lockIds.map((id) => id.toLowerCase()));
  return features.filter(
    (f) => chosen.has(f.boundLockId.toLowerCase()) && f.timeRestrictionIcal !== 'supported',
  );
}

/** The change the form asks for; the preview then checks it against Tapkey and says what will be sent. */
export function giveRequest(form: GiveForm, now: Date): ChangeRequest {
  const who = form.who;
  if (!who) throw new Error('giveRequest: nobody chosen');
  const holder =
    who.kind === 'email'
      ? { kind: 'email' as const, identifier: who.identifier.trim() }
      : who.holder.kind === 'card'
        ? { kind: 'card' as const, boundCardId: who.holder.id }
        : { kind: 'contact' as const, contactId: who.holder.id };
  return {
    kind: 'give',
    ownerAccountId: form.ownerAccountId,
    holder,
    boundLockIds: form.lockIds,
    ...windowOf(form, now),
    schedule: form.scheduled ? scheduleOf(form) : null,
  };
}
