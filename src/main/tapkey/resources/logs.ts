import type {
  Holder,
  InvalidItem,
  LogEntriesPage,
  LogEntry,
  LogQuery,
} from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { AppFailure } from '../../errors';
import { checkLogEntry } from '../access-schemas';
import { endsList, MAX_STREAMED_ITEMS } from '../paging';
import type { ApiPath } from '../request';
import { checkItems } from '../schemas';
import { limited, reportInvalid, type LimitedContext } from './context';
import type { HolderLabels } from './holder-labels';
import { decodeCursor, encodeCursor, firstCursor, type LogCursor } from './log-cursor';
import { drain, type Probes } from './probes';

/** Tuning of log reads. */
export interface LogsTuning {
  /** Entries per page for streaming (CLI, export); Tapkey's exporter uses 500. */
  pageSize: number;
  /** Entries per page for the Activity tab: small enough to render at once. */
  uiPageSize: number;
  /** Pages requested ahead while streaming (bounded parallelism). */
  prefetch: number;
}

/** A date range of a log; both ends optional (since inclusive, until exclusive). */
export type LogRange = { since?: string | null; until?: string | null };

/** One page as read: entries with holders named, unreadable ones apart, and whether the page was full. */
interface ReadPage {
  entries: LogEntry[];
  invalid: InvalidItem[];
  full: boolean;
}

/** Lock logs (`/Owners/{id}/BoundLocks/{lockId}/LogEntries`): pages for the UI, streams for exports. */
export function createLogs(ctx: LimitedContext, holders: HolderLabels, tuning: LogsTuning) {
  const lockLog = (owner: string, lock: string): ApiPath => [
    'Owners',
    owner,
    'BoundLocks',
    lock,
    'LogEntries',
  ];

  async function readPage(
    owner: string,
    path: ApiPath,
    cursor: LogCursor,
    top: number,
    signal?: AbortSignal,
  ): Promise<ReadPage> {
    // A bad id fails here, before the warm-up asks Tapkey for anything.
    ctx.request.href(path);
    const warm = holders.warmUp(owner, signal);
    const clauses = [
      ...(cursor.since ? [`lockTimestamp ge ${cursor.since}`] : []),
      `lockTimestamp lt ${cursor.until}`,
    ];
    const raw = await limited(
      ctx.limit,
      () =>
        ctx.request.page(
          path,
          { what: 'the activity of this lock', scope: SCOPES.logs },
          {
            query: {
              $filter: clauses.join(' and '),
              $orderby: 'lockTimestamp desc',
              $top: top,
              $skip: cursor.skip,
            },
            signal,
          },
        ),
      { signal },
    );
    await warm;
    const { valid, invalid } = checkItems(raw, checkLogEntry);
    reportInvalid(ctx.log, 'log entries', invalid);
    const named = await holders.resolve(
      owner,
      valid.map((e) => e.holder),
      signal,
    );
    const entries: LogEntry[] = valid.map((e, i) => ({ ...e, holder: named[i] as Holder }));
    return { entries, invalid, full: !endsList(raw.length, top) };
  }

  /**
   * Streams a log in a date range, newest first, page by page, with up to `prefetch` pages in flight. Memory
   * stays bounded by the window, whatever the log's length; stopping the loop cancels what is in flight.
   */
  async function* stream(
    owner: string,
    path: ApiPath,
    range: LogRange,
    signal?: AbortSignal,
  ): AsyncGenerator<{ entries: LogEntry[]; invalid: InvalidItem[] }> {
    const start = firstCursor(range);
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const window: Array<Promise<ReadPage>> = [];
    let nextSkip = 0;
    const request = () => {
      const p = readPage(
        owner,
        path,
        { ...start, skip: nextSkip },
        tuning.pageSize,
        controller.signal,
      );
      // Pages behind a short one are discarded unread; keep their rejections from going unhandled.
      p.catch(() => undefined);
      window.push(p);
      nextSkip += tuning.pageSize;
    };
    try {
      request();
      for (let total = 0; ;) {
        // Prefetch only after a first full page: a short log costs exactly one request.
        while (total > 0 && window.length < tuning.prefetch) request();
        const page = await (window.shift() as Promise<ReadPage>);
        total += page.entries.length + page.invalid.length;
        yield { entries: page.entries, invalid: page.invalid };
        if (!page.full) return;
        if (window.length === 0) request();
        if (total >= MAX_STREAMED_ITEMS)
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

  return {
    /** One page of a lock's log, newest first, and the cursor of the next (null at the end). */
    async listLogEntries(
      ownerAccountId: string,
      boundLockId: string,
      query: LogQuery,
      signal?: AbortSignal,
    ): Promise<LogEntriesPage> {
      const path = lockLog(ownerAccountId, boundLockId);
      const cursor = query.cursor ? decodeCursor(query.cursor) : firstCursor(query);
      const page = await readPage(ownerAccountId, path, cursor, tuning.uiPageSize, signal);
      return {
        entries: page.entries,
        invalid: page.invalid,
        nextCursor: page.full
          ? encodeCursor({ ...cursor, skip: cursor.skip + tuning.uiPageSize })
          : null,
      };
    },

    /** A lock's log in a date range, streamed newest first (see `stream`). */
    streamLogEntries(
      ownerAccountId: string,
      boundLockId: string,
      range: LogRange,
      signal?: AbortSignal,
    ): AsyncGenerator<{ entries: LogEntry[]; invalid: InvalidItem[] }> {
      return stream(ownerAccountId, lockLog(ownerAccountId, boundLockId), range, signal);
    },
  };
}

/** The logs resource. */
export type Logs = ReturnType<typeof createLogs>;

/** How the id-check test calls each method. */
export const logProbes: Probes<Logs> = {
  listLogEntries: {
    ids: 2,
    call: (r, [owner, lock], signal) => r.listLogEntries(owner!, lock!, {}, signal),
  },
  streamLogEntries: {
    ids: 2,
    call: (r, [owner, lock], signal) => drain(r.streamLogEntries(owner!, lock!, {}, signal)),
  },
};
