import type { HealthReading, LockStatus } from '../../shared/model';
import { membershipCounts } from './access-schemas';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const numberOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const dateOrNull = (v: unknown) =>
  typeof v === 'string' && Number.isFinite(Date.parse(v)) ? v : null;

/** One `healthStatuses` item; null when it carries no type to show. */
function readingOf(v: unknown): HealthReading | null {
  if (!isRecord(v) || typeof v.type !== 'string' || v.type === '') return null;
  return {
    type: v.type,
    value: numberOrNull(v.value),
    valueStatus: typeof v.valueStatus === 'string' ? v.valueStatus : null,
    timestamp: dateOrNull(v.timestamp),
  };
}

/**
 * A lock's status from the fields Tapkey documents (with `expand=supportedFeatures,membershipStatistics,
 * healthStatuses`). Nothing here is live: locks are offline-first, so health and the revocation list are as of
 * the lock's last sync. A field that does not read is unknown (null), never a reason to refuse the lock.
 */
export function lockStatusOf(raw: Record<string, unknown>): LockStatus {
  const health = Array.isArray(raw.healthStatuses)
    ? raw.healthStatuses.map(readingOf).filter((r): r is HealthReading => r !== null)
    : [];
  const serialNo = numberOrNull(raw.rclSerialNo);
  const lastSeenSerialNo = numberOrNull(raw.lastSeenRclSerialNo);
  const features = raw.supportedFeatures;
  return {
    health,
    revocation: {
      serialNo,
      date: dateOrNull(raw.rclDate),
      lastSeenSerialNo,
      lastSeenDate: dateOrNull(raw.lastSeenRclUpdateDate),
      behind:
        serialNo !== null && lastSeenSerialNo !== null
          ? Math.max(0, serialNo - lastSeenSerialNo)
          : null,
    },
    memberships: membershipCounts(raw.membershipStatistics),
    // Expanded features without the flag: not supported (how Tapkey says "not supported" is not documented).
    timeRestrictionIcal: isRecord(features)
      ? features.timeRestrictionIcalSupport === 'Supported'
      : null,
  };
}
