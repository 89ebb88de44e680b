import { compileFilter, type FilterFields, type Predicate } from './odata-filter';

export interface ListQuery {
  top?: number;
  skip: number;
  filter?: Predicate;
  /** The `$filter` text, so consecutive pages of the same query can reuse one filtered list. */
  filterText?: string;
  select?: string[];
  expand: Set<string>;
  /** `$orderby` clauses in order, e.g. [{ field: 'lockTimestamp', desc: true }]. */
  orderBy?: Array<{ field: string; desc: boolean }>;
}

export interface QuerySpec {
  /** Whether $top/$skip/$filter are allowed (lists) or not (single items). */
  list: boolean;
  filterFields: FilterFields;
  selectFields: readonly string[];
  expandable: readonly string[];
  /** Fields `$orderby` may name (none: `$orderby` is not supported here). */
  orderFields?: readonly string[];
  /** The `$orderby` the list is already in (e.g. 'lockTimestamp desc'), so large lists need no sort per request. */
  naturalOrder?: string;
}

const NON_NEGATIVE_INT = /^\d{1,9}$/;

/** Parses OData-style query options; returns an error message for anything invalid or unsupported. */
export function parseListQuery(
  params: URLSearchParams,
  spec: QuerySpec,
): ListQuery | { error: string } {
  const query: ListQuery = { skip: 0, expand: new Set() };
  const seen = new Set<string>();
  for (const [rawKey, value] of params) {
    const key = rawKey.toLowerCase();
    if (seen.has(key)) return { error: `The query option ${rawKey} was given more than once.` };
    seen.add(key);
    if ((key === '$top' || key === '$skip') && spec.list) {
      if (!NON_NEGATIVE_INT.test(value))
        return { error: `${rawKey} must be a non-negative integer.` };
      if (key === '$top') query.top = Number(value);
      else query.skip = Number(value);
    } else if (key === '$filter' && spec.list) {
      try {
        query.filter = compileFilter(value, spec.filterFields);
        query.filterText = value;
      } catch (e) {
        return { error: `The $filter is not supported: ${(e as Error).message}.` };
      }
    } else if (key === '$select') {
      const names = value.split(',').map((s) => s.trim());
      const canonical: string[] = [];
      for (const name of names) {
        const field = spec.selectFields.find((f) => f.toLowerCase() === name.toLowerCase());
        // OData: "Could not find a property named 'x' on type '…'."
        if (!field) return { error: `Could not find a property named '${name}' to $select.` };
        canonical.push(field);
      }
      query.select = canonical;
    } else if (key === '$orderby' && spec.list && spec.orderFields?.length) {
      const clauses: Array<{ field: string; desc: boolean }> = [];
      for (const part of value.split(',').map((s) => s.trim())) {
        const m = /^(\w+)(?:\s+(asc|desc))?$/i.exec(part);
        const field =
          m && spec.orderFields.find((f) => f.toLowerCase() === (m[1] as string).toLowerCase());
        if (!m || !field)
          return { error: `$orderby names an unknown field or direction '${part}'.` };
        clauses.push({ field, desc: m[2]?.toLowerCase() === 'desc' });
      }
      query.orderBy = clauses;
    } else if (key === 'expand' && spec.expandable.length) {
      for (const name of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
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

const orderKey = (clauses: Array<{ field: string; desc: boolean }>) =>
  clauses.map((c) => `${c.field.toLowerCase()} ${c.desc ? 'desc' : 'asc'}`).join(',');

/** Sorts by the `$orderby` clauses; nulls sort first ascending (as SQL Server does), strings ordinally. */
function sorted<T extends object>(
  items: readonly T[],
  clauses: Array<{ field: string; desc: boolean }>,
): T[] {
  return [...items].sort((a, b) => {
    for (const { field, desc } of clauses) {
      const x = (a as Record<string, unknown>)[field];
      const y = (b as Record<string, unknown>)[field];
      if (x === y) continue;
      const cmp =
        x === null || x === undefined
          ? -1
          : y === null || y === undefined
            ? 1
            : (x as number | string) < (y as number | string)
              ? -1
              : 1;
      return desc ? -cmp : cmp;
    }
    return 0;
  });
}

// The last filtered (and sorted) view of each list: paging through 100,000 log entries asks the same question
// a hundred times, and filtering them all per page made the sandbox the bottleneck of the log benchmarks.
const lastView = new WeakMap<object, { key: string; view: readonly object[] }>();

export interface ListOptions {
  /** The `$orderby` the list is already in (see QuerySpec.naturalOrder). */
  naturalOrder?: string | undefined;
  /** The data's revision: a view cached under another one is stale (the list's items changed). */
  revision?: number;
  /** Truncate the page to this many items, silently, as a server with a page cap does. */
  cap?: number | null;
}

/** Applies filter, order, paging, a silent page cap and projection to a list, in OData's order. */
export function applyListQuery<T extends object>(
  items: readonly T[],
  query: ListQuery,
  project: (item: T) => object,
  options: ListOptions = {},
): object[] {
  const { naturalOrder, revision = 0, cap = null } = options;
  const key = `${revision}\n${query.filterText ?? ''}\n${query.orderBy ? orderKey(query.orderBy) : ''}`;
  const cached = lastView.get(items);
  let filtered: readonly T[];
  if (cached?.key === key) filtered = cached.view as readonly T[];
  else {
    filtered = query.filter
      ? items.filter((i) => (query.filter as Predicate)(i as Record<string, unknown>))
      : items;
    if (query.orderBy && orderKey(query.orderBy) !== naturalOrder?.toLowerCase())
      filtered = sorted(filtered, query.orderBy);
    if (filtered !== items) lastView.set(items, { key, view: filtered });
  }
  const size = Math.min(query.top ?? Infinity, cap ?? Infinity);
  const end = Number.isFinite(size) ? query.skip + size : undefined;
  return filtered.slice(query.skip, end).map(project);
}

/** Keeps only the $select-ed fields (all when none were selected). */
export function selectFields(item: object, select: string[] | undefined): object {
  if (!select) return item;
  const record = item as Record<string, unknown>;
  return Object.fromEntries(select.map((f) => [f, record[f]]));
}
