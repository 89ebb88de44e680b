import type {
  Contact,
  Grant,
  GrantTarget,
  Holder,
  LockGroup,
  LogEntry,
  MembershipCount,
} from '../../shared/model';
import { bad, checkIdentified, idOf, isRecord, type Check } from './schemas';

// As in schemas.ts: validate the fields we use, keep the rest (Tapkey adds fields at any time).

/** An optional id/string field: absent or null is null. */
function optional(o: Record<string, unknown>, key: string, date = false): Check<string | null> {
  const v = o[key];
  if (v === undefined || v === null) return { ok: true, value: null };
  if (typeof v === 'number' && !date && Number.isInteger(v)) return { ok: true, value: String(v) };
  if (typeof v !== 'string') return bad(key, date ? 'ISO date' : 'string');
  if (date && !Number.isFinite(Date.parse(v))) return bad(key, 'ISO date');
  return { ok: true, value: v };
}

/** Reads several optional fields at once, in order (those in `dates` as ISO dates); the first problem wins. */
function optionals<K extends string>(
  o: Record<string, unknown>,
  fields: readonly K[],
  dates: readonly K[] = [],
): Check<Record<K, string | null>> {
  const out = {} as Record<K, string | null>;
  for (const key of fields) {
    const r = optional(o, key, dates.includes(key));
    if (!r.ok) return r;
    out[key] = r.value;
  }
  return { ok: true, value: out };
}

/** A value that checked out. */
const good = <T>(value: T): Check<T> => ({ ok: true, value });

/** Blank text names nobody: a title of spaces is no title. */
const text = (v: string | null) => (v !== null && v.trim() !== '' ? v : null);

/** The name and identifier of a contact or card, as the holder resolver keeps them. */
export interface Named {
  id: string;
  title: string | null;
  /** A contact's identifier, a card's printed label. */
  identifier: string | null;
}

/** A holder not yet named: its ids only. */
export function unnamedHolder(contactId: string | null, boundCardId: string | null): Holder {
  return {
    kind: contactId ? 'contact' : boundCardId ? 'card' : 'none',
    label: null,
    title: null,
    identifier: null,
    known: false,
    contactId,
    boundCardId,
  };
}

/** `holder` named after what Tapkey sent for it (embedded or looked up); `named` null = Tapkey does not know the id. */
export function nameHolder(holder: Holder, named: Named | null): Holder {
  if (!named) return { ...holder, label: null, title: null, identifier: null, known: false };
  return {
    ...holder,
    title: named.title,
    identifier: named.identifier,
    label: named.title ?? named.identifier,
    known: true,
  };
}

/** Checks a contact (documented: `{id, ownerId, ipId, identifier, title, comment}`); `email` is never read. */
export function checkContact(item: unknown): Check<Contact> {
  return checkIdentified(item, (item, id) => {
    const f = optionals(item, ['ipId', 'identifier', 'title', 'comment']);
    if (!f.ok) return f;
    return good({
      id,
      ipId: f.value.ipId,
      identifier: text(f.value.identifier),
      title: text(f.value.title),
      comment: f.value.comment,
    });
  });
}

/** A contact as the holder resolver keeps it. */
export function checkNamedContact(item: unknown): Check<Named> {
  const c = checkContact(item);
  return c.ok
    ? { ok: true, value: { id: c.value.id, title: c.value.title, identifier: c.value.identifier } }
    : c;
}

/** A card as the holder resolver keeps it: its title, and the label printed on it. */
export function checkNamedCard(item: unknown): Check<Named> {
  return checkIdentified(item, (item, id) => {
    const f = optionals(item, ['title', 'label']);
    if (!f.ok) return f;
    return good({ id, title: text(f.value.title), identifier: text(f.value.label) });
  });
}

/** A grant as checked (its holder named only when the grant embeds it); the shape the write planners read. */
export type CheckedGrant = Grant;

/** What the grant's embedded `boundLock` says it opens: a lock (`targetType: "Lock"`) or a group. */
function targetOf(embedded: unknown): GrantTarget {
  if (!isRecord(embedded)) return { kind: 'unknown', title: null };
  const title = typeof embedded.title === 'string' ? embedded.title : null;
  const type = embedded.targetType;
  return { kind: type === 'Group' ? 'group' : type === 'Lock' ? 'lock' : 'unknown', title };
}

