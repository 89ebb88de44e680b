import { AppFailure } from '../errors';
import type { Logger } from '../log';
import {
  defaultHttpOptions,
  statusCauseOf,
  type HttpOptions,
  type RequestPurpose,
} from './http/options';
import { createGetJson } from './http/read';
import { createSendJson, type WriteMethod } from './http/write';
import { endsList, MAX_ITEMS, smallerTop, topLimitIn } from './paging';
import type { AccessTokenSource } from './token-source';
import { apiBase, apiUrl, type Query } from './url';

export type { HttpOptions } from './http/options';

/** A path below the API base, one segment per item: `['Owners', ownerAccountId, 'BoundLocks']`. */
export type ApiPath = readonly string[];

/** Runs one request; resources pass a limiter here to bound how many run at once. */
type Schedule = <T>(task: () => Promise<T>) => Promise<T>;

/** Options of one list page. */
interface PageOptions {
  query?: Query;
  /** The fields to ask for (`$select`); dropped, for this client's life, once the server refuses them. */
  select?: readonly string[];
  signal?: AbortSignal | undefined;
}

/** Options of a whole list. */
interface ListAllOptions extends PageOptions {
  /** `$top` per request, until the server teaches a smaller one. */
  pageSize: number;
  /** The items' name in the guard's message, e.g. "grants". */
  items: string;
  /** Wraps each page's request (a limiter); default: run at once. */
  schedule?: Schedule;
}

/** The one way to Tapkey's Web API: every resource calls these, and builds no URL and makes no request itself. */
export interface TapkeyRequest {
  /** The URL a request for `path` and `query` would use (checked like any other), e.g. to keep batches short. */
  href(path: ApiPath, query?: Query): string;
  /** One JSON document. */
  get(
    path: ApiPath,
    purpose: RequestPurpose,
    options?: { query?: Query; signal?: AbortSignal | undefined },
  ): Promise<unknown>;
  /** One page of a list: the answer must be an array. */
  page(path: ApiPath, purpose: RequestPurpose, options?: PageOptions): Promise<unknown[]>;
  /** Every item of a list: `$top`/`$skip` paging, page caps, `$select` fallback, the item guard. */
  listAll(path: ApiPath, purpose: RequestPurpose, options: ListAllOptions): Promise<unknown[]>;
  /** A write with a JSON body (see createSendJson: sent once, a lost answer is `outcome-unknown`). */
  send(
    method: WriteMethod,
    path: ApiPath,
    body: unknown,
    purpose: RequestPurpose,
    options?: { query?: Query; signal?: AbortSignal | undefined },
  ): Promise<unknown>;
}

/** What a request layer needs: the API of the sign-in, its tokens, the log, and any tuning. */
export interface TapkeyRequestOptions {
  /** e.g. https://my.tapkey.com/api/v1/ */
  apiBaseUrl: string;
  tokens: AccessTokenSource;
  log: Logger;
  http?: Partial<HttpOptions>;
}

const runNow: Schedule = (task) => task();

/**
 * The request layer of one signed-in client. It owns the id check on every URL, paging and page caps, the
 * `$select` fallback, error mapping, cancellation, retries inside one deadline, bounded bodies, and writes that
 * are never sent twice. What it learns about the server (its largest `$top`, refused `$select`s) lasts as long
 * as the client.
 */
