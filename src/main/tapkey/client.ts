import type { Logger } from '../log';
import { createLimiter } from './limiter';
import { createTapkeyRequest, type HttpOptions } from './request';
import { accessReadProbes, createAccessReads } from './resources/access-reads';
import { accessWriteProbes, createAccessWrites } from './resources/access-writes';
import { createCards } from './resources/cards';
import { contactProbes, createContacts, labelDirectoryProbes } from './resources/contacts';
import { createGrants, grantProbes } from './resources/grants';
import { createHolderLabels, holderLabelProbes } from './resources/holder-labels';
import { createLockGroups, lockGroupProbes } from './resources/lock-groups';
import { createLocks, lockProbes } from './resources/locks';
import { createLogs, logProbes } from './resources/logs';
import { createOwners, ownerProbes } from './resources/owners';
import type { Probes } from './resources/probes';
import type { AccessTokenSource } from './token-source';

/** Tuning of a client: page sizes, parallelism, retries. Every field has a default. */
export interface TapkeyTuning {
  http?: Partial<HttpOptions>;
  /**
   * `$top` for owner accounts and locks. Large enough that a typical account (up to a few thousand locks) comes
   * in one response, like the unpaged request of Tapkey's sample, yet bounded. Tapkey documents no maximum; a
   * server that refuses it (400, as ASP.NET OData's MaxTop does) teaches the client a smaller one.
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
  /** Grants, contacts, cards, lock groups and logs. */
  access?: {
    /**
     * Grants, contacts, lock groups and streamed log entries per page (default 500: Tapkey's exporter pages logs
     * by 500 because Tapkey caps them, so a full page of 500 is the usual case and a shorter one ends a list
     * without a confirming request once a full page has been seen; see paging.endsList).
     */
    pageSize?: number;
    /** Log entries per page for the Activity tab (default 200). */
    uiPageSize?: number;
    /** Log pages requested ahead while streaming (default 4). */
    prefetch?: number;
    /** Requests in flight at once across grants, contacts, cards and logs (default 8). */
    concurrency?: number;
    /** Every lookup URL stays below this many characters (default 2,000). */
    maxUrlLength?: number;
    /** Contacts and cards read at once on first use per owner account (default 1,000; 0 turns it off). */
    warmUpLimit?: number;
  };
}

/** What a client needs: the API its sign-in belongs to, the sign-in's tokens, and the log. */
export interface TapkeyClientOptions extends TapkeyTuning {
  /** e.g. https://my.tapkey.com/api/v1/ */
  apiBaseUrl: string;
  tokens: AccessTokenSource;
  log: Logger;
}

/** The default `$top` for owner accounts and locks. */
const DEFAULT_PAGE_SIZE = 5_000;
/** The default `$top` for grants, contacts, lock groups and streamed logs (see `access.pageSize`). */
const DEFAULT_ACCESS_PAGE_SIZE = 500;

/**
 * The Tapkey Web API client of one sign-in: every resource over one request layer. Whatever it caches (contact
 * and card labels, what it learned about the server) lives exactly as long as this object.
 */
export function createTapkeyClient(options: TapkeyClientOptions) {
  const { log } = options;
  const access = options.access ?? {};
  const request = createTapkeyRequest({
    apiBaseUrl: options.apiBaseUrl,
    tokens: options.tokens,
    log,
    ...(options.http ? { http: options.http } : {}),
  });
  const shared = { request, log, limit: createLimiter(access.concurrency ?? 8) };
  const labelTuning = { maxUrlLength: access.maxUrlLength ?? 2000 };
  const accessPageSize = access.pageSize ?? DEFAULT_ACCESS_PAGE_SIZE;
  const contacts = createContacts(shared, { ...labelTuning, pageSize: accessPageSize });
  const cards = createCards(shared, labelTuning);
  const holders = createHolderLabels(contacts, cards, { warmUpLimit: access.warmUpLimit ?? 1000 });
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const locks = createLocks(
    { request, log },
    {
      pageSize,
      concurrency: options.concurrency ?? 64,
      priorityHoldMs: options.priorityHoldMs ?? 1_000,
    },
  );
  const lockGroups = createLockGroups(shared, { pageSize: accessPageSize });
  return {
    owners: createOwners({ request, log }, { pageSize }),
    locks,
    lockGroups,
    contacts,
    cards,
    holders,
    grants: createGrants(
      shared,
      {
        holders,
        groups: lockGroups,
        memberships: async (owner, lock, signal) =>
          (await locks.getBoundLock(owner, lock, signal)).status?.memberships ?? null,
      },
      { pageSize: accessPageSize },
    ),
    logs: createLogs(shared, holders, {
      pageSize: accessPageSize,
      uiPageSize: access.uiPageSize ?? 200,
      prefetch: access.prefetch ?? 4,
    }),
    accessReads: createAccessReads(shared, {
      pageSize: access.pageSize ?? 1000,
      maxUrlLength: labelTuning.maxUrlLength,
    }),
    // Writes do not share the reads' bound: the executor bounds them itself, per change.
    accessWrites: createAccessWrites({ request, log }),
  };
}

/** A client: one object per resource. */
export type TapkeyClient = ReturnType<typeof createTapkeyClient>;

/** Every resource's probes, so the id-check test walks every method of every resource of the client. */
export const clientProbes: { [K in keyof TapkeyClient]-?: Probes<TapkeyClient[K]> } = {
  owners: ownerProbes,
  locks: lockProbes,
  lockGroups: lockGroupProbes,
  contacts: contactProbes,
  cards: labelDirectoryProbes,
  holders: holderLabelProbes,
  grants: grantProbes,
  logs: logProbes,
  accessReads: accessReadProbes,
  accessWrites: accessWriteProbes,
};
