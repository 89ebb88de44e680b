import type {
  Grant,
  GrantsList,
  Holder,
  InvalidItem,
  LogEntriesPage,
  LogEntry,
  LogQuery,
} from '../../shared/model';
import { AppFailure } from '../errors';
import type { Logger } from '../log';
import { checkGrant, checkLabelled, checkLogEntry } from './access-schemas';
import { createHttp, defaultHttpOptions, type HttpOptions, type RequestPurpose } from './http';
import { createLimiter } from './limiter';
import { checkItems } from './schemas';
import type { AccessTokenSource } from './token-source';

export interface AccessClientOptions {
  /** e.g. https://my.tapkey.com/api/v1/ */
  apiBaseUrl: string;
  tokens: AccessTokenSource;
  log: Logger;
  /** Log entries per page for streaming (CLI, export); the add-on uses 500. */
  pageSize?: number;
  /** Log entries per page for the Activity tab: small enough to render at once. */
  uiPageSize?: number;
  /** Pages requested ahead while streaming a log (bounded parallelism). */
  prefetch?: number;
  /** Requests in flight at once across this client. */
  concurrency?: number;
  /** Every request URL stays below this many characters (proxies and IIS refuse longer ones). */
  maxUrlLength?: number;
  /**
   * On first use per owner account, the first this-many contacts and cards are read alongside the grants or
   * the first log page (one request each), so a typical owner's names cost no extra round trip; 0 turns it off.
   */
  warmUpLimit?: number;
  http?: Partial<HttpOptions>;
}

export const GRANTS_SCOPE = 'read:grants';
export const CONTACTS_SCOPE = 'read:contacts';
export const LOGS_SCOPE = 'read:logs';
const CARDS_SCOPE = 'read:core:entities';
const MAX_ITEMS = 1_000_000;

/** Where a streamed log page ends, so the next request continues there. */
interface LogCursor {
  skip: number;
  since: string | null;
  /** Pinned when the first page is read, so entries arriving meanwhile never shift later pages. */
  until: string;
}

