import type { BoundLock } from '../../../shared/model';
import { countLabel } from '../format/format';
import { BoundLocksList } from '../locks/bound-locks-list';

interface Props {
  query: string;
  results: readonly BoundLock[];
  /** True while the list still reflects an older query (the deferred search is catching up). */
  stale: boolean;
  /** Accounts whose locks are not (yet) searchable, so "no results" is honest. */
  unsearchable: number;
  accountNameOf(ownerAccountId: string): string;
  onOpen(lock: BoundLock): void;
}

/** Locks from every owner account that match the search. */
export function SearchResults({ query, results, stale, unsearchable, accountNameOf, onOpen }: Props) {
  return (
    <section className="pane locks-pane" aria-labelledby="results-heading" data-testid="search-results" aria-busy={stale}>
      <div className="pane-header">
        <h2 id="results-heading">Search results</h2>
        <p className="pane-sub" id="results-summary" role="status" data-testid="search-summary">
          {results.length === 0 ? `No locks match “${query}”` : `${countLabel(results.length, 'lock', 'locks')} match “${query}”`}
          {unsearchable > 0 && ` · ${countLabel(unsearchable, 'owner account', 'owner accounts')} not searched: ${unsearchable === 1 ? 'its' : 'their'} locks are not loaded`}
        </p>
      </div>
      {results.length === 0 ? (
        <div className="empty">
          <p>Search looks at the title, description and lock id of every lock in all your owner accounts.</p>
        </div>
      ) : (
        <BoundLocksList
          locks={results}
          onOpen={onOpen}
          idPrefix="result"
          labelledBy="results-heading"
          describedBy="results-summary"
          accountNameOf={accountNameOf}
          testId="search-results-list"
        />
      )}
    </section>
  );
}
