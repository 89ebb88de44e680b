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
import {
  endsList,
  learnPage,
  MAX_ITEMS,
  noCapKnowledge,
  smallerTop,
  topFor,
  topLimitIn,
  type CapKnowledge,
  type PageVerdict,
} from './paging';
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

/** Options of one page at a position of a list. */
interface PageAtOptions extends PageOptions {
  top: number;
  skip: number;
}

/** Options of a whole list, read page by page. */
interface PagesOptions extends PageOptions {
  /** `$top` per request, until the server teaches a smaller one (a refused `$top`, or a silent cap). */
  pageSize: number;
  /** Wraps each page's request (a limiter); default: run at once. */
  schedule?: Schedule;
  /**
   * Requests in flight at most once pages come full (default 8); a short list costs one round trip (its first
   * page and that page's twin, unless this is 1).
   */
  parallel?: number;
}

/** Options of a whole list. */
interface ListAllOptions extends PagesOptions {
  /** The items' name in the guard's message, e.g. "grants". */
  items: string;
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
  /** One answer of a list as it comes (no `$top`/`$skip` of its own): the answer must be an array. */
  page(path: ApiPath, purpose: RequestPurpose, options?: PageOptions): Promise<unknown[]>;
  /** One page at `skip`, and what it says about its list (see paging.endsList). */
  pageAt(
    path: ApiPath,
    purpose: RequestPurpose,
    options: PageAtOptions,
  ): Promise<{ items: unknown[]; verdict: PageVerdict }>;
  /** True when an answer of `received` items from this kind of list cannot have been cut by a silent cap. */
  isWhole(path: ApiPath, received: number): boolean;
  /**
   * A whole list, page by page in order, complete under any silent page cap (see `pages` below). Stopping the
   * loop early cancels what is still in flight.
   */
  pages(path: ApiPath, purpose: RequestPurpose, options: PagesOptions): AsyncGenerator<unknown[]>;
  /** Every item of a list (`pages`, collected), with the item guard. */
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

/** A twin page that was not served; its status, when the server answered with one. */
interface TwinFailure {
  status: number | null;
}

/** The twin of a list's first page (see pages): its `$top`, its item count, and how to cancel it. */
interface Twin {
  top: number;
  count: Promise<number | TwinFailure>;
  cancel: AbortController;
}

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
  // A twin (see pages) is never retried: a failed one costs the round trip it was to save, not a retry storm.
  const getTwinJson = createGetJson(options.tokens, options.log, { ...http, maxAttempts: 1 });
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

  /** What this client learned about each kind of list's silent cap, by the list's last path segment. */
  const caps = new Map<string, CapKnowledge>();
  const kindOf = (path: ApiPath) => (path[path.length - 1] ?? '').toLowerCase();
  /** Kinds of list that refused a twin page (see pages): their short pages are confirmed by asking on. */
  const twinRefused = new Set<string>();
  const capsOf = (path: ApiPath): CapKnowledge => {
    const kind = kindOf(path);
    let known = caps.get(kind);
    if (!known) caps.set(kind, (known = noCapKnowledge()));
    return known;
  };

  async function pageAt(path: ApiPath, purpose: RequestPurpose, o: PageAtOptions) {
    const query: Query = { ...o.query, $top: o.top, ...(o.skip ? { $skip: o.skip } : {}) };
    const items = await page(path, purpose, { ...o, query });
    const known = capsOf(path);
    const verdict = endsList(items.length, o.top, known);
    learnPage(known, items.length, false);
    return { items, verdict };
  }

