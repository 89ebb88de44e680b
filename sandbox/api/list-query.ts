import { compileFilter, type FilterFields, type Predicate } from './odata-filter';

export interface ListQuery {
  top?: number;
  skip: number;
  filter?: Predicate;
  select?: string[];
  expand: Set<string>;
}

export interface QuerySpec {
  /** Whether $top/$skip/$filter are allowed (lists) or not (single items). */
  list: boolean;
  filterFields: FilterFields;
  selectFields: readonly string[];
  expandable: readonly string[];
}

const NON_NEGATIVE_INT = /^\d{1,9}$/;

/** Parses OData-style query options; returns an error message for anything invalid or unsupported. */
export function parseListQuery(params: URLSearchParams, spec: QuerySpec): ListQuery | { error: string } {
  const query: ListQuery = { skip: 0, expand: new Set() };
  const seen = new Set<string>();
  for (const [rawKey, value] of params) {
    const key = rawKey.toLowerCase();
    if (seen.has(key)) return { error: `The query option ${rawKey} was given more than once.` };
    seen.add(key);
    if ((key === '$top' || key === '$skip') && spec.list) {
      if (!NON_NEGATIVE_INT.test(value)) return { error: `${rawKey} must be a non-negative integer.` };
      if (key === '$top') query.top = Number(value);
      else query.skip = Number(value);
    } else if (key === '$filter' && spec.list) {
      try {
        query.filter = compileFilter(value, spec.filterFields);
      } catch (e) {
        return { error: `The $filter is not supported: ${(e as Error).message}.` };
      }
    } else if (key === '$select') {
      const names = value.split(',').map((s) => s.trim());
      const canonical: string[] = [];
      for (const name of names) {
        const field = spec.selectFields.find((f) => f.toLowerCase() === name.toLowerCase());
        if (!field) return { error: `$select names an unknown field '${name}'.` };
        canonical.push(field);
      }
      query.select = canonical;
    } else if (key === 'expand' && spec.expandable.length) {
      for (const name of value.split(',').map((s) => s.trim()).filter(Boolean)) {
        const field = spec.expandable.find((f) => f.toLowerCase() === name.toLowerCase());
        if (!field) return { error: `expand names an unknown field '${name}'.` };
        query.expand.add(field);
      }
    } else if (key.startsWith('$') || key === 'expand') {
      return { error: `The query option ${rawKey} is not supported here.` };
    }
    // Other plain query parameters are ignored, as ASP.NET does.
  }
  return query;
}

/** Applies filter, paging and projection to a list, in OData's order. */
export function applyListQuery<T extends object>(items: readonly T[], query: ListQuery, project: (item: T) => object): object[] {
  const filtered = query.filter ? items.filter((i) => (query.filter as Predicate)(i as Record<string, unknown>)) : items;
  const end = query.top === undefined ? undefined : query.skip + query.top;
  return filtered.slice(query.skip, end).map(project);
}

/** Keeps only the $select-ed fields (all when none were selected). */
export function selectFields(item: object, select: string[] | undefined): object {
  if (!select) return item;
  const record = item as Record<string, unknown>;
  return Object.fromEntries(select.map((f) => [f, record[f]]));
}
