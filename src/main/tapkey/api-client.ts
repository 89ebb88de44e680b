import type {
  BoundLock,
  BoundLocksPage,
  ListLocksOptions,
  OwnerAccount,
  OwnerAccountsList,
} from '../../shared/model';
import { INVALID_ID_MESSAGE, isTapkeyId } from '../../shared/tapkey-id';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import {
  createHttp,
  defaultHttpOptions,
  statusCauseOf,
  type HttpOptions,
  type RequestPurpose,
} from './http';
import { createLimiter } from './limiter';
import { checkBoundLock, checkOwnerAccount, parseBoundLocks, parseOwnerAccounts } from './schemas';
import type { AccessTokenSource } from './token-source';
import { REQUEST_CANCELLED } from '../messages';

export interface TapkeyClientOptions {
  /** e.g. https://my.tapkey.com/api/v1/ */
  apiBaseUrl: string;
  tokens: AccessTokenSource;
  log: Logger;
  /**
   * `$top` per request. Large enough that a typical account (up to a few thousand locks) comes in one
   * response, like the unpaged request of Tapkey's sample, yet bounded. Tapkey documents no maximum; a server
   * that refuses it (400, as ASP.NET OData's MaxTop does) teaches the client a smaller one.
   */
  pageSize?: number;
  /**
   * How many owner accounts' locks load at once. 64 puts a typical user's accounts in one round trip (the
   * latency dominates, not the bytes); the bound keeps a user with hundreds of accounts from opening hundreds
   * of connections, and 429/Retry-After handling backs off if Tapkey objects.
   */
  concurrency?: number;
  /** How long a priority account may hold back the others (default 1 s). */
  priorityHoldMs?: number;
  http?: Partial<HttpOptions>;
}

const OWNERS_SCOPE = 'read:owneraccounts';
const LOCKS_SCOPE = 'read:core:entities';
/** A guard against a server that never sends a short page. */
const MAX_ITEMS = 1_000_000;
export const DEFAULT_PAGE_SIZE = 5_000;
/**
 * The fields a list of locks keeps (see checkBoundLock): asking for only these (Tapkey's lists take `$select`)
 * moves about 37 % fewer bytes than the full lock, which the detail view fetches on its own (getBoundLock).
 */
const LIST_FIELDS = [
  'id',
  'ownerAccountId',
  'title',
  'description',
  'active',
  'bindDate',
  'unbindDate',
  'physicalLockId',
  'lockTypeId',
  'lockType',
] as const;
/** Tapkey's own exporter pages 500 at a time: the size we trust every Tapkey server to serve. */
const SAFE_PAGE_SIZE = 500;

/** The maximum a server named when refusing a `$top`, e.g. ASP.NET OData's "The limit of '1000' for Top query has been exceeded". */
function topLimitIn(body: string): number | null {
  const m = /limit of '?(\d{1,9})'? for top/i.exec(body);
  return m ? Number(m[1]) : null;
}

