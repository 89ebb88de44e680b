import type { Holder } from '../../shared/model';
import type { Check } from './schemas';

// As in schemas.ts: validate the fields we use, keep the rest (Tapkey adds fields at any time).

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (path: string, expected: string): { ok: false; problem: string } => ({
  ok: false,
  problem: `${path}: expected ${expected}`,
});

function idOf(v: unknown): string | null {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return null;
}

/** An optional id/string field: absent or null is null. */
function optional(o: Record<string, unknown>, key: string, date = false): Check<string | null> {
  const v = o[key];
  if (v === undefined || v === null) return { ok: true, value: null };
  if (typeof v === 'number' && !date && Number.isInteger(v)) return { ok: true, value: String(v) };
  if (typeof v !== 'string') return bad(key, date ? 'ISO date' : 'string');
  if (date && !Number.isFinite(Date.parse(v))) return bad(key, 'ISO date');
  return { ok: true, value: v };
}

/** A grant or log entry before its holder's name is resolved. */
export interface UnresolvedHolder {
  contactId: string | null;
  boundCardId: string | null;
}

const holderOf = (ids: UnresolvedHolder): Holder => ({
  kind: ids.contactId ? 'contact' : ids.boundCardId ? 'card' : 'none',
  label: null,
  ...ids,
});

/** A grant as checked, holder not yet resolved. */
export interface CheckedGrant {
  id: string;
  boundLockId: string;
  holder: Holder;
  state: string | null;
  active: boolean | null;
  validFrom: string | null;
  validBefore: string | null;
  timeRestrictionIcal: string | null;
  raw: Record<string, unknown>;
}

/** Checks one grant. */
export function checkGrant(item: unknown): Check<CheckedGrant> {
  if (!isRecord(item)) return bad('item', 'object');
  const id = idOf(item.id);
  if (id === null) return bad('id', 'string');
  const boundLockId =
    idOf(item.boundLockId) ?? (isRecord(item.boundLock) ? idOf(item.boundLock.id) : null);
  if (boundLockId === null) return bad('boundLockId', 'string');
  const fields: Record<string, string | null> = {};
  for (const [key, date] of [
    ['contactId', false],
    ['boundCardId', false],
    ['state', false],
    ['validFrom', true],
    ['validBefore', true],
    ['timeRestrictionIcal', false],
  ] as const) {
    const r = optional(item, key, date);
    if (!r.ok) return r;
    fields[key] = r.value;
  }
  if (item.active !== undefined && item.active !== null && typeof item.active !== 'boolean')
    return bad('active', 'boolean');
  return {
    ok: true,
    value: {
      id,
      boundLockId,
      holder: holderOf({
        contactId: fields.contactId ?? null,
        boundCardId: fields.boundCardId ?? null,
      }),
      state: fields.state ?? null,
      active: typeof item.active === 'boolean' ? item.active : null,
      validFrom: fields.validFrom ?? null,
      validBefore: fields.validBefore ?? null,
      timeRestrictionIcal: fields.timeRestrictionIcal ?? null,
      raw: item,
    },
  };
}

/** A log entry as checked, holder not yet resolved. */
export interface CheckedLogEntry {
  id: string;
  entryNo: number | null;
  lockTimestamp: string;
  receivedAt: string | null;
  logType: string | null;
  command: string | null;
  holder: Holder;
}

/** Checks one log entry; `lockTimestamp` is required (it orders the log). */
export function checkLogEntry(item: unknown): Check<CheckedLogEntry> {
  if (!isRecord(item)) return bad('item', 'object');
  const id = idOf(item.id);
  if (id === null) return bad('id', 'string');
  if (typeof item.lockTimestamp !== 'string' || !Number.isFinite(Date.parse(item.lockTimestamp)))
    return bad('lockTimestamp', 'ISO date');
  if (item.entryNo !== undefined && item.entryNo !== null && typeof item.entryNo !== 'number')
    return bad('entryNo', 'number');
  const fields: Record<string, string | null> = {};
  for (const [key, date] of [
    ['receivedAt', true],
    ['logType', false],
    ['command', false],
    ['contactId', false],
    ['boundCardId', false],
  ] as const) {
    const r = optional(item, key, date);
    if (!r.ok) return r;
    fields[key] = r.value;
  }
  return {
    ok: true,
    value: {
      id,
      entryNo: typeof item.entryNo === 'number' ? item.entryNo : null,
      lockTimestamp: item.lockTimestamp,
      receivedAt: fields.receivedAt ?? null,
      logType: fields.logType ?? null,
      command: fields.command ?? null,
      holder: holderOf({
        contactId: fields.contactId ?? null,
        boundCardId: fields.boundCardId ?? null,
      }),
    },
  };
}

/** Checks one contact or card as the resolver reads it: an id and the one label field (e-mail or title). */
export function checkLabelled(field: 'email' | 'title') {
  return (item: unknown): Check<{ id: string; label: string | null }> => {
    if (!isRecord(item)) return bad('item', 'object');
    const id = idOf(item.id);
    if (id === null) return bad('id', 'string');
    const label = optional(item, field);
    if (!label.ok) return label;
    return { ok: true, value: { id, label: label.value } };
  };
}