/**
 * Checks one grant. A grant embeds its contact, card and lock (or group): those name the holder and the target
 * at once, so only grants without them need a lookup. An embedded object that does not read is left out (the
 * id is looked up instead), never a reason to drop the grant.
 */
export function checkGrant(item: unknown): Check<Grant> {
  return checkIdentified(item, (item, id) => {
    const boundLockId =
      idOf(item.boundLockId) ?? (isRecord(item.boundLock) ? idOf(item.boundLock.id) : null);
    if (boundLockId === null) return bad('boundLockId', 'string');
    const f = optionals(
      item,
      ['contactId', 'boundCardId', 'state', 'validFrom', 'validBefore', 'timeRestrictionIcal'],
      ['validFrom', 'validBefore'],
    );
    if (!f.ok) return f;
    if (item.active !== undefined && item.active !== null && typeof item.active !== 'boolean')
      return bad('active', 'boolean');
    const contact = isRecord(item.contact) ? checkNamedContact(item.contact) : null;
    const card = isRecord(item.boundCard) ? checkNamedCard(item.boundCard) : null;
    const contactId = f.value.contactId ?? (contact?.ok ? contact.value.id : null);
    const boundCardId = f.value.boundCardId ?? (card?.ok ? card.value.id : null);
    let holder = unnamedHolder(contactId, boundCardId);
    if (holder.kind === 'contact' && contact?.ok) holder = nameHolder(holder, contact.value);
    if (holder.kind === 'card' && card?.ok) holder = nameHolder(holder, card.value);
    return good({
      id,
      boundLockId,
      target: targetOf(item.boundLock),
      holder,
      holderProblem:
        contactId && boundCardId ? 'both' : !contactId && !boundCardId ? 'neither' : null,
      state: f.value.state,
      active: typeof item.active === 'boolean' ? item.active : null,
      validFrom: f.value.validFrom,
      validBefore: f.value.validBefore,
      timeRestrictionIcal: f.value.timeRestrictionIcal,
      raw: item,
    });
  });
}

/** Checks one log entry; `lockTimestamp` is required (it orders the log). */
export function checkLogEntry(item: unknown): Check<LogEntry> {
  return checkIdentified(item, (item, id) => {
    if (typeof item.lockTimestamp !== 'string' || !Number.isFinite(Date.parse(item.lockTimestamp)))
      return bad('lockTimestamp', 'ISO date');
    if (item.entryNo !== undefined && item.entryNo !== null && typeof item.entryNo !== 'number')
      return bad('entryNo', 'number');
    const f = optionals(
      item,
      ['receivedAt', 'logType', 'command', 'contactId', 'boundCardId', 'boundLockId'],
      ['receivedAt'],
    );
    if (!f.ok) return f;
    return good({
      id,
      entryNo: typeof item.entryNo === 'number' ? item.entryNo : null,
      lockTimestamp: item.lockTimestamp,
      receivedAt: f.value.receivedAt,
      logType: f.value.logType,
      command: f.value.command,
      boundLockId: f.value.boundLockId,
      holder: unnamedHolder(f.value.contactId, f.value.boundCardId),
    });
  });
}

/**
 * Tapkey's `{"ByState": [{"State", "Count"}]}` (a lock's `membershipStatistics`, a group's `statistics`). Absent
 * or null is null (not expanded); entries that do not read are left out, states Tapkey adds are kept.
 */
export function membershipCounts(v: unknown): MembershipCount[] | null {
  if (!isRecord(v) || !Array.isArray(v.ByState)) return null;
  const out: MembershipCount[] = [];
  for (const e of v.ByState) {
    if (isRecord(e) && typeof e.State === 'string' && typeof e.Count === 'number')
      out.push({ state: e.State, count: e.Count });
  }
  return out;
}

/** Checks one lock group (documented: `{id, title, description, active, targetType: "Group", …}`). */
export function checkLockGroup(item: unknown): Check<LockGroup> {
  return checkIdentified(item, (item, id) => {
    const f = optionals(item, ['title', 'description']);
    if (!f.ok) return f;
    if (item.active !== undefined && item.active !== null && typeof item.active !== 'boolean')
      return bad('active', 'boolean');
    return good({
      id,
      title: f.value.title ?? '',
      description: f.value.description,
      active: typeof item.active === 'boolean' ? item.active : null,
      statistics: membershipCounts(item.statistics),
    });
  });
}