  /**
   * The pages of a list in order. While this kind of list's cap is unknown, the first request goes with a twin
   * (see twinOf), so a list that fits in one page costs one round trip of two requests, and a first page cut by a
   * cap is told from the end in that same round trip; once the cap, or a page at least as long as `$top`, is
   * known, the first request goes alone. After full pages, more are asked ahead: 2 in flight, then 4, up to
   * `parallel`, each time the window before came back full (so a list ends with at most that many empty
   * answers, cancelled as soon as the end is known). A page that is not exactly full (cut by a cap, or longer
   * than asked) makes the pages asked after it wrong: they are cancelled and reading goes on right after it, one
   * request at a time; a short page that neither the twin nor what is known can place costs one more request
   * at skip + received, and a cut page followed by more items teaches the cap, which every later page of that
   * kind of list then asks for. A 400 for the first request's `$top` lowers it to the maximum the server names
   * (or 1,000, then 500) for this and every later list; a 400 that names no limit while `$select` is sent drops
   * `$select` first.
   *
   * Trusts the server on one point beyond paging.CapKnowledge's: that the twin and its first page are answered
   * from the same list. A list that changes between the two requests reads as inconsistent (then we ask on),
   * except for the one case offset paging cannot see either: an item removed while a list one longer than the
   * cap is read.
   */
  async function* pages(
    path: ApiPath,
    purpose: RequestPurpose,
    o: PagesOptions,
  ): AsyncGenerator<unknown[]> {
    const schedule = o.schedule ?? runNow;
    const known = capsOf(path);
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let fields = selecting(o.select);
    const fetchPage = (top: number, skip: number, signal: AbortSignal) =>
      schedule(async () => {
        const query: Query = skip ? { $top: top, $skip: skip } : { $top: top };
        const url = apiUrl(base, path, withSelect({ ...query, ...o.query }, fields));
        return asArray(await getJson(url, purpose, signal), path, purpose);
      });
    interface Asked {
      skip: number;
      top: number;
      done: Promise<unknown[]>;
      cancel: AbortController;
    }
    const inFlight: Asked[] = [];
    const ask = (skip: number, top: number) => {
      const cancel = new AbortController();
      const done = fetchPage(top, skip, AbortSignal.any([stop.signal, cancel.signal]));
      // Pages behind a short one are dropped unread; keep their rejections from going unhandled.
      done.catch(() => undefined);
      inFlight.push({ skip, top, done, cancel });
    };
    const dropInFlight = () => {
      for (const a of inFlight.splice(0)) a.cancel.abort();
    };
    /**
     * The first page's twin: the same list from its second item, ids only, asked beside the first page while a
     * short first page could not prove the end by itself. Under a cap c both pages are cut to c items; at the end
     * of the list the twin holds exactly one item fewer. So the twin's length tells a page cut by a silent cap
     * from the last page in the same round trip, under any cap from 1 up. None when the cap or a page at least
     * this long is already known, when `parallel` allows one request at a time, or once this kind of list
     * refused a twin (a 400 for it while its first page was served).
     */
    const twinOf = (top: number): Twin | null => {
      if (top <= 1 || known.cap !== null || known.largestPage >= top) return null;
      if ((o.parallel ?? 8) < 2 || twinRefused.has(kindOf(path))) return null;
      const cancel = new AbortController();
      const signal = AbortSignal.any([stop.signal, cancel.signal]);
      const query = withSelect({ $top: top, $skip: 1, ...o.query }, 'id');
      const count = schedule(async () => {
        const items = asArray(
          await getTwinJson(apiUrl(base, path, query), purpose, signal),
          path,
          purpose,
        );
        return items.length;
      }).catch((e: unknown): TwinFailure => {
        const status = statusCauseOf(e)?.status ?? null;
        if (!signal.aborted) log.info('tapkey did not answer a twin page', { status });
        return { status };
      });
      return { top, count, cancel };
    };
    let twin: Twin | null = null;
    try {
      let top = topFor(Math.min(o.pageSize, serverMaxTop ?? Infinity), known);
      let first: unknown[];
      for (;;) {
        try {
          // The first page is scheduled ahead of its twin, so a queue gives the page its slot first.
          const asked = fetchPage(top, 0, stop.signal);
          // The twin says nothing about fields, so a retry without `$select` keeps it; a smaller `$top` does not.
          if (twin?.top !== top) {
            twin?.cancel.abort();
            twin = twinOf(top);
          }
          first = await asked;
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
      let current: { skip: number; top: number; items: unknown[] } = { skip: 0, top, items: first };
      let window = 1;
      let fullPages = 0;
      /** The length of the last page that was shorter than asked without proving the end. */
      let unsure: number | null = null;
      for (;;) {
        const { skip, items } = current;
        if (unsure !== null && items.length > 0) {
          // The short page before this one was cut by a cap: from now on, ask for exactly the cap.
          learnPage(known, unsure, true);
          log.info('tapkey caps this list silently; paging by its cap', { cap: known.cap });
          top = topFor(top, known);
        }
        unsure = null;
        let verdict = endsList(items.length, current.top, known);
        if (twin) {
          const { count, cancel } = twin;
          twin = null;
          const counted = verdict === 'unsure' ? await count : null;
          cancel.abort();
          if (counted === items.length - 1) verdict = 'end';
          else if (counted === items.length) {
            // Cut by a cap: the page's length is the cap; read on from right after it, by the cap.
            learnPage(known, items.length, true);
            log.info('tapkey caps this list silently; paging by its cap', { cap: known.cap });
            top = topFor(top, known);
            verdict = 'more';
          } else if (typeof counted === 'number') {
            // Not one cap over one list (it changed between the two, or the cap is not a count): ask on.
            log.info('tapkey answered a twin page inconsistently', {
              received: items.length,
              counted,
            });
          } else if (counted?.status === 400) {
            // Its first page was served with the same `$top`: the twin's `$skip` or `$select=id` was refused.
            twinRefused.add(kindOf(path));
          }
        }
        learnPage(known, items.length, false);
        if (items.length) yield items;
        if (verdict === 'end') return;
        const next = skip + items.length;
        if (verdict === 'unsure' || items.length !== current.top) {
          // Anything asked after this page assumed a full one: ask again right after it, alone.
          if (verdict === 'unsure') unsure = items.length;
          dropInFlight();
          window = 1;
          fullPages = 0;
          ask(next, top);
        } else {
          // The window doubles once every page of the last window came back full (1, 2, 4 … up to `parallel`).
          if (++fullPages >= window) {
            window = Math.min(window * 2, o.parallel ?? 8);
            fullPages = 0;
          }
          if (!inFlight.length) ask(next, top);
          while (inFlight.length < window) {
            const last = inFlight[inFlight.length - 1]!;
            ask(last.skip + last.top, top);
          }
        }
        const head = inFlight.shift()!;
        current = { skip: head.skip, top: head.top, items: await head.done };
      }
    } finally {
      dropInFlight();
      twin?.cancel.abort();
      stop.abort();
      o.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function listAll(path: ApiPath, purpose: RequestPurpose, o: ListAllOptions) {
    const items: unknown[] = [];
    for await (const p of pages(path, purpose, o)) {
      for (const item of p) items.push(item);
      if (items.length >= MAX_ITEMS)
        throw new AppFailure(
          'malformed-response',
          `Tapkey sent more ${o.items} than the app can show.`,
        );
    }
    return items;
  }

  return {
    href: (path, query) => apiUrl(base, path, query).href,
    get: async (path, purpose, o = {}) => getJson(apiUrl(base, path, o.query), purpose, o.signal),
    page: async (path, purpose, o = {}) => {
      const items = await page(path, purpose, o);
      learnPage(capsOf(path), items.length, false);
      return items;
    },
    pageAt,
    isWhole: (path, received) => {
      const known = capsOf(path);
      return received < (known.cap ?? known.largestPage);
    },
    pages,
    listAll,
    send: async (method, path, body, purpose, o = {}) =>
      sendJson(method, apiUrl(base, path, o.query), body, purpose, o.signal),
  };
}
