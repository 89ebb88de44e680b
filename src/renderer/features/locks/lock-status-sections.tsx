import type { HealthReading, LockStatus } from '../../../shared/model';
import { membershipText } from '../access/access-tab';
import { formatDateTime } from '../format/format';
import { Fact, whether } from '../../ui/fact';

const TYPES: Record<string, { label: string; unit: string }> = {
  BatteryVoltage: { label: 'Battery voltage', unit: ' V' },
  Temperature: { label: 'Temperature', unit: ' °C' },
  BatteryWarningLevel: { label: 'Battery warning level', unit: '' },
};

const SCHEDULE_WORDS = {
  yes: 'Takes grants limited to days and hours',
  no: 'Does not take grants limited to days and hours',
  unsaid: 'Tapkey did not say',
};

/** A reading's value as people read it, with Tapkey's mark when it is not Ok (kept, never hidden). */
function readingText(r: HealthReading): string {
  const t = TYPES[r.type];
  const value = r.value === null ? 'no value' : `${r.value.toLocaleString()}${t?.unit ?? ''}`;
  const mark =
    r.valueStatus === null || r.valueStatus === 'Ok'
      ? ''
      : r.valueStatus === 'Outdated'
        ? ' (outdated)'
        : r.valueStatus === 'Invalid'
          ? ' (marked invalid by Tapkey: do not rely on it)'
          : ` (${r.valueStatus})`;
  return `${value}${mark}`;
}

/** How far behind the lock's revocation list is, in words. */
function revocationText(s: LockStatus['revocation']): string {
  if (s.lastSeenSerialNo === null && s.lastSeenDate === null)
    return 'The lock has not reported a revocation list yet.';
  if (s.behind === null) return 'Tapkey does not say how far behind the lock is.';
  if (s.behind === 0) return 'Up to date as of its last sync.';
  return `${s.behind} ${s.behind === 1 ? 'list' : 'lists'} behind: revocations made since have not reached the lock yet (they do when it next syncs).`;
}

/**
 * What Tapkey last heard from the lock: health readings and the revocation list, both as of the lock's last sync
 * (locks are offline-first: nothing here is live), its group memberships and whether it takes time-restricted
 * grants. Only on a single lock (the detail fetch).
 */
export function LockStatusSections({ status }: { status: LockStatus }) {
  const { revocation: rcl, memberships } = status;
  const groups = memberships?.reduce((n, m) => n + m.count, 0) ?? null;
  return (
    <>
      <h3 className="section-label">Health, as of the lock’s last sync</h3>
      {status.health.length === 0 ? (
        <p className="muted" data-testid="detail-health-none">
          The lock has reported no health readings.
        </p>
      ) : (
        <dl className="detail-list" data-testid="detail-health">
          {status.health.map((r, i) => (
            <div key={`${r.type}-${i}`}>
              <dt>{TYPES[r.type]?.label ?? r.type}</dt>
              <dd
                className={r.valueStatus && r.valueStatus !== 'Ok' ? 'reading-flagged' : undefined}
                data-status={r.valueStatus ?? ''}
              >
                {readingText(r)}
                {r.timestamp && <span className="muted"> · {formatDateTime(r.timestamp)}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <h3 className="section-label">Revocation list</h3>
      <dl className="detail-list" data-testid="detail-sync">
        <Fact term="Newest">
          {rcl.serialNo !== null ? `Serial ${rcl.serialNo}` : '—'}
          {rcl.date && <span className="muted"> · {formatDateTime(rcl.date)}</span>}
        </Fact>
        <Fact term="Lock has">
          {rcl.lastSeenSerialNo !== null ? `Serial ${rcl.lastSeenSerialNo}` : 'None reported'}
          {rcl.lastSeenDate && (
            <span className="muted"> · last seen {formatDateTime(rcl.lastSeenDate)}</span>
          )}
        </Fact>
        <Fact term="Status" testId="detail-revocation-status">
          {revocationText(rcl)}
        </Fact>
      </dl>
      <h3 className="section-label">Groups and features</h3>
      <dl className="detail-list">
        <Fact term="Lock groups" testId="detail-groups">
          {groups === null
            ? 'Tapkey did not say'
            : groups === 0
              ? 'In no group'
              : `In ${groups === 1 ? '1 group' : `${groups} groups`}: ${membershipText(memberships!)}`}
        </Fact>
        <Fact term="Schedules">{whether(status.timeRestrictionIcal, SCHEDULE_WORDS)}</Fact>
      </dl>
    </>
  );
}
