import type { InvalidItem, LogEntriesPage, LogEntry, LogQuery } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { AppFailure } from '../../errors';
import { statusCauseOf, type RequestPurpose } from '../http/options';
import { checkLogEntry } from '../access-schemas';
import { MAX_STREAMED_ITEMS } from '../paging';
import type { ApiPath } from '../request';
import { checkItems } from '../schemas';
import { idEquals, type Query } from '../url';
import { limited, reportInvalid, type LimitedContext } from './context';
import type { HolderLabels } from './holder-labels';
import { decodeCursor, encodeCursor, firstCursor, type LogCursor } from './log-cursor';
import { drain, type Probes } from './probes';

/** Tuning of log reads. */
export interface LogsTuning {
  /** Entries per page for streaming (CLI, export); Tapkey's exporter uses 500. */
  pageSize: number;
  /** Entries per page for the Activity views: small enough to render at once. */
  uiPageSize: number;
  /** Pages requested ahead while streaming (bounded parallelism). */
  prefetch: number;
}

/** A slice of a log: a date range (since inclusive, until exclusive) and one person, each optional. */
export type LogRange = { since?: string | null; until?: string | null; contactId?: string | null };

/** A page of entries as streamed: holders named, unreadable entries apart. */
export interface LogPage {
  entries: LogEntry[];
  invalid: InvalidItem[];
}

/** Tapkey documents that an Access Manager cannot see access logs: a 403 without insufficient_scope says so. */
const ROLE_CANNOT_READ_LOGS =
  'Your role in this owner account does not let you see its activity: Access Managers cannot see activity in Tapkey. An owner or administrator of the account can.';

/** Pages of the UI read at most to find one entry of a slice the server could not filter. */
const MAX_SIEVED_PAGES = 10;

/** The oldest entry read so far: where a page repeating entries (the log shifted meanwhile) is cut. */
interface Seen {
  at: number;
  iso: string;
  ids: string[];
}

/** What a page leaves of a slice: the entries in it, and whether it reached past the slice's start. */
interface Sieved {
  kept: LogEntry[];
  past: boolean;
  seen: Seen | null;
}

/**
 * Keeps the entries of a page that belong to the slice: those the server already filtered, or, for each filter
 * it refused, the ones that pass here. Entries at or after the oldest already read are a repeat (new entries
 * pushed the log down between requests) and are dropped. The log comes newest first (`$orderby=lockTimestamp
 * desc`, as Tapkey's exporter asks for), so the first entry before `since` ends the slice: this relies on the
 * server honouring that order.
 */
function sieve(entries: readonly LogEntry[], c: LogCursor, seenBefore: Seen | null): Sieved {
  const since = c.since !== null ? Date.parse(c.since) : null;
  const until = Date.parse(c.until);
  const contact = c.contactId?.toLowerCase() ?? null;
  const kept: LogEntry[] = [];
  let seen = seenBefore;
  for (const e of entries) {
    const at = Date.parse(e.lockTimestamp);
    if (seen && (at > seen.at || (at === seen.at && seen.ids.includes(e.id)))) continue;
    if (!seen || at < seen.at) seen = { at, iso: e.lockTimestamp, ids: [e.id] };
    else seen.ids.push(e.id);
    if (!c.server.range) {
      if (at >= until) continue;
      if (since !== null && at < since) return { kept, past: true, seen };
    }
    if (contact !== null && !c.server.contact && e.holder.contactId?.toLowerCase() !== contact)
      continue;
    kept.push(e);
  }
  return { kept, past: false, seen };
}

/**
 * Access logs: one lock's (`/Owners/{id}/BoundLocks/{lockId}/LogEntries`) or the whole owner account's
 * (`/Owners/{id}/LogEntries`, as Tapkey's exporter reads it): pages for the UI, streams for exports and the CLI.
 *
 * Filtering by date (`lockTimestamp ge/lt`) is not documented anywhere: when the server answers it with 400, the
 * client stops asking for it (for its life) and reads the log newest first, stopping at the range's start. The
 * same goes for filtering by `contactId`. Either way a slice comes out with the same entries.
 */
