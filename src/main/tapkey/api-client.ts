import type { BoundLock, BoundLocksPage, OwnerAccount, OwnerAccountsList } from '../../shared/model';
import { INVALID_ID_MESSAGE, isTapkeyId } from '../../shared/tapkey-id';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { createHttp, defaultHttpOptions, type HttpOptions, type RequestPurpose } from './http';
import { createLimiter } from './limiter';
import { checkBoundLock, checkOwnerAccount, parseBoundLocks, parseOwnerAccounts } from './schemas';
import type { AccessTokenSource } from './token-source';
import { REQUEST_CANCELLED } from '../messages';

export interface TapkeyClientOptions {
  /** e.g. https://my.tapkey.com/api/v1/ */
  apiBaseUrl: string;
  tokens: AccessTokenSource;
  log: Logger;
  /** `$top` per page. Tapkey documents no maximum; we stop on a short page as Tapkey's own exporter does. */
  pageSize?: number;
  /**
   * How many owner accounts' locks load at once. 64 puts a typical user's accounts in one round trip (the
   * latency dominates, not the bytes); the bound keeps a user with hundreds of accounts from opening hundreds
   * of connections, and 429/Retry-After handling backs off if Tapkey objects.
   */
  concurrency?: number;
  http?: Partial<HttpOptions>;
}

const OWNERS_SCOPE = 'read:owneraccounts';
const LOCKS_SCOPE = 'read:core:entities';
/** A guard against a server that never sends a short page. */
const MAX_ITEMS = 1_000_000;

/** The Tapkey Web API client: owner accounts and their bound locks, validated, paged, retried, bounded. */
export function createTapkeyClient(options: TapkeyClientOptions) {
  const base = new URL(options.apiBaseUrl.endsWith('/') ? options.apiBaseUrl : `${options.apiBaseUrl}/`);
  const pageSize = options.pageSize ?? 1000;
  const limit = createLimiter(options.concurrency ?? 64);
  const getJson = createHttp(options.tokens, options.log, { ...defaultHttpOptions, ...options.http });

  /** A URL under the API base; every segment (ids above all) is checked first, so none climbs out (`..`, `%2F`, `\`). */
  const url = (segments: string[], query: Record<string, string | number> = {}) => {
    if (!segments.every(isTapkeyId)) throw new AppFailure('invalid-id', INVALID_ID_MESSAGE);
    const u = new URL(segments.map(encodeURIComponent).join('/'), base);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u;
  };

  /**
   * Pages with `$top`/`$skip` until a short page. After a full page the next pages are fetched in parallel,
   * in windows that double (1, 2, 4, up to 8), so 2,000 locks at 1,000 a page take two round trips rather
   * than three, at the price of an occasional empty page.
   */
  async function listAll(segments: string[], purpose: RequestPurpose, signal?: AbortSignal): Promise<unknown[]> {
    const fetchPage = async (index: number): Promise<unknown[]> => {
      const page = await getJson(url(segments, { $top: pageSize, $skip: index * pageSize }), purpose, signal);
      if (!Array.isArray(page)) {
        options.log.warn('tapkey list is not an array', { path: segments.join('/'), type: typeof page });
        throw new AppFailure('malformed-response', `Tapkey sent an unreadable list of ${purpose.what}.`);
      }
      return page;
    };
    const items: unknown[] = [];
    for (let next = 0, window = 1; ; next += window, window = Math.min(window * 2, 8)) {
      const pages = await Promise.all(Array.from({ length: window }, (_, k) => fetchPage(next + k)));
      for (const page of pages) {
        for (const item of page) items.push(item);
        if (page.length < pageSize) return items;
      }
      if (items.length >= MAX_ITEMS) throw new AppFailure('malformed-response', `Tapkey sent more ${purpose.what} than the app can show.`);
    }
  }

  const reportInvalid = (what: string, invalid: Array<{ index: number; id: string | null; problem: string }>) => {
    if (invalid.length) options.log.warn(`tapkey sent unreadable ${what}`, { count: invalid.length, first: invalid.slice(0, 5) });
  };

  async function listOwnerAccounts(signal?: AbortSignal): Promise<OwnerAccountsList> {
    const raw = await listAll(['Owners'], { what: 'your owner accounts', scope: OWNERS_SCOPE }, signal);
    const { valid, invalid } = parseOwnerAccounts(raw);
    reportInvalid('owner accounts', invalid);
    return { accounts: valid, invalid };
  }

  async function listBoundLocks(ownerAccountId: string, signal?: AbortSignal): Promise<BoundLocksPage> {
    return limit(async () => {
      const raw = await listAll(['Owners', ownerAccountId, 'BoundLocks'], { what: 'the locks of this owner account', scope: LOCKS_SCOPE }, signal);
      const { valid, invalid } = parseBoundLocks(raw);
      reportInvalid('locks', invalid);
      return { ownerAccountId, locks: valid, invalid };
    }, signal).catch((e: unknown) => {
      if (signal?.aborted) throw new AppFailure('cancelled', REQUEST_CANCELLED);
      throw e;
    });
  }

  async function getOwnerAccount(ownerAccountId: string, signal?: AbortSignal): Promise<OwnerAccount> {
    const raw = await getJson(url(['Owners', ownerAccountId]), { what: 'this owner account', scope: OWNERS_SCOPE }, signal);
    const parsed = checkOwnerAccount(raw);
    if (!parsed.ok) throw new AppFailure('malformed-response', 'Tapkey sent an unreadable owner account.');
    return parsed.value;
  }

  async function getBoundLock(ownerAccountId: string, boundLockId: string, signal?: AbortSignal): Promise<BoundLock> {
    const raw = await getJson(url(['Owners', ownerAccountId, 'BoundLocks', boundLockId]), { what: 'this lock', scope: LOCKS_SCOPE }, signal);
    const parsed = checkBoundLock(raw);
    if (!parsed.ok) throw new AppFailure('malformed-response', 'Tapkey sent an unreadable lock.');
    return parsed.value;
  }

  /**
   * Loads every account's locks in parallel (bounded), handing each result to `onAccount` as soon as it
   * arrives; one account's failure is delivered as that account's error and never stops the others.
   */
  async function listAllBoundLocks(
    accounts: OwnerAccount[],
    onAccount: (ownerAccountId: string, result: { ok: true; page: BoundLocksPage } | { ok: false; error: AppFailure }) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    await Promise.all(
      accounts.map((a) =>
        listBoundLocks(a.id, signal).then(
          (page) => onAccount(a.id, { ok: true, page }),
          (e: unknown) => {
            if (signal?.aborted) return;
            onAccount(a.id, { ok: false, error: e instanceof AppFailure ? e : new AppFailure('internal', 'Loading these locks failed.') });
          },
        ),
      ),
    );
  }

  return { listOwnerAccounts, getOwnerAccount, listBoundLocks, getBoundLock, listAllBoundLocks };
}

/** The client's public shape. */
export type TapkeyClient = ReturnType<typeof createTapkeyClient>;
