import type { LockFeatures, LockFeaturesList } from '../../../shared/model';
import { ErrorNotice } from '../../ui/error-notice';
import { PickerSearch } from './picker-search';
import type { Loaded } from './use-load';

interface Props {
  features: Loaded<LockFeaturesList> & { retry(): void };
  query: string;
  onQuery(query: string): void;
  lockIds: readonly string[];
  onLockIds(ids: string[]): void;
}

/** How many locks are listed at once; the search narrows them. */
const SHOWN = 200;

const matches = (l: LockFeatures, words: string[]) => {
  const text = `${l.title} ${l.boundLockId}`.toLowerCase();
  return words.every((w) => text.includes(w));
};

/** The Where step: the account's locks, searchable, any number chosen; each says whether it takes a schedule. */
export function WherePicker({ features, query, onQuery, lockIds, onLockIds }: Props) {
  const all = features.status === 'loaded' ? features.value.locks : [];
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = all.filter((l) => matches(l, words));
  const chosen = new Set(lockIds.map((id) => id.toLowerCase()));
  const toggle = (id: string, on: boolean) =>
    onLockIds(on ? [...lockIds, id] : lockIds.filter((x) => x.toLowerCase() !== id.toLowerCase()));
  const visible = shown.slice(0, SHOWN);
  return (
    <div className="wizard-step" data-testid="give-where">
      <div className="where-bar">
        <PickerSearch id="give-where-search" label="Search locks" query={query} onQuery={onQuery} />
        <p className="where-count" role="status" data-testid="give-where-count">
          {lockIds.length === 1 ? '1 lock chosen' : `${lockIds.length} locks chosen`}
        </p>
        <button
          type="button"
          className="button button-small"
          disabled={visible.every((l) => chosen.has(l.boundLockId.toLowerCase()))}
          onClick={() =>
            onLockIds([
              ...lockIds,
              ...visible
                .filter((l) => !chosen.has(l.boundLockId.toLowerCase()))
                .map((l) => l.boundLockId),
            ])
          }
        >
          Choose all shown
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={lockIds.length === 0}
          onClick={() => onLockIds([])}
        >
          Clear
        </button>
      </div>
      {features.status === 'error' && (
        <ErrorNotice
          title="Could not load the locks of this account."
          message={features.error.message}
          onRetry={features.retry}
        />
      )}
      {features.status === 'loading' && (
        <p className="muted" role="status">
          Loading locks…
        </p>
      )}
      <fieldset className="pick-list">
        <legend className="visually-hidden">Locks</legend>
        <ul>
          {visible.map((l) => (
            <li key={l.boundLockId}>
              <label className="pick">
                <input
                  type="checkbox"
                  checked={chosen.has(l.boundLockId.toLowerCase())}
                  onChange={(e) => toggle(l.boundLockId, e.target.checked)}
                />
                <span className="pick-label">{l.title}</span>
                <span className="pick-detail">
                  {l.timeRestrictionIcal === 'supported'
                    ? 'Takes a weekly schedule'
                    : 'No weekly schedule'}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {features.status === 'loaded' && (
        <p className="muted">
          {all.length === 0
            ? 'This account has no locks.'
            : shown.length === 0
              ? 'No lock matches.'
              : shown.length > SHOWN
                ? `${SHOWN} of ${shown.length} shown: search to narrow them.`
                : null}
        </p>
      )}
    </div>
  );
}
