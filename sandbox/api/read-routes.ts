import { byState } from '../data/lock-groups';
import { expandBoundLock, supportedFeatures } from '../data/lock-details';
import type { LockGroupRecord } from '../data/lock-groups';
import { mayReadLogs, ROLE_NAMES } from '../data/roles';
import type { BoundLockJson, GrantRecord, LockGroupJson, MembershipState } from '../data/types';
import { sendJson } from '../http/respond';
import { ownerOf, type Handler, type RouteCall } from './api-context';
import { sendApiError, sendForbiddenRole } from './api-error';
import {
  applyListQuery,
  parseListQuery,
  selectFields,
  type ListQuery,
  type QuerySpec,
} from './list-query';

const lower = (id: string) => id.toLowerCase();

/** Parses the query for this resource; answers 400 itself and returns undefined when it is not valid. */
function queryFor(call: RouteCall, spec: QuerySpec, list: boolean): ListQuery | undefined {
  const query = parseListQuery(call.url.searchParams, { ...spec, list });
  if ('error' in query) {
    sendApiError(call.res, 400, 'BadRequest', query.error);
    return undefined;
  }
  const { maxTop } = call.ctx;
  if (maxTop !== undefined && query.top !== undefined && query.top > maxTop) {
    sendApiError(
      call.res,
      400,
      'BadRequest',
      `The limit of '${maxTop}' for Top query has been exceeded. The value from the incoming request is '${query.top}'.`,
    );
    return undefined;
  }
  return query;
}

/**
 * Sends one page of a list: filtered, ordered, paged, silently capped (options pageCap, logEntriesPageCap) and
 * projected. The malformed-item fault breaks `breaks` on the first item and leaves the rest intact.
 */
function sendPage<T extends object>(
  call: RouteCall,
  spec: QuerySpec,
  items: readonly T[],
  project: (item: T, query: ListQuery) => object,
  breaks: readonly string[],
  isLog = false,
): void {
  const query = queryFor(call, spec, true);
  if (!query) return;
  const { behaviour } = call.ctx;
  const caps = [behaviour.pageCap, isLog ? behaviour.logEntriesPageCap : null].filter(
    (c): c is number => c !== null,
  );
  const page = applyListQuery(items, query, (i) => project(i, query), {
    naturalOrder: spec.naturalOrder,
    revision: call.ctx.data.access.revision,
    cap: caps.length ? Math.min(...caps) : null,
  });
  if (call.malformItem && page.length > 0) {
    const broken: Record<string, unknown> = { ...page[0] };
    for (const field of breaks) if (field in broken || breaks.length === 1) broken[field] = 42;
    page[0] = broken;
  }
  sendJson(call.res, 200, page);
}

function sendOne(call: RouteCall, spec: QuerySpec, item: object | undefined, what: string): void {
  const query = queryFor(call, spec, false);
  if (!query) return;
  if (!item) {
    sendApiError(call.res, 404, 'NotFound', `The ${what} was not found.`);
    return;
  }
  sendJson(call.res, 200, selectFields(item, query.select));
}

function lockView(call: RouteCall, lock: BoundLockJson, query: ListQuery): object {
  const { data } = call.ctx;
  const details = data.lockDetails(lock.id);
  const id = lower(lock.id);
  const membership = () =>
    byState(
      data.access
        .lockGroups(lock.ownerAccountId)
        .map((r) => r.members.get(id))
        .filter((s): s is MembershipState => s !== undefined),
    );
  const expanded = details ? expandBoundLock(lock, details, membership, query.expand) : lock;
  return selectFields(expanded, query.select);
}

function groupView(call: RouteCall, record: LockGroupRecord, query: ListQuery): object {
  const group: LockGroupJson = { ...record.group };
  if (query.expand.has('statistics')) group.statistics = byState(record.members.values());
  if (query.expand.has('supportedFeatures'))
    group.supportedFeatures = supportedFeatures(
      call.ctx.data.access.icalSupported(ownerOf(call).id, group.id),
    );
  return selectFields(group, query.select);
}

/** Access logs: Owners and Admins only; an Access Manager gets a 403 that names the role (documented). */
function logsAllowed(call: RouteCall): boolean {
  const role = call.ctx.data.roleIn(call.username, ownerOf(call).id);
  if (role && !mayReadLogs(role)) {
    sendForbiddenRole(call.res, ROLE_NAMES[role], 'reading access logs');
    return false;
  }
  return true;
}

const grantView = (call: RouteCall) => {
  const owner = ownerOf(call).id;
  return (g: GrantRecord, query: ListQuery) =>
    selectFields(call.ctx.data.access.serveGrant(owner, g), query.select);
};

/**
 * The list and the by-id route of a resource served as stored (cards, contacts): `$select` applies to both, the
 * malformed-item fault breaks `breaks`.
 */