/** The Tapkey Web API client: owner accounts and their bound locks, validated, paged, retried, bounded. */
export function createTapkeyClient(options: TapkeyClientOptions) {
  const base = new URL(
    options.apiBaseUrl.endsWith('/') ? options.apiBaseUrl : `${options.apiBaseUrl}/`,
  );
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  /** The largest `$top` this server accepts, once it has refused a larger one. */
  let serverMaxTop: number | null = null;
  /** Set once the server has refused `$select`: lists then ask for every field. */
  let selectRefused = false;
  const limit = createLimiter(options.concurrency ?? 64, options.priorityHoldMs);
  const getJson = createHttp(options.tokens, options.log, {
    ...defaultHttpOptions,
    ...options.http,
  });

  /** A URL under the API base; every segment (ids above all) is checked first, so none climbs out (`..`, `%2F`, `\`). */
  const url = (segments: string[], query: Record<string, string | number> = {}) => {
    if (!segments.every(isTapkeyId)) throw new AppFailure('invalid-id', INVALID_ID_MESSAGE);
    const u = new URL(segments.map(encodeURIComponent).join('/'), base);
    // OData's options are written `$top`, not `%24top` as URLSearchParams would encode them.
    u.search = Object.entries(query)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/g, ',')}`)
      .join('&');
    return u;
  };

  /**
   * One request of `$top` items; a list shorter than that is complete, so an account that fits costs one
   * round trip. After a full page the next pages are fetched in parallel, in windows that double (1, 2, 4,
   * up to 8), at the price of an occasional empty page. A 400 for the first request's `$top` lowers it to
   * the maximum the server names (or 1,000, then 500) for this and every later list; a 400 that names no
   * limit while `$select` is sent drops `$select` first.
   */
  async function listAll(
    segments: string[],
    purpose: RequestPurpose,
    signal?: AbortSignal,
    select?: readonly string[],
  ): Promise<unknown[]> {
    let selecting = select !== undefined && !selectRefused;
    const fetchPage = async (top: number, skip: number): Promise<unknown[]> => {
      const query: Record<string, string | number> = skip
        ? { $top: top, $skip: skip }
        : { $top: top };
      if (selecting) query.$select = select!.join(',');
      const page = await getJson(url(segments, query), purpose, signal);
      if (!Array.isArray(page)) {
        options.log.warn('tapkey list is not an array', {
          path: segments.join('/'),
          type: typeof page,
        });
        throw new AppFailure(
          'malformed-response',
          `Tapkey sent an unreadable list of ${purpose.what}.`,
        );
      }
      return page;
    };
    let top = Math.min(pageSize, serverMaxTop ?? Infinity);
    let first: unknown[];
    for (;;) {
      try {
        first = await fetchPage(top, 0);
        break;
      } catch (e) {
        const cause = statusCauseOf(e);
        if (cause?.status !== 400) throw e;
        const named = topLimitIn(cause.body);
        if (named === null && selecting) {
          // A server that does not know `$select` (or one of its fields) sends everything instead.
          options.log.info('tapkey refused $select; asking for every field', {
            path: segments.join('/'),
          });
          selectRefused = true;
          selecting = false;
          continue;
        }
        if (top <= SAFE_PAGE_SIZE) throw e;
        const lower =
          named !== null && named >= 1 && named < top ? named : top > 1000 ? 1000 : SAFE_PAGE_SIZE;
        options.log.info('tapkey refused the page size; using a smaller one', {
          refused: top,
          next: lower,
        });
        serverMaxTop = Math.min(serverMaxTop ?? Infinity, lower);
        top = lower;
      }
    }
    if (first.length < top) return first;
    const items = first;
    for (let next = 1, window = 2; ; next += window, window = Math.min(window * 2, 8)) {
      const pages = await Promise.all(
        Array.from({ length: window }, (_, k) => fetchPage(top, (next + k) * top)),
      );
      for (const page of pages) {
        for (const item of page) items.push(item);
        if (page.length < top) return items;
      }
      if (items.length >= MAX_ITEMS)
        throw new AppFailure(
          'malformed-response',
          `Tapkey sent more ${purpose.what} than the app can show.`,
        );
    }
  }

  const reportInvalid = (
    what: string,
    invalid: Array<{ index: number; id: string | null; problem: string }>,
  ) => {
    if (invalid.length)
      options.log.warn(`tapkey sent unreadable ${what}`, {
        count: invalid.length,
        first: invalid.slice(0, 5),
      });
  };

  async function listOwnerAccounts(signal?: AbortSignal): Promise<OwnerAccountsList> {
    const raw = await listAll(
      ['Owners'],
      { what: 'your owner accounts', scope: OWNERS_SCOPE },
      signal,
    );
    const { valid, invalid } = parseOwnerAccounts(raw);
    reportInvalid('owner accounts', invalid);
    return { accounts: valid, invalid };
  }

  /** One account's locks, without `raw` (getBoundLock has it); `priority` loads it ahead of the others. */
  async function listBoundLocks(
    ownerAccountId: string,
    signal?: AbortSignal,
    listOptions: ListLocksOptions = {},
  ): Promise<BoundLocksPage> {
    return limit(
      async () => {
        const raw = await listAll(
          ['Owners', ownerAccountId, 'BoundLocks'],
          { what: 'the locks of this owner account', scope: LOCKS_SCOPE },
          signal,
          LIST_FIELDS,
        );
        const { valid, invalid } = parseBoundLocks(raw);
        reportInvalid('locks', invalid);
        return { ownerAccountId, locks: valid, invalid };
      },
      { signal, priority: listOptions.priority ?? false },
    ).catch((e: unknown) => {
      if (signal?.aborted) throw new AppFailure('cancelled', REQUEST_CANCELLED);
      throw e;
    });
  }

  async function getOwnerAccount(
    ownerAccountId: string,
    signal?: AbortSignal,
  ): Promise<OwnerAccount> {
    const raw = await getJson(
      url(['Owners', ownerAccountId]),
      { what: 'this owner account', scope: OWNERS_SCOPE },
      signal,
    );
    const parsed = checkOwnerAccount(raw);
    if (!parsed.ok)
      throw new AppFailure('malformed-response', 'Tapkey sent an unreadable owner account.');
    return parsed.value;
  }

  /** One lock with `raw`, every field Tapkey sent, for the detail view. */
  async function getBoundLock(
    ownerAccountId: string,
    boundLockId: string,
    signal?: AbortSignal,
  ): Promise<BoundLock> {
    const raw = await getJson(
      url(['Owners', ownerAccountId, 'BoundLocks', boundLockId]),
      { what: 'this lock', scope: LOCKS_SCOPE },
      signal,
    );
    const parsed = checkBoundLock(raw, { raw: true });
    if (!parsed.ok) throw new AppFailure('malformed-response', 'Tapkey sent an unreadable lock.');
    return parsed.value;
  }

  /**
   * Loads every account's locks in parallel (bounded), handing each result to `onAccount` as soon as it
   * arrives; one account's failure is delivered as that account's error and never stops the others. The
   * first account (or `priorityId`, the one on screen) loads ahead of the rest, so it shows without waiting
   * for the bulk.
   */
  async function listAllBoundLocks(
    accounts: OwnerAccount[],
    onAccount: (
      ownerAccountId: string,
      result: { ok: true; page: BoundLocksPage } | { ok: false; error: AppFailure },
    ) => void,
    signal?: AbortSignal,
    priorityId: string | undefined = accounts[0]?.id,
  ): Promise<void> {
    const ordered = [
      ...accounts.filter((a) => a.id === priorityId),
      ...accounts.filter((a) => a.id !== priorityId),
    ];
    await Promise.all(
      ordered.map((a) =>
        listBoundLocks(a.id, signal, { priority: a.id === priorityId }).then(
          (page) => onAccount(a.id, { ok: true, page }),
          (e: unknown) => {
            if (signal?.aborted) return;
            onAccount(a.id, {
              ok: false,
              error:
                e instanceof AppFailure
                  ? e
                  : new AppFailure('internal', 'Loading these locks failed.'),
            });
          },
        ),
      ),
    );
  }

  return { listOwnerAccounts, getOwnerAccount, listBoundLocks, getBoundLock, listAllBoundLocks };
}

/** The client's public shape. */
export type TapkeyClient = ReturnType<typeof createTapkeyClient>;
