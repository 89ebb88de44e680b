import { useEffect, useMemo, useState } from 'react';
import type { Grant, LockAccess, MembershipCount } from '../../../shared/model';
import type { AppError } from '../../../shared/result';
import { useTapkeyApi } from '../../api-context';
import { formatDateTime } from '../format/format';
import { useNow } from '../format/use-now';
import { useManage } from '../manage/manage-context';
import { opensNowOrLater } from '../people/people-model';
import { AccessProblem } from './access-problem';
import { describeSchedule, GRANT_TERMS } from './grant-schedule';
import { ColumnHeads } from '../../ui/column-heads';
import { grantStateText, holderProblemText, holderSortKey, holderText } from './holder-text';
import './access.css';

interface Props {
  ownerAccountId: string;
  lockId: string;
  /** The lock's title as the list has it, for the dialog that takes a key away. */
  lockTitle?: string | null;
}

const isExpired = (g: Grant, now: number) =>
  g.validBefore !== null && Date.parse(g.validBefore) <= now;

/** "2 joined, 1 joining": a count of locks (or memberships) by state, in words. */
export function membershipText(counts: readonly MembershipCount[]): string {
  const words: Record<string, string> = {
    Joined: 'joined',
    JoinPending: 'joining (until the lock syncs)',
    UnjoinPending: 'leaving (until the lock syncs)',
    Unjoined: 'left',
  };
  const parts = counts
    .filter((c) => c.count > 0)
    .map((c) => `${c.count} ${words[c.state] ?? c.state}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** Who holds a grant: the name, the identifier beside it, the kind when it is a card, and any anomaly. */
function WhoCell({ grant }: { grant: Grant }) {
  const who = holderText(grant.holder);
  const problem = holderProblemText(grant);
  return (
    <>
      <span className={who.vague ? 'who-name muted' : 'who-name'}>{who.name}</span>
      {grant.holder.kind === 'card' && <span className="access-kind"> (card)</span>}
      {who.detail && <span className="who-detail">{who.detail}</span>}
      {problem && <span className="who-problem">{problem}</span>}
    </>
  );
}

function GrantRows({
  grants,
  now,
  group,
  onRevoke,
}: {
  grants: Grant[];
  now: number;
  group?: boolean;
  /** Offers Revoke… on each key that still opens (null: this sign-in cannot write). */
  onRevoke?: ((grant: Grant) => void) | null;
}) {
  return (
    <>
      {grants.map((g) => (
        <tr
          key={g.id}
          className={isExpired(g, now) ? 'is-expired' : undefined}
          data-testid={group ? 'group-grant-row' : 'grant-row'}
        >
          <td>
            <WhoCell grant={g} />
          </td>
          {group && <td>{g.target.title ?? g.boundLockId}</td>}
          <td>{formatDateTime(g.validFrom) ?? 'Always'}</td>
          <td>{formatDateTime(g.validBefore) ?? 'No end'}</td>
          <td>{describeSchedule(g.timeRestrictionIcal)}</td>
          <td>
            {grantStateText(g, now)}
            {onRevoke && opensNowOrLater(g, now) && (
              <button
                type="button"
                className="button button-small access-revoke"
                aria-label={`Revoke the key of ${holderText(g.holder).name}`}
                onClick={() => onRevoke(g)}
              >
                Revoke…
              </button>
            )}
          </td>
        </tr>
      ))}
    </>
  );
}

const byWho = (a: Grant, b: Grant) =>
  holderSortKey(a.holder).localeCompare(holderSortKey(b.holder));

/**
 * The Access tab: the grants naming this lock, sorted by who, then the account's grants for lock groups. A group
 * grant reaches this lock only if the lock is in the group, and Tapkey documents no way to read a group's
 * locks: those grants are listed as "through group X", with the lock's own membership counts when Tapkey gives
 * them. The tab never says nobody has access while such grants exist.
 */
export function AccessTab({ ownerAccountId, lockId, lockTitle = null }: Props) {
  const api = useTapkeyApi();
  const manage = useManage();
  // A retry is a new attempt; an answer belongs to the attempt (lock and try) it was asked for. A change sent
  // meanwhile (lastSent) is read again too, so a revoked key shows as Tapkey now has it.
  const [attempt, setAttempt] = useState(0);
  const key = `${ownerAccountId}/${lockId}/${attempt}/${manage.lastSent ?? ''}`;
  const [answer, setAnswer] = useState<{
    key: string;
    access?: LockAccess;
    error?: AppError;
  } | null>(null);
  useEffect(() => {
    let live = true;
    void api.listGrants(ownerAccountId, lockId).then((r) => {
      if (live) setAnswer(r.ok ? { key, access: r.value } : { key, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [api, ownerAccountId, lockId, key]);
  const result = answer?.key === key ? answer : null;
  // Only a grant naming this lock is offered here: a group's grant opens every lock of the group, so taking it
  // away from one lock's tab would reach further than the tab shows (People takes it away, naming the group).
  const revoke =
    manage.caps?.canWrite === true
      ? (grant: Grant) => manage.revoke({ ownerAccountId, grant, lockTitle })
      : null;
  const load = () => setAttempt((n) => n + 1);

  const now = useNow(60_000);
  const access = result?.access;
  const direct = useMemo(() => (access ? [...access.grants].sort(byWho) : []), [access]);
  const viaGroups = useMemo(() => (access ? [...access.groupGrants].sort(byWho) : []), [access]);

  if (!result)
    return (
      <p className="access-status" role="status">
        Loading who has access…
      </p>
    );
  if (result.error || !access)
    return (
      <AccessProblem
        error={result.error ?? { code: 'internal', message: '' }}
        what="who has access to this lock"
        onRetry={load}
      />
    );
  const invalid = access.invalid.length;
  const memberships = access.memberships;
  const inGroups = memberships?.reduce((n, m) => n + m.count, 0) ?? null;
  return (
    <div className="access-tab" data-testid="access-tab">
      {invalid > 0 && (
        <p className="notice notice-warning" role="status">
          {invalid === 1 ? '1 grant' : `${invalid} grants`} could not be read and{' '}
          {invalid === 1 ? 'is' : 'are'} not shown.
        </p>
      )}
      {direct.length === 0 ? (
        <p className="access-status" data-testid="no-direct-grants">
          {viaGroups.length === 0
            ? 'Nobody has been granted access to this lock.'
            : 'No grant names this lock itself; see the grants for lock groups below.'}
        </p>
      ) : (
        <table className="data-table access-table" data-testid="grants-table">
          <caption>
            {direct.length === 1 ? '1 grant' : `${direct.length} grants`} for this lock, sorted by
            who
          </caption>
          <ColumnHeads columns={['Who', ...GRANT_TERMS]} />
          <tbody>
            <GrantRows grants={direct} now={now} onRevoke={revoke} />
          </tbody>
        </table>
      )}
      {viaGroups.length > 0 && (
        <section className="access-groups" data-testid="group-grants">
          <h3 className="section-label">Through lock groups</h3>
          <p className="access-note" data-testid="group-grants-note">
            These grants are for lock groups of this account. Each reaches this lock only if the
            lock is in that group, and Tapkey does not say which locks a group holds.{' '}
            {inGroups === null
              ? 'Tapkey did not say whether this lock is in any group.'
              : inGroups === 0
                ? 'Tapkey counts this lock in no group, so these grants likely do not reach it.'
                : `Tapkey counts this lock in ${inGroups === 1 ? '1 group' : `${inGroups} groups`} (${membershipText(memberships!)}), without naming ${inGroups === 1 ? 'it' : 'them'}.`}
          </p>
          <table className="data-table access-table" data-testid="group-grants-table">
            <caption>
              {viaGroups.length === 1 ? '1 grant' : `${viaGroups.length} grants`} for lock groups
            </caption>
            <ColumnHeads columns={['Who', 'Through group', ...GRANT_TERMS]} />
            <tbody>
              <GrantRows grants={viaGroups} now={now} group />
            </tbody>
          </table>
          <ul className="access-group-list" data-testid="lock-groups">
            {access.groups.map((g) => (
              <li key={g.id}>
                <strong>{g.title || g.id}</strong>
                {g.statistics && <> · locks: {membershipText(g.statistics)}</>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
