import { bad, checkIdentified, isRecord, type Check } from './schemas';

// What managing access reads beyond the lists the browser shows: whole cards (to name a card and count its keys
// against its capacity), and a lock's features and revocation-list serials (to refuse a schedule a lock cannot
// keep and to follow a revocation). As everywhere: validate the fields we use, keep nothing we do not.

/** An optional string: absent or null is null. */
function text(o: Record<string, unknown>, key: string): Check<string | null> {
  const v = o[key];
  if (v === undefined || v === null) return { ok: true, value: null };
  return typeof v === 'string' ? { ok: true, value: v } : bad(key, 'string');
}

/** An optional whole number: absent or null is null. */
function count(o: Record<string, unknown>, key: string): Check<number | null> {
  const v = o[key];
  if (v === undefined || v === null) return { ok: true, value: null };
  return typeof v === 'number' && Number.isInteger(v) && v >= 0
    ? { ok: true, value: v }
    : bad(key, 'whole number');
}

type FieldReaders = Record<string, (o: Record<string, unknown>, key: string) => Check<unknown>>;
type FieldValues<R extends FieldReaders> = {
  [K in keyof R]: ReturnType<R[K]> extends Check<infer T> ? T : never;
};

/** Reads each field of `o` named in `readers` with its reader, in order: the first bad one fails. */
function fields<R extends FieldReaders>(
  o: Record<string, unknown>,
  readers: R,
): Check<FieldValues<R>> {
  const values: Record<string, unknown> = {};
  for (const [key, read] of Object.entries(readers)) {
    const v = read(o, key);
    if (!v.ok) return v;
    values[key] = v.value;
  }
  return { ok: true, value: values as FieldValues<R> };
}

/** A card as writing uses it. */
export interface CardRecord {
  id: string;
  title: string | null;
  label: string | null;
  /** How many grants it holds at most (12 for Tapkey transponders), when Tapkey says. */
  capacity: number | null;
}

/** Checks one card. */
export function checkCard(item: unknown): Check<CardRecord> {
  return checkIdentified(item, (item, id) => {
    const f = fields(item, { title: text, label: text, nofGrantsCapacity: count });
    if (!f.ok) return f;
    const { title, label, nofGrantsCapacity } = f.value;
    return { ok: true, value: { id, title, label, capacity: nofGrantsCapacity } };
  });
}

/** A lock's (or group's) state as writing uses it. */
export interface LockState {
  id: string;
  title: string | null;
  /** The newest revocation list's serial (null: Tapkey sent none). */
  rclSerialNo: number | null;
  /** The serial the lock last reported at a sync (null: never reported one). */
  lastSeenRclSerialNo: number | null;
  /** `supportedFeatures.timeRestrictionIcalSupport`: 'supported' only for Tapkey's "Supported". */
  ical: 'supported' | 'unsupported' | 'unknown';
  /** True for a lock group (`targetType: "Group"`). */
  group: boolean;
}

/**
 * `supportedFeatures` as Tapkey sends it when expanded: `{"timeRestrictionIcalSupport": "Supported"}`. How Tapkey
 * says "not supported" is not documented, so any other value, or the key missing from an object that is there,
 * reads as unsupported; a missing or unreadable `supportedFeatures` is unknown (and treated like unsupported
 * before a schedule is sent: a time restriction is only sent where Tapkey said "Supported").
 */
function icalSupport(features: unknown): LockState['ical'] {
  if (!isRecord(features)) return 'unknown';
  const v = features.timeRestrictionIcalSupport;
  return v === 'Supported' ? 'supported' : 'unsupported';
}

/** Checks one lock or group as writing reads it. */
export function checkLockState(item: unknown): Check<LockState> {
  return checkIdentified(item, (item, id) => {
    const f = fields(item, { title: text, rclSerialNo: count, lastSeenRclSerialNo: count });
    if (!f.ok) return f;
    return {
      ok: true,
      value: {
        id,
        ...f.value,
        ical: icalSupport(item.supportedFeatures),
        group: item.targetType === 'Group',
      },
    };
  });
}
