import { formatRelative, formatTime } from '../format/format';
import { useNow } from '../format/use-now';

/** "Last updated 3 minutes ago" (the exact local time as the tooltip and machine-readable value). */
export function LastUpdated({ at, loading }: { at: number | null; loading: number }) {
  const now = useNow(30_000);
  return (
    <p className="last-updated" data-testid="last-updated">
      {loading > 0 ? <span>Loading {loading === 1 ? '1 owner account' : `${loading} owner accounts`}…</span> : null}
      {loading > 0 && at !== null ? ' · ' : null}
      {at !== null && (
        <span>
          Last updated{' '}
          <time dateTime={new Date(at).toISOString()} title={formatTime(at)}>
            {formatRelative(at, Math.max(now, at))}
          </time>
        </span>
      )}
    </p>
  );
}
