import type { Grant, KeyHolder, LogEntriesPage, WriteCapabilities } from '../../../shared/model';
import { describeSchedule, GRANT_TERMS } from '../access/grant-schedule';
import { ColumnHeads } from '../../ui/column-heads';
import { describeEntry } from '../access/log-range';
import { formatDateTime } from '../format/format';
import type { Loaded } from '../manage/use-load';
import { WriteGate } from '../manage/write-gate';
import { ErrorNotice } from '../../ui/error-notice';
import {
  grantPlace,
  keyState,
  keysLabel,
  leadName,
  opensNowOrLater,
  subName,
} from './people-model';

interface Props {
  holder: KeyHolder;
  accountName: string;
  lockTitle(lockId: string): string | null;
  /** The person's recent activity (cards: null, Tapkey's account log filters by person only). */
  activity: (Loaded<LogEntriesPage> & { retry(): void }) | null;
  caps: WriteCapabilities | null;
  now: number;
  onBack(): void;
  onGive(): void;
  onRevoke(grant: Grant): void;
  onRemoveAll(): void;
}

/** One person or card: every key they hold in this account (with Revoke), and their recent activity. */
export function PersonDetail({
  holder,
  accountName,
  lockTitle,
  activity,
  caps,
  now,
  onBack,
  onGive,
  onRevoke,
  onRemoveAll,
}: Props) {
  const sub = subName(holder);
  const keys = [...holder.grants].sort(
    (a, b) =>
      Number(opensNowOrLater(b, now)) - Number(opensNowOrLater(a, now)) ||
      grantPlace(a, lockTitle).localeCompare(grantPlace(b, lockTitle)),
  );
  const canWrite = caps?.canWrite === true;
  const active = holder.grants.some((g) => opensNowOrLater(g, now));
  return (
    <section className="person-detail" aria-labelledby="person-title" data-testid="person-detail">
      <div className="person-head">
        <button type="button" className="button button-small" onClick={onBack}>
          ← People
        </button>
        <h2 id="person-title">{leadName(holder)}</h2>
        <p className="pane-sub">
          {[holder.kind === 'card' ? 'Card' : 'Person', sub, accountName, keysLabel(holder, now)]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <div className="person-actions">
          <WriteGate
            caps={caps}
            id="person-write-hint"
            actions={[
              { label: 'Give access…', onClick: onGive },
              { label: 'Remove all access…', onClick: onRemoveAll, blocked: !active },
            ]}
          />
        </div>
      </div>
      <h3 className="person-section">Keys</h3>
      {keys.length === 0 ? (
        <p className="muted">No keys in this account.</p>
      ) : (
        <table className="data-table people-table person-keys" data-testid="person-keys">
          <ColumnHeads columns={['Lock', ...GRANT_TERMS]}>
            {canWrite && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </ColumnHeads>
          <tbody>
            {keys.map((g) => {
              const place = grantPlace(g, lockTitle);
              return (
                <tr
                  key={g.id}
                  className={opensNowOrLater(g, now) ? undefined : 'is-expired'}
                  data-testid="person-key"
                  data-id={g.id}
                >
                  <td>{place}</td>
                  <td>{formatDateTime(g.validFrom) ?? 'Always'}</td>
                  <td>{formatDateTime(g.validBefore) ?? 'No end'}</td>
                  <td>{describeSchedule(g.timeRestrictionIcal)}</td>
                  <td>{keyState(g, now)}</td>
                  {canWrite && (
                    <td>
                      {opensNowOrLater(g, now) && (
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={`Revoke the key for ${place}`}
                          onClick={() => onRevoke(g)}
                        >
                          Revoke…
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h3 className="person-section">Recent activity</h3>
      {activity === null ? (
        <p className="muted">Tapkey’s account log can be read by person only, not by card.</p>
      ) : activity.status === 'error' ? (
        <ErrorNotice
          title="Could not load this person’s activity."
          message={activity.error.message}
          onRetry={activity.retry}
        />
      ) : activity.status !== 'loaded' ? (
        <p className="muted" role="status">
          Loading activity…
        </p>
      ) : activity.value.entries.length === 0 ? (
        <p className="muted">No activity recorded.</p>
      ) : (
        <table className="data-table people-table" data-testid="person-activity">
          <ColumnHeads columns={['When', 'Lock', 'What']} />
          <tbody>
            {activity.value.entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.lockTimestamp)}</td>
                <td>{(e.boundLockId && lockTitle(e.boundLockId)) ?? e.boundLockId ?? '—'}</td>
                <td>{describeEntry(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
