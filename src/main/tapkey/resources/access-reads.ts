import type { Contact, InvalidItem, OwnerAccount } from '../../../shared/model';
import { SCOPES } from '../../../shared/scopes';
import { checkContact, checkGrant, type CheckedGrant } from '../access-schemas';
import { statusCauseOf } from '../http/options';
import type { ApiPath } from '../request';
import { checkOwnerAccount, type Check } from '../schemas';
import { idEquals, odataString, type Query } from '../url';
import { checkCard, checkLockState } from '../write-schemas';
import { AppFailure } from '../../errors';
import { readChecked, limited, type LimitedContext } from './context';
import type { Probes } from './probes';

/** Which grants of an owner account to read. */
export type GrantFilter =
  | { contactId: string }
  | { boundCardId: string }
  | { boundLockId: string; contactId?: string; boundCardId?: string }
  | { grantIds: readonly string[] }
  | { all: true };

/** What a read is of: how messages name it, the scope it needs, and how an item is checked. */
interface Reading<T> {
  what: string;
  scope: string;
  check: (item: unknown) => Check<T>;
}

/** A kind of object of an owner account: where it lives, and how one of them and the list are read. */
interface Kind<T> {
  segment: string;
  one: Reading<T>;
  many: Reading<T>;
}

const kind = <T>(
  segment: string,
  one: string,
  many: string,
  check: (item: unknown) => Check<T>,
): Kind<T> => ({
  segment,
  one: { what: one, scope: SCOPES.coreEntities, check },
  many: { what: many, scope: SCOPES.coreEntities, check },
});

const CONTACTS = kind('Contacts', 'this person', 'people', checkContact);
const CARDS = kind('BoundCards', 'this card', 'cards', checkCard);
const LOCKS = kind('BoundLocks', 'this lock', 'locks', checkLockState);
const LOCK_GROUPS = kind('LockGroups', 'this lock group', 'lock groups', checkLockState);
const GRANTS: Reading<CheckedGrant> = { what: 'grants', scope: SCOPES.grants, check: checkGrant };
const OWNER_ACCOUNT: Reading<OwnerAccount> = {
  what: 'this owner account',
  scope: SCOPES.ownerAccounts,
  check: checkOwnerAccount,
};
/** Locks and groups come with the features of their locks. */
const WITH_FEATURES: Query = { expand: 'supportedFeatures' };

/** Tuning of these reads. */
export interface AccessReadsTuning {
  pageSize: number;
  /** Every lookup URL stays below this many characters. */
  maxUrlLength: number;
}

/**
 * What managing access reads before and after a change: an owner account, a contact or card by id, contacts by
 * e-mail, a holder's or lock's grants, locks with their features and revocation serials. Reads go through the
 * shared bound on requests in flight, like every access read.
 */
