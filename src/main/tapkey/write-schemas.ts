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
    const title = text(item, 'title');
    if (!title.ok) return title;
    const label = text(item, 'label');
    if (!label.ok) return label;
    const capacity = count(item, 'nofGrantsCapacity');
    if (!capacity.ok) return capacity;
    return {
      ok: true,
      value: { id, title: title.value, label: label.value, capacity: capacity.value },
    };
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
    const title = text(item, 'title');
    if (!title.ok) return title;
    const serial = count(item, 'rclSerialNo');
    if (!serial.ok) return serial;
    const seen = count(item, 'lastSeenRclSerialNo');
    if (!seen.ok) return seen;
    return {
      ok: true,
      value: {
        id,
        title: title.value,
        rclSerialNo: serial.value,
        lastSeenRclSerialNo: seen.value,
        ical: icalSupport(item.supportedFeatures),
        group: item.targetType === 'Group',
      },
    };
  });
}