function storedResource<T extends { id: string }>(
  spec: (call: RouteCall) => QuerySpec,
  items: (call: RouteCall) => readonly T[],
  param: string,
  what: string,
  breaks: readonly string[],
): { list: Handler; one: Handler } {
  const scope = 'read:core:entities';
  return {
    list: {
      scope,
      run: (call) =>
        sendPage(call, spec(call), items(call), (i, q) => selectFields(i, q.select), breaks),
    },
    one: {
      scope,
      run(call) {
        const id = lower(call.params[param] as string);
        sendOne(
          call,
          spec(call),
          items(call).find((i) => lower(i.id) === id),
          what,
        );
      },
    },
  };
}

const cardRoutes = storedResource(
  (call) => call.ctx.specs.card,
  (call) => call.ctx.data.access.boundCards(ownerOf(call).id),
  'card',
  'card',
  ['title'],
);
const contactRoutes = storedResource(
  (call) => call.ctx.specs.contact,
  (call) => call.ctx.data.access.contacts(ownerOf(call).id),
  'contact',
  'contact',
  ['identifier', 'email'],
);

/** The GET handlers, by route name. */
export const READ: Record<string, Handler> = {
  owners: {
    scope: 'read:owneraccounts',
    run(call) {
      const user = call.ctx.data.user(call.username);
      sendPage(
        call,
        call.ctx.specs.owner,
        user?.ownerAccounts ?? [],
        (o, q) => selectFields(o, q.select),
        ['title'],
      );
    },
  },
  owner: {
    scope: 'read:owneraccounts',
    run: (call) => sendOne(call, call.ctx.specs.owner, call.owner, 'owner account'),
  },
  locks: {
    scope: 'read:core:entities',
    run(call) {
      const locks = call.ctx.data.boundLocks(ownerOf(call).id);
      sendPage(call, call.ctx.specs.lock, locks, (l, q) => lockView(call, l, q), ['title']);
    },
  },
  lock: {
    scope: 'read:core:entities',
    run(call) {
      const lock = call.ctx.data.boundLock(ownerOf(call).id, call.params.lock as string);
      const query = queryFor(call, call.ctx.specs.lock, false);
      if (!query) return;
      if (!lock) sendApiError(call.res, 404, 'NotFound', 'The bound lock was not found.');
      else sendJson(call.res, 200, lockView(call, lock, query));
    },
  },
  lockLog: {
    scope: 'read:logs',
    run(call) {
      const lock = call.ctx.data.boundLock(ownerOf(call).id, call.params.lock as string);
      if (!lock) {
        sendApiError(call.res, 404, 'NotFound', 'The bound lock was not found.');
        return;
      }
      if (!logsAllowed(call)) return;
      const entries = call.ctx.data.access.logEntries(lock);
      const spec = call.ctx.specs.log;
      sendPage(call, spec, entries, (e, q) => selectFields(e, q.select), ['lockTimestamp'], true);
    },
  },
  accountLog: {
    scope: 'read:logs',
    run(call) {
      if (!logsAllowed(call)) return;
      const entries = call.ctx.data.access.accountLogEntries(ownerOf(call).id);
      const spec = call.ctx.specs.log;
      sendPage(call, spec, entries, (e, q) => selectFields(e, q.select), ['lockTimestamp'], true);
    },
  },
  groups: {
    scope: 'read:core:entities',
    run(call) {
      const records = call.ctx.data.access.lockGroups(ownerOf(call).id);
      sendPage(
        call,
        call.ctx.specs.group,
        records.map((r) => r.group),
        (g, q) => {
          const record = records.find((r) => r.group === g) as LockGroupRecord;
          return groupView(call, record, q);
        },
        ['title'],
      );
    },
  },
  group: {
    scope: 'read:core:entities',
    run(call) {
      const record = call.ctx.data.access.group(ownerOf(call).id, call.params.group as string);
      const query = queryFor(call, call.ctx.specs.group, false);
      if (!query) return;
      if (!record) sendApiError(call.res, 404, 'NotFound', 'The lock group was not found.');
      else sendJson(call.res, 200, groupView(call, record, query));
    },
  },
  cards: cardRoutes.list,
  card: cardRoutes.one,
  cardGrants: {
    scope: 'read:grants',
    run(call) {
      const owner = ownerOf(call).id;
      const card = call.ctx.data.access.card(owner, call.params.card as string);
      if (!card) {
        sendApiError(call.res, 404, 'NotFound', 'The card was not found.');
        return;
      }
      const grants = call.ctx.data.access
        .grantRecords(owner)
        .filter((g) => g.boundCardId !== null && lower(g.boundCardId) === lower(card.id));
      sendPage(call, call.ctx.specs.grant, grants, grantView(call), ['validFrom']);
    },
  },
  contacts: contactRoutes.list,
  contact: contactRoutes.one,
  grants: {
    scope: 'read:grants',
    run(call) {
      const grants = call.ctx.data.access.grantRecords(ownerOf(call).id);
      sendPage(call, call.ctx.specs.grant, grants, grantView(call), ['validFrom']);
    },
  },
};
