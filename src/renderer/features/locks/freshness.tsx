import { memo } from 'react';
import { formatDayTime, formatTime } from '../format/format';
import { freshnessOf, type BrowseState } from './browse-state';

/**
 * How current the shown locks are, honestly: "5 of 5 accounts updated · as of 10:42", "3 of 5 accounts
 * updated · 2 failed", "Updating 2 of 5 accounts…". `data-settled` marks that no load is running.
 */
export const Freshness = memo(function Freshness({ state }: { state: BrowseState }) {
  const f = freshnessOf(state);
  // The snapshot on screen before the live load has answered is not a settled load.
  const settled =
    state.accountsStatus !== 'loading' &&
    f.loading === 0 &&
    !(state.snapshotAsOf !== null && state.accountsStatus === 'loaded');
  // Showing the last-known snapshot: its date, and whether the live load is on its way or cannot get through.
  if (state.snapshotAsOf !== null && (state.offline || !settled))
    return (
      <p
        className={`last-updated${state.offline ? ' is-offline' : ''}`}
        data-testid="last-updated"
        data-settled={settled}
        data-failed={f.failed}
        data-snapshot={state.offline ? 'offline' : 'updating'}
        role="status"
      >
        {state.offline ? (
          <>
            {'offline: showing what was loaded on '}
            <time dateTime={new Date(state.snapshotAsOf).toISOString()}>
              {formatDayTime(state.snapshotAsOf)}
            </time>
          </>
        ) : (
          <>
            {'as of '}
            <time dateTime={new Date(state.snapshotAsOf).toISOString()}>
              {formatTime(state.snapshotAsOf)}
            </time>
            {' · updating…'}
          </>
        )}
      </p>
    );
  let text: string;
  if (state.accountsStatus === 'loading' && !state.accounts) text = 'Loading owner accounts…';
  else if (state.accountsStatus === 'loading') text = 'Updating owner accounts…';
  else if (state.accountsStatus === 'error') text = 'Owner accounts could not be updated';
  else if (f.loading > 0)
    text = `Updating ${f.loading} of ${f.total} ${f.total === 1 ? 'account' : 'accounts'}…`;
  else text = `${f.updated} of ${f.total} ${f.total === 1 ? 'account' : 'accounts'} updated`;
  const asOf =
    state.lastUpdated !== null &&
    f.loading === 0 &&
    f.failed === 0 &&
    state.accountsStatus === 'loaded'
      ? state.lastUpdated
      : null;
  return (
    <p
      className="last-updated"
      data-testid="last-updated"
      data-settled={settled}
      data-failed={f.failed}
      role="status"
    >
      <span>{text}</span>
      {f.failed > 0 && state.accountsStatus === 'loaded' && (
        <span className="freshness-failed"> · {f.failed} failed</span>
      )}
      {asOf !== null && (
        <>
          {' · as of '}
          <time dateTime={new Date(asOf).toISOString()}>{formatTime(asOf)}</time>
        </>
      )}
    </p>
  );
});