export function createLogs(ctx: LimitedContext, holders: HolderLabels, tuning: LogsTuning) {
  /** Filters the server has not refused yet. */
  const accepts = { range: true, contact: true };

  const pathOf = (owner: string, lock: string | null): ApiPath =>
    lock !== null
      ? ['Owners', owner, 'BoundLocks', lock, 'LogEntries']
      : ['Owners', owner, 'LogEntries'];
  const purposeOf = (lock: string | null): RequestPurpose => ({
    what: lock !== null ? 'the activity of this lock' : 'the activity of this owner account',
    scope: SCOPES.logs,
    forbidden: ROLE_CANNOT_READ_LOGS,
  });
  const start = (range: LogRange) => {
    // A person's id the user named is checked before anything is asked, warm-up included.
    if (range.contactId !== undefined && range.contactId !== null)
      idEquals('contactId', range.contactId);
    return firstCursor(range, { range: accepts.range, contact: accepts.contact });
  };

  function queryOf(c: LogCursor): Query {
    const clauses: string[] = [];
    if (c.server.range) {
      if (c.since) clauses.push(`lockTimestamp ge ${c.since}`);
      clauses.push(`lockTimestamp lt ${c.until}`);
    }
    if (c.server.contact && c.contactId) clauses.push(idEquals('contactId', c.contactId));
    return {
      ...(clauses.length ? { $filter: clauses.join(' and ') } : {}),
      $orderby: 'lockTimestamp desc',
    };
  }

  /**
   * After a 400 on a slice's first request: stops asking the server for a filter it refused (the date range
   * first, then the person) and says whether there is one left to try without. Otherwise the 400 stands.
   */
  function dropRefusedFilter(e: unknown, c: LogCursor): LogCursor | null {
    if (statusCauseOf(e)?.status !== 400) return null;
    const which = c.server.range ? 'range' : c.server.contact ? 'contact' : null;
    if (which === null) return null;
    accepts[which] = false;
    ctx.log.info('tapkey refused a log filter; filtering here instead', { filter: which });
    return { ...c, server: { ...c.server, [which]: false } };
  }

  /** Names the holders of checked entries (a warm-up of contacts and cards runs beside the first page). */
  async function named(owner: string, entries: LogEntry[], signal?: AbortSignal) {
    const resolved = await holders.resolve(
      owner,
      entries.map((e) => e.holder),
      signal,
    );
    return entries.map((e, i) => ({ ...e, holder: resolved[i]! }));
  }

  /** One page of a slice at its cursor: what the UI asks for, then the cursor of the next page. */
  async function readSlice(
    owner: string,
    lock: string | null,
    first: LogCursor,
    isFirst: boolean,
    signal?: AbortSignal,
  ): Promise<LogEntriesPage> {
    const path = pathOf(owner, lock);
    // A bad id fails here, before the warm-up asks Tapkey for anything.
    ctx.request.href(path);
    const warm = holders.warmUp(owner, signal);
    let c = first;
    const entries: LogEntry[] = [];
    const invalid: InvalidItem[] = [];
    for (let round = 0; ; round++) {
      let page;
      try {
        page = await limited(
          ctx.limit,
          () =>
            ctx.request.pageAt(path, purposeOf(lock), {
              top: tuning.uiPageSize,
              skip: c.skip,
              query: queryOf(c),
              signal,
            }),
          { signal },
        );
      } catch (e) {
        const without = isFirst && round === 0 ? dropRefusedFilter(e, c) : null;
        if (!without) throw e;
        c = without;
        round--;
        continue;
      }
      const checked = checkItems(page.items, checkLogEntry);
      reportInvalid(ctx.log, 'log entries', checked.invalid);
      invalid.push(...checked.invalid);
      const s = sieve(checked.valid, c, c.seen ? toSeen(c.seen) : null);
      await warm;
      entries.push(...(await named(owner, s.kept, signal)));
      c = { ...c, skip: c.skip + page.items.length, seen: s.seen ? fromSeen(s.seen) : null };
      if (page.verdict === 'end' || s.past) return { entries, invalid, nextCursor: null };
      // A slice the server filtered fills its pages; one sieved here may take a few pages to show anything.
      if (entries.length > 0 || round + 1 >= MAX_SIEVED_PAGES)
        return { entries, invalid, nextCursor: encodeCursor(c) };
    }
  }

  /**
   * Streams a slice of a log, newest first, page by page, with up to `prefetch` pages in flight (see
   * request.pages: complete under any silent page cap). Memory stays bounded by the window, whatever the log's
   * length; stopping the loop cancels what is in flight.
   */
  async function* stream(
    owner: string,
    lock: string | null,
    range: LogRange,
    signal?: AbortSignal,
  ): AsyncGenerator<LogPage> {
    let c = start(range);
    const path = pathOf(owner, lock);
    ctx.request.href(path);
    let yielded = false;
    for (;;) {
      const warm = holders.warmUp(owner, signal);
      try {
        let seen: Seen | null = null;
        let total = 0;
        for await (const raw of ctx.request.pages(path, purposeOf(lock), {
          pageSize: tuning.pageSize,
          query: queryOf(c),
          signal,
          parallel: tuning.prefetch,
          schedule: (task) => limited(ctx.limit, task, { signal }),
        })) {
          const checked = checkItems(raw, checkLogEntry);
          reportInvalid(ctx.log, 'log entries', checked.invalid);
          const s = sieve(checked.valid, c, seen);
          seen = s.seen;
          await warm;
          total += raw.length;
          yielded = true;
          yield { entries: await named(owner, s.kept, signal), invalid: checked.invalid };
          if (s.past) return;
          if (total >= MAX_STREAMED_ITEMS)
            throw new AppFailure(
              'malformed-response',
              'Tapkey sent more log entries than the app can read.',
            );
        }
        return;
      } catch (e) {
        const without = yielded ? null : dropRefusedFilter(e, c);
        if (!without) throw e;
        c = without;
      }
    }
  }

  /** The log of `lock`, or of the whole account when `lock` is null. */
  const pageOf = async (
    owner: string,
    lock: string | null,
    query: LogQuery,
    signal?: AbortSignal,
  ) =>
    query.cursor
      ? readSlice(owner, lock, decodeCursor(query.cursor), false, signal)
      : readSlice(owner, lock, start(query), true, signal);

  return {
    /** One page of a lock's log, newest first, and the cursor of the next (null at the end). */
    listLogEntries(
      ownerAccountId: string,
      boundLockId: string,
      query: LogQuery,
      signal?: AbortSignal,
    ): Promise<LogEntriesPage> {
      return pageOf(ownerAccountId, boundLockId, query, signal);
    },

    /** One page of the whole owner account's log (every lock), newest first; `query.contactId` narrows it to one person. */
    listAccountLogEntries(
      ownerAccountId: string,
      query: LogQuery,
      signal?: AbortSignal,
    ): Promise<LogEntriesPage> {
      return pageOf(ownerAccountId, null, query, signal);
    },

    /** A lock's log (or the account's, `boundLockId` null) in a slice, streamed newest first (see `stream`). */
    streamLogEntries(
      ownerAccountId: string,
      boundLockId: string | null,
      range: LogRange,
      signal?: AbortSignal,
    ): AsyncGenerator<LogPage> {
      return stream(ownerAccountId, boundLockId, range, signal);
    },
  };
}

const toSeen = (s: NonNullable<LogCursor['seen']>): Seen => ({
  at: Date.parse(s.at),
  iso: s.at,
  ids: [...s.ids],
});
/** The cursor keeps the last 20 ids at the oldest timestamp: more entries of one instant than that is unheard of. */
const fromSeen = (s: Seen): NonNullable<LogCursor['seen']> => ({
  at: s.iso,
  ids: s.ids.slice(-20),
});

/** The logs resource. */
export type Logs = ReturnType<typeof createLogs>;

/** How the id-check test calls each method. */
export const logProbes: Probes<Logs> = {
  listLogEntries: {
    ids: 2,
    call: (r, [owner, lock], signal) => r.listLogEntries(owner!, lock!, {}, signal),
  },
  listAccountLogEntries: {
    ids: 2,
    call: (r, [owner, contact], signal) =>
      r.listAccountLogEntries(owner!, { contactId: contact! }, signal),
  },
  streamLogEntries: {
    ids: 3,
    call: (r, [owner, lock, contact], signal) =>
      drain(r.streamLogEntries(owner!, lock!, { contactId: contact! }, signal)),
  },
};