export function createAccessReads(ctx: LimitedContext, tuning: AccessReadsTuning) {
  const run = <T>(task: () => Promise<T>, signal?: AbortSignal) =>
    limited(ctx.limit, task, { signal });

  /** One object, validated; an unreadable one is a malformed answer. */
  async function one<T>(
    path: ApiPath,
    { what, scope, check }: Reading<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const raw = await run(() => ctx.request.get(path, { what, scope }, { signal }), signal);
    const r = check(raw);
    if (!r.ok) {
      ctx.log.warn('tapkey sent an unreadable object', { what, problem: r.problem });
      throw new AppFailure('malformed-response', `Tapkey sent an unreadable answer for ${what}.`);
    }
    return r.value;
  }

  /** Every item of a list, validated (unreadable items reported apart). */
  async function all<T>(
    path: ApiPath,
    { what, scope, check }: Reading<T>,
    query: Query,
    signal?: AbortSignal,
  ): Promise<{ valid: T[]; invalid: InvalidItem[] }> {
    return readChecked(
      ctx,
      path,
      { what, scope },
      { pageSize: tuning.pageSize, items: what, query, signal },
      check,
    );
  }

  /** `id eq 'a' or id eq 'b' …` filters whose whole URL stays under maxUrlLength; ids are checked first. */
  function idFilters(path: ApiPath, ids: readonly string[], extra: Query = {}): string[] {
    const clauses = ids.map((id) => idEquals('id', id));
    const out: string[] = [];
    let batch: string[] = [];
    const fits = (list: string[]) =>
      ctx.request.href(path, { ...extra, $filter: list.join(' or ') }).length < tuning.maxUrlLength;
    for (const clause of clauses) {
      if (batch.length && !fits([...batch, clause])) {
        out.push(batch.join(' or '));
        batch = [];
      }
      batch.push(clause);
    }
    if (batch.length) out.push(batch.join(' or '));
    return out;
  }

  /** Items with these ids, in batches. */
  async function byIds<T>(
    path: ApiPath,
    ids: readonly string[],
    reading: Reading<T>,
    extra: Query,
    signal?: AbortSignal,
  ): Promise<{ valid: T[]; invalid: InvalidItem[] }> {
    const filters = idFilters(path, [...new Set(ids)], extra);
    const pages = await Promise.all(
      filters.map((f) => all(path, reading, { ...extra, $filter: f }, signal)),
    );
    return {
      valid: pages.flatMap((p) => p.valid),
      invalid: pages.flatMap((p) => p.invalid),
    };
  }

  /** One object of a kind by id. */
  const byId = <T>(kind: Kind<T>, ownerAccountId: string, id: string, signal?: AbortSignal) =>
    one(['Owners', ownerAccountId, kind.segment, id], kind.one, signal);

  /** Every object of a kind (that `query` selects). */
  const every = <T>(kind: Kind<T>, ownerAccountId: string, query: Query, signal?: AbortSignal) =>
    all(['Owners', ownerAccountId, kind.segment], kind.many, query, signal);

  return {
    /** One owner account (its name for messages); 404 when the user has no role in it. */
    ownerAccount(ownerAccountId: string, signal?: AbortSignal): Promise<OwnerAccount> {
      return one(['Owners', ownerAccountId], OWNER_ACCOUNT, signal);
    },

    /** One contact by id. */
    contact(ownerAccountId: string, contactId: string, signal?: AbortSignal) {
      return byId(CONTACTS, ownerAccountId, contactId, signal);
    },

    /** One card by id. */
    card(ownerAccountId: string, boundCardId: string, signal?: AbortSignal) {
      return byId(CARDS, ownerAccountId, boundCardId, signal);
    },

    /**
     * The contacts whose identifier is this e-mail address, compared without regard to case (e-mail addresses are
     * case-insensitive in practice). Asked with `$filter` for the address as typed and in lower case; a server
     * that refuses that filter (400) is asked for the whole list instead.
     */
    async contactsByIdentifier(
      ownerAccountId: string,
      identifier: string,
      signal?: AbortSignal,
    ): Promise<Contact[]> {
      const variants = [...new Set([identifier, identifier.toLowerCase()])];
      const filter = variants.map((v) => `identifier eq ${odataString(v)}`).join(' or ');
      let found: Contact[];
      try {
        found = (await every(CONTACTS, ownerAccountId, { $filter: filter }, signal)).valid;
      } catch (e) {
        if (statusCauseOf(e)?.status !== 400) throw e;
        ctx.log.info('tapkey refused a filter on identifier; reading every contact');
        found = (await every(CONTACTS, ownerAccountId, {}, signal)).valid;
      }
      const want = identifier.trim().toLowerCase();
      return found.filter((c) => c.identifier?.trim().toLowerCase() === want);
    },

    /** Every contact of an owner account. */
    contacts(ownerAccountId: string, signal?: AbortSignal) {
      return every(CONTACTS, ownerAccountId, {}, signal);
    },

    /** Every card of an owner account. */
    cards(ownerAccountId: string, signal?: AbortSignal) {
      return every(CARDS, ownerAccountId, {}, signal);
    },

    /** Grants of an owner account, by holder, by lock (and holder), by id, or all of them. */
    async grants(
      ownerAccountId: string,
      filter: GrantFilter,
      signal?: AbortSignal,
    ): Promise<{ valid: CheckedGrant[]; invalid: InvalidItem[] }> {
      const path = ['Owners', ownerAccountId, 'Grants'];
      if ('grantIds' in filter) return byIds(path, filter.grantIds, GRANTS, {}, signal);
      const clauses: string[] = [];
      if ('boundLockId' in filter) clauses.push(idEquals('boundLockId', filter.boundLockId));
      if ('contactId' in filter && filter.contactId !== undefined)
        clauses.push(idEquals('contactId', filter.contactId));
      if ('boundCardId' in filter && filter.boundCardId !== undefined)
        clauses.push(idEquals('boundCardId', filter.boundCardId));
      const query: Query = clauses.length ? { $filter: clauses.join(' and ') } : {};
      // A bad owner id fails here, before any request.
      ctx.request.href(path);
      return all(path, GRANTS, query, signal);
    },

    /** Every lock of an owner account with its features and revocation serials. */
    locks(ownerAccountId: string, signal?: AbortSignal) {
      return every(LOCKS, ownerAccountId, WITH_FEATURES, signal);
    },

    /** Every lock group of an owner account (a grant may name a group), with the features all its locks share. */
    groups(ownerAccountId: string, signal?: AbortSignal) {
      return every(LOCK_GROUPS, ownerAccountId, WITH_FEATURES, signal);
    },

    /** These locks only, with their revocation serials (progress of a revocation). */
    locksById(ownerAccountId: string, boundLockIds: readonly string[], signal?: AbortSignal) {
      return byIds(['Owners', ownerAccountId, LOCKS.segment], boundLockIds, LOCKS.many, {}, signal);
    },
  };
}

/** The reads of managing access. */
export type AccessReads = ReturnType<typeof createAccessReads>;

/** How the id-check test calls each method. */
export const accessReadProbes: Probes<AccessReads> = {
  ownerAccount: { ids: 1, call: (r, [o], s) => r.ownerAccount(o!, s) },
  contact: { ids: 2, call: (r, [o, c], s) => r.contact(o!, c!, s) },
  card: { ids: 2, call: (r, [o, c], s) => r.card(o!, c!, s) },
  contactsByIdentifier: {
    ids: 1,
    call: (r, [o], s) => r.contactsByIdentifier(o!, 'robin@example.org', s),
  },
  contacts: { ids: 1, call: (r, [o], s) => r.contacts(o!, s) },
  cards: { ids: 1, call: (r, [o], s) => r.cards(o!, s) },
  grants: {
    ids: 3,
    call: (r, [o, l, c], s) => r.grants(o!, { boundLockId: l!, contactId: c! }, s),
  },
  locks: { ids: 1, call: (r, [o], s) => r.locks(o!, s) },
  groups: { ids: 1, call: (r, [o], s) => r.groups(o!, s) },
  locksById: { ids: 2, call: (r, [o, l], s) => r.locksById(o!, [l!], s) },
};
