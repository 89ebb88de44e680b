import { useEffect, useMemo, useState } from 'react';
import type { Grant, GrantsList } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { formatDateTime } from '../format/format';
import { useNow } from '../format/use-now';
import { AccessProblem } from './access-problem';
import { describeSchedule } from './grant-schedule';
import './access.css';

interface Props {
  ownerAccountId: string;
  lockId: string;
}

/** Who a grant is for, as people read it. */
export function holderLabel(h: Grant['holder']): string {
  if (h.label) return h.label;
  if (h.kind === 'contact') return 'Unknown contact';
  if (h.kind === 'card') return 'Unknown card';
  return 'Nobody';
}

const isExpired = (g: Grant, now: number) =>
  g.validBefore !== null && Date.parse(g.validBefore) <= now;

function stateLabel(g: Grant, now: number): string {
  if (g.active === false || (g.state && g.state !== 'Ok')) return g.state ?? 'Inactive';
  if (isExpired(g, now)) return 'Expired';
  if (g.validFrom && Date.parse(g.validFrom) > now) return 'Not yet valid';
  return 'Active';
}

/** The Access tab: a lock's grants, sorted by who, with validity in local time and the schedule in words. */
export function AccessTab({ ownerAccountId, lockId }: Props) {
  const api = useTapkeyApi();
  // A retry is a new attempt; an answer belongs to the attempt (lock and try) it was asked for.
  const [attempt, setAttempt] = useState(0);
  const key = `${ownerAccountId}/${lockId}/${attempt}`;
  const [answer, setAnswer] = useState<{ key: string; list?: GrantsList; error?: AppError } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    void api.listGrants(ownerAccountId, lockId).then((r) => {
      if (live) setAnswer(r.ok ? { key, list: r.value } : { key, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [api, ownerAccountId, lockId, key]);
  const result = answer?.key === key ? answer : null;
  const load = () => setAttempt((n) => n + 1);

  const now = useNow(60_000);
  const grants = useMemo(
    () =>
      result?.list
        ? [...result.list.grants].sort((a, b) =>
            holderLabel(a.holder).localeCompare(holderLabel(b.holder)),
          )
        : [],
    [result],
  );

  if (!result)
    return (
      <p className="access-status" role="status">
        Loading who has access…
      </p>
    );
  if (result.error || !result.list)
    return (
      <AccessProblem
        error={result.error ?? { code: 'internal', message: '' }}
        what="who has access to this lock"
        onRetry={load}
      />
    );
  const invalid = result.list.invalid.length;
  return (
    <div className="access-tab" data-testid="access-tab">
      {invalid > 0 && (
        <p className="notice notice-warning" role="status">
          {invalid === 1 ? '1 grant' : `${invalid} grants`} could not be read and{' '}
          {invalid === 1 ? 'is' : 'are'} not shown.
        </p>
      )}
      {grants.length === 0 ? (
        <p className="access-status">Nobody has been granted access to this lock.</p>
      ) : (
        <table className="access-table" data-testid="grants-table">
          <caption>
            {grants.length === 1 ? '1 grant' : `${grants.length} grants`}, sorted by who
          </caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Valid from</th>
              <th scope="col">Valid until</th>
              <th scope="col">When</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr
                key={g.id}
                className={isExpired(g, now) ? 'is-expired' : undefined}
                data-testid="grant-row"
              >
                <td>
                  {holderLabel(g.holder)}
                  {g.holder.kind === 'card' && <span className="access-kind"> (card)</span>}
                </td>
                <td>{formatDateTime(g.validFrom) ?? 'Always'}</td>
                <td>{formatDateTime(g.validBefore) ?? 'No end'}</td>
                <td>{describeSchedule(g.timeRestrictionIcal)}</td>
                <td>{stateLabel(g, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