const encodeCursor = (c: LogCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(text: string): LogCursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<LogCursor>;
    if (
      Number.isInteger(c.skip) &&
      (c.skip as number) >= 0 &&
      typeof c.until === 'string' &&
      (c.since === null || typeof c.since === 'string')
    ) {
      return c as LogCursor;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppFailure('invalid-payload', 'The log position is not valid; reload the log.');
}

function isoOrThrow(value: string | undefined | null, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw new AppFailure('invalid-payload', `${what} is not a date: ${value.slice(0, 40)}`);
  return new Date(ms).toISOString();
}

const quote = (id: string) => `'${id.replace(/'/g, "''")}'`;

/**
 * Grants, contacts, bound cards and lock logs. Contacts and cards are resolved in batches of
 * `$filter=id eq … or …` (each URL under maxUrlLength) and cached per owner account for the client's life.
 */
export function createAccessClient(options: AccessClientOptions) {
  const base = new URL(
    options.apiBaseUrl.endsWith('/') ? options.apiBaseUrl : `${options.apiBaseUrl}/`,
  );
  const pageSize = options.pageSize ?? 1000;
  const uiPageSize = options.uiPageSize ?? 200;
  const prefetch = options.prefetch ?? 4;
  const maxUrlLength = options.maxUrlLength ?? 2000;
  const limit = createLimiter(options.concurrency ?? 8);
  const getJson = createHttp(options.tokens, options.log, {
    ...defaultHttpOptions,
    ...options.http,
  });
  // owner account → (contact or card id, lower case) → label, shared by every caller; failed lookups are dropped.
  const labels = new Map<string, Map<string, Promise<string | null>>>();
  const warmUpLimit = options.warmUpLimit ?? 1000;
  const warming = new Map<string, Promise<void>>();
  // The same labels once known, read without awaiting: a 1,000-entry page then costs no promise per entry.
  const known = new Map<string, Map<string, string | null>>();

  const url = (segments: string[], query: Record<string, string | number> = {}) => {
    const u = new URL(segments.map(encodeURIComponent).join('/'), base);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u;
  };

  const getList = (u: URL, purpose: RequestPurpose, signal?: AbortSignal): Promise<unknown[]> =>
    limit(async () => {
      const page = await getJson(u, purpose, signal);
      if (!Array.isArray(page))
        throw new AppFailure(
          'malformed-response',
          `Tapkey sent an unreadable list of ${purpose.what}.`,
        );
      return page;
    }, signal).catch((e: unknown) => {
      if (signal?.aborted) throw new AppFailure('cancelled', 'The request was cancelled.');
      throw e;
    });

  const reportInvalid = (what: string, invalid: InvalidItem[]) => {
    if (invalid.length)
      options.log.warn(`tapkey sent unreadable ${what}`, {
        count: invalid.length,
        first: invalid.slice(0, 5),
      });
  };

  /** Splits ids into `id eq … or …` filters whose whole URL stays under maxUrlLength. */
  function idBatches(
    segments: string[],
    select: string,
    ids: string[],
  ): Array<{ url: URL; ids: string[] }> {
    const urls: Array<{ url: URL; ids: string[] }> = [];
    let batch: string[] = [];
    const build = (list: string[]) =>
      url(segments, {
        $filter: list.map((id) => `id eq ${quote(id)}`).join(' or '),
        $select: select,
      });
    for (const id of ids) {
      const next = [...batch, id];
      if (build(next).href.length < maxUrlLength) {
        batch = next;
        continue;
      }
      if (batch.length === 0)
        throw new AppFailure('malformed-response', 'Tapkey sent an id too long to look up.');
      urls.push({ url: build(batch), ids: batch });
      batch = [id];
      if (build(batch).href.length >= maxUrlLength)
        throw new AppFailure('malformed-response', 'Tapkey sent an id too long to look up.');
    }
    if (batch.length) urls.push({ url: build(batch), ids: batch });
    return urls;
  }

  /** Looks up labels for ids not yet cached, in URL-bounded batches; concurrent callers share requests. */
  function lookUp(
    ownerAccountId: string,
    kind: 'contact' | 'card',
    ids: string[],
    signal?: AbortSignal,
  ): Promise<void>[] {
    const key = `${kind}:${ownerAccountId.toLowerCase()}`;
    let cache = labels.get(key);
    if (!cache) labels.set(key, (cache = new Map()));
    const missing = [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => !cache.has(id));
    if (!missing.length) return [];
    const [segment, field, scope, what] =
      kind === 'contact'
        ? (['Contacts', 'email', CONTACTS_SCOPE, 'contacts'] as const)
        : (['BoundCards', 'title', CARDS_SCOPE, 'cards'] as const);
    return idBatches(['Owners', ownerAccountId, segment], `id,${field}`, missing).map(
      ({ url: u, ids: batchIds }) => {
        const request = getList(
          u,
          { what: `the ${what} of this owner account`, scope },
          signal,
        ).then((raw) => {
          const { valid, invalid } = checkItems(raw, checkLabelled(field));
          reportInvalid(what, invalid);
          return new Map(valid.map((v) => [v.id.toLowerCase(), v.label]));
        });
        let done = known.get(key);
        if (!done) known.set(key, (done = new Map()));
        const settled = done;
        void request.then(
          (found) => {
            for (const id of batchIds) settled.set(id, found.get(id) ?? null);
          },
          () => undefined,
        );
        for (const id of batchIds) {
          const label = request.then((found) => found.get(id) ?? null);
          // Waiters see the failure; an entry nobody awaits must not become an unhandled rejection.
          label.catch(() => undefined);
          cache.set(id, label);
        }
        // A failed batch must not stay cached: the next caller asks again.
        request.catch(() => {
          for (const id of batchIds) cache.delete(id);
        });
        return request.then(() => undefined);
      },
    );
  }

  /**
   * Reads the first warmUpLimit contacts and cards of an owner account once, in parallel with the caller's own
   * request. Failures are ignored here (the id lookups that follow report them), and a failed warm-up may run again.
   */
  function warmUp(ownerAccountId: string, signal?: AbortSignal): Promise<void> {
    const owner = ownerAccountId.toLowerCase();
    if (warmUpLimit <= 0) return Promise.resolve();
    let running = warming.get(owner);
    if (running) return running;
    const fill = async (
      kind: 'contact' | 'card',
      segment: string,
      field: 'email' | 'title',
      scope: string,
    ) => {
      const raw = await getList(
        url(['Owners', ownerAccountId, segment], { $select: `id,${field}`, $top: warmUpLimit }),
        { what: `the ${segment.toLowerCase()} of this owner account`, scope },
        signal,
      );
      const { valid } = checkItems(raw, checkLabelled(field));
      const key = `${kind}:${owner}`;
      let cache = labels.get(key);
      if (!cache) labels.set(key, (cache = new Map()));
      let done = known.get(key);
      if (!done) known.set(key, (done = new Map()));
      for (const v of valid) {
        const id = v.id.toLowerCase();
        if (done.has(id)) continue;
        done.set(id, v.label);
        cache.set(id, Promise.resolve(v.label));
      }
    };
    running = Promise.all([
      fill('contact', 'Contacts', 'email', CONTACTS_SCOPE),
      fill('card', 'BoundCards', 'title', CARDS_SCOPE),
    ]).then(
      () => undefined,
      () => {
        warming.delete(owner);
      },
    );
    warming.set(owner, running);
    return running;
  }

  /** Fills in holder labels (contact e-mail, card title) for a page of items. */
  async function resolveHolders(
    ownerAccountId: string,
    holders: Holder[],
    signal?: AbortSignal,
  ): Promise<Holder[]> {
    const contactIds = holders.flatMap((h) => (h.contactId ? [h.contactId] : []));
    const cardIds = holders.flatMap((h) => (h.boundCardId && !h.contactId ? [h.boundCardId] : []));
    await Promise.all([
      ...lookUp(ownerAccountId, 'contact', contactIds, signal),
      ...lookUp(ownerAccountId, 'card', cardIds, signal),
    ]);
    const owner = ownerAccountId.toLowerCase();
    const pending = (kind: string, ids: string[]) => {
      const done = known.get(`${kind}:${owner}`);
      const cache = labels.get(`${kind}:${owner}`);
      return ids
        .filter((id) => !done?.has(id.toLowerCase()))
        .map((id) => cache?.get(id.toLowerCase()));
    };
    // Ids another caller is still looking up: wait for those batches (each failure reaches this caller too).
    await Promise.all(new Set([...pending('contact', contactIds), ...pending('card', cardIds)]));
    const contacts = known.get(`contact:${owner}`);
    const cards = known.get(`card:${owner}`);
    return holders.map((h) => {
      if (h.contactId) return { ...h, label: contacts?.get(h.contactId.toLowerCase()) ?? null };
      if (h.boundCardId) return { ...h, label: cards?.get(h.boundCardId.toLowerCase()) ?? null };
      return h;
    });
  }

  /** The grants of an owner account, or of one lock, with who holds each resolved. */
  async function listGrants(
    ownerAccountId: string,
    boundLockId: string | null,
    signal?: AbortSignal,
  ): Promise<GrantsList> {
    const warm = warmUp(ownerAccountId, signal);
    const raw: unknown[] = [];
    const purpose = {
      what: boundLockId ? 'who has access to this lock' : 'the grants of this owner account',
      scope: GRANTS_SCOPE,
    };
    for (let skip = 0; ; skip += pageSize) {
      const query: Record<string, string | number> = { $top: pageSize, $skip: skip };
      if (boundLockId) query.$filter = `boundLockId eq ${quote(boundLockId)}`;
      const page = await getList(url(['Owners', ownerAccountId, 'Grants'], query), purpose, signal);
      raw.push(...page);
      if (page.length < pageSize) break;
      if (raw.length >= MAX_ITEMS)
        throw new AppFailure(
          'malformed-response',
          'Tapkey sent more grants than the app can show.',
        );
    }
    const { valid, invalid } = checkItems(raw, checkGrant);
    reportInvalid('grants', invalid);
    await warm;
    const holders = await resolveHolders(
      ownerAccountId,
      valid.map((g) => g.holder),
      signal,
    );
    const grants: Grant[] = valid.map((g, i) => ({ ...g, holder: holders[i] as Holder }));
    return { ownerAccountId, boundLockId, grants, invalid };
  }

  const logUrl = (ownerAccountId: string, boundLockId: string, cursor: LogCursor, top: number) => {
    const clauses = [
      ...(cursor.since ? [`lockTimestamp ge ${cursor.since}`] : []),
      `lockTimestamp lt ${cursor.until}`,
    ];
    return url(['Owners', ownerAccountId, 'BoundLocks', boundLockId, 'LogEntries'], {
      $filter: clauses.join(' and '),
      $orderby: 'lockTimestamp desc',
      $top: top,
      $skip: cursor.skip,
    });
  };

  async function logPage(
    ownerAccountId: string,
    boundLockId: string,
    cursor: LogCursor,
    top: number,
    signal?: AbortSignal,
  ) {
    const warm = warmUp(ownerAccountId, signal);
    const raw = await getList(
      logUrl(ownerAccountId, boundLockId, cursor, top),
      { what: 'the activity of this lock', scope: LOGS_SCOPE },
      signal,
    );
    await warm;
    const { valid, invalid } = checkItems(raw, checkLogEntry);
    reportInvalid('log entries', invalid);
    const holders = await resolveHolders(
      ownerAccountId,
      valid.map((e) => e.holder),
      signal,
    );
    const entries: LogEntry[] = valid.map((e, i) => ({ ...e, holder: holders[i] as Holder }));
    return { entries, invalid, full: raw.length >= top };
  }

  const firstCursor = (range: { since?: string | null; until?: string | null }): LogCursor => {
    const since = isoOrThrow(range.since, 'The start date');
    // Without an end, the log is read up to now, pinned so later pages do not shift as entries arrive.
    const until =
      isoOrThrow(range.until, 'The end date') ?? new Date(Date.now() + 1000).toISOString();
    if (since && since >= until)
      throw new AppFailure('invalid-payload', 'The start date must be before the end date.');
    return { skip: 0, since, until };
  };

  /** One page of a lock's log, newest first, and the cursor of the next (null at the end). */
  async function listLogEntries(
    ownerAccountId: string,
    boundLockId: string,
    query: LogQuery,
    signal?: AbortSignal,
  ): Promise<LogEntriesPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor) : firstCursor(query);
    const page = await logPage(ownerAccountId, boundLockId, cursor, uiPageSize, signal);
    return {
      entries: page.entries,
      invalid: page.invalid,
      nextCursor: page.full ? encodeCursor({ ...cursor, skip: cursor.skip + uiPageSize }) : null,
    };
  }

  /**
   * Streams a lock's log in a date range, newest first, page by page, with up to `prefetch` pages in flight.
   * Memory stays bounded by the window, whatever the log's length; stopping the loop cancels what is in flight.
   */
  async function* streamLogEntries(
    ownerAccountId: string,
    boundLockId: string,
    range: { since?: string | null; until?: string | null },
    signal?: AbortSignal,
  ): AsyncGenerator<{ entries: LogEntry[]; invalid: InvalidItem[] }> {
    const start = firstCursor(range);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const window: Array<Promise<Awaited<ReturnType<typeof logPage>>>> = [];
    let nextSkip = 0;
    const request = () => {
      const p = logPage(
        ownerAccountId,
        boundLockId,
        { ...start, skip: nextSkip },
        pageSize,
        controller.signal,
      );
      // Pages behind a short one are discarded unread; keep their rejections from going unhandled.
      p.catch(() => undefined);
      window.push(p);
      nextSkip += pageSize;
    };
    try {
      request();
      for (let total = 0; ;) {
        // Prefetch only after a first full page: a short log costs exactly one request.
        while (total > 0 && window.length < prefetch) request();
        const page = await (window.shift() as Promise<Awaited<ReturnType<typeof logPage>>>);
        total += page.entries.length + page.invalid.length;
        yield { entries: page.entries, invalid: page.invalid };
        if (!page.full) return;
        if (window.length === 0) request();
        if (total >= MAX_ITEMS * 10)
          throw new AppFailure(
            'malformed-response',
            'Tapkey sent more log entries than the app can read.',
          );
      }
    } finally {
      controller.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Forgets every cached contact and card (e.g. on sign-out). */
  function clearCache(): void {
    warming.clear();
    labels.clear();
    known.clear();
  }

  return { listGrants, listLogEntries, streamLogEntries, resolveHolders, clearCache };
}

/** The access client's public shape. */
export type AccessClient = ReturnType<typeof createAccessClient>;
