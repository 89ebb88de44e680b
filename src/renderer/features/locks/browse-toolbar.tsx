import type { Ref } from 'react';
import { SearchBox } from '../search/search-box';
import type { BrowseState } from './browse-state';
import { ChangesNote } from './changes-note';
import { Freshness } from './freshness';
import type { LockFilter, StatusFilter } from './lock-table-model';

const statusOptions: ReadonlyArray<[StatusFilter, string]> = [
  ['all', 'All'],
  ['active', 'Active'],
  ['inactive', 'Inactive'],
];

interface Props {
  query: string;
  onQuery(query: string): void;
  searchRef: Ref<HTMLInputElement>;
  filter: LockFilter;
  onFilter(filter: LockFilter): void;
  /** The lock types to filter by, from every loaded lock. */
  types: readonly string[];
  /** For the freshness line, and to disable Refresh while the accounts load. */
  state: BrowseState;
  onRefresh(): void;
  /** Null: nothing shown to export. */
  onExport: (() => void) | null;
  /** The last action's outcome ("Copied lock ID"), announced politely. */
  notice: string;
}

/** Above the browse panes: search, status and type filters, Refresh, Export…, how current the data is. */
export function BrowseToolbar({
  query,
  onQuery,
  searchRef,
  filter,
  onFilter,
  types,
  state,
  onRefresh,
  onExport,
  notice,
}: Props) {
  return (
    <div className="toolbar">
      <SearchBox value={query} onChange={onQuery} ref={searchRef} />
      <div role="group" aria-label="Status" className="segmented">
        {statusOptions.map(([value, label]) => (
          <button
            key={value}
            type="button"
            className="segment"
            aria-pressed={filter.status === value}
            onClick={() => onFilter({ ...filter, status: value })}
          >
            {label}
          </button>
        ))}
      </div>
      <label className="visually-hidden" htmlFor="type-filter">
        Lock type
      </label>
      <select
        id="type-filter"
        className="select"
        value={filter.type ?? ''}
        onChange={(e) => onFilter({ ...filter, type: e.target.value || null })}
      >
        <option value="">All types</option>
        {types.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        onClick={onRefresh}
        disabled={state.accountsStatus === 'loading'}
      >
        Refresh
      </button>
      <button type="button" className="button" onClick={onExport ?? undefined} disabled={!onExport}>
        Export…
      </button>
      <Freshness state={state} />
      <ChangesNote locks={state.locks} />
      <p className="toolbar-notice" role="status" data-testid="browse-notice">
        {notice}
      </p>
    </div>
  );
}