export function createTapkeyRequest(options: TapkeyRequestOptions): TapkeyRequest {
  const base = apiBase(options.apiBaseUrl);
  const http = { ...defaultHttpOptions, ...options.http };
  const getJson = createGetJson(options.tokens, options.log, http);
  const sendJson = createSendJson(options.tokens, options.log, http);
  const { log } = options;
  /** The largest `$top` this server accepts, once it has refused a larger one. */
  let serverMaxTop: number | null = null;
  /** Field lists the server refused in `$select`: those lists then ask for every field. */
  const selectRefused = new Set<string>();

  const asArray = (page: unknown, path: ApiPath, purpose: RequestPurpose): unknown[] => {
    if (Array.isArray(page)) return page;
    log.warn('tapkey list is not an array', { path: path.join('/'), type: typeof page });
    throw new AppFailure(
      'malformed-response',
      `Tapkey sent an unreadable list of ${purpose.what}.`,
    );
  };

  /** True when `e` is a 400 that names no `$top` limit while `select` was sent: the fields were refused. */
  const refusedSelect = (e: unknown, select: string | null): select is string => {
    const cause = statusCauseOf(e);
    if (select === null || cause?.status !== 400 || topLimitIn(cause.body) !== null) return false;
    log.info('tapkey refused $select; asking for every field', { select });
    selectRefused.add(select);
    return true;
  };
  const selecting = (select: readonly string[] | undefined) => {
    const fields = select?.join(',') ?? null;
    return fields !== null && !selectRefused.has(fields) ? fields : null;
  };
  const withSelect = (query: Query, fields: string | null): Query =>
    fields === null ? query : { ...query, $select: fields };

  async function page(path: ApiPath, purpose: RequestPurpose, o: PageOptions = {}) {
    const fields = selecting(o.select);
    try {
      const url = apiUrl(base, path, withSelect(o.query ?? {}, fields));
      return asArray(await getJson(url, purpose, o.signal), path, purpose);
    } catch (e) {
      if (!refusedSelect(e, fields)) throw e;
      const url = apiUrl(base, path, o.query ?? {});
      return asArray(await getJson(url, purpose, o.signal), path, purpose);
    }
  }

  /**
   * One request of `$top` items; a page that ends the list (see endsList) makes an account that fits cost one
   * round trip. After a full page the next pages are fetched in parallel, in windows that double (2, 4, up to
   * 8), at the price of an occasional empty page. A 400 for the first request's `$top` lowers it to the maximum
   * the server names (or 1,000, then 500) for this and every later list; a 400 that names no limit while
   * `$select` is sent drops `$select` first.
   */
  async function listAll(path: ApiPath, purpose: RequestPurpose, o: ListAllOptions) {
    const schedule = o.schedule ?? runNow;
    let fields = selecting(o.select);
    const fetchPage = (top: number, skip: number) =>
      schedule(async () => {
        const query: Query = skip ? { $top: top, $skip: skip } : { $top: top };
        const url = apiUrl(base, path, withSelect({ ...query, ...o.query }, fields));
        return asArray(await getJson(url, purpose, o.signal), path, purpose);
      });
    let top = Math.min(o.pageSize, serverMaxTop ?? Infinity);
    let first: unknown[];
    for (;;) {
      try {
        first = await fetchPage(top, 0);
        break;
      } catch (e) {
        const cause = statusCauseOf(e);
        if (cause?.status !== 400) throw e;
        if (refusedSelect(e, fields)) {
          fields = null;
          continue;
        }
        const lower = smallerTop(top, topLimitIn(cause.body));
        if (lower === null) throw e;
        log.info('tapkey refused the page size; using a smaller one', {
          refused: top,
          next: lower,
        });
        serverMaxTop = Math.min(serverMaxTop ?? Infinity, lower);
        top = lower;
      }
    }
    if (endsList(first.length, top)) return first;
    const items = first;
    for (let next = 1, window = 2; ; next += window, window = Math.min(window * 2, 8)) {
      const pages = await Promise.all(
        Array.from({ length: window }, (_, k) => fetchPage(top, (next + k) * top)),
      );
      for (const p of pages) {
        for (const item of p) items.push(item);
        if (endsList(p.length, top)) return items;
      }
      if (items.length >= MAX_ITEMS)
        throw new AppFailure(
          'malformed-response',
          `Tapkey sent more ${o.items} than the app can show.`,
        );
    }
  }

  return {
    href: (path, query) => apiUrl(base, path, query).href,
    get: async (path, purpose, o = {}) => getJson(apiUrl(base, path, o.query), purpose, o.signal),
    page,
    listAll,
    send: async (method, path, body, purpose, o = {}) =>
      sendJson(method, apiUrl(base, path, o.query), body, purpose, o.signal),
  };
}
