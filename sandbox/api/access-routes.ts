import type { ServerResponse } from 'node:http';
import type { BoundCardJson, ContactJson, GrantJson, LogEntryJson } from '../data/access-data';
import type { SandboxData } from '../data/seed-data';
import { sendJson } from '../http/respond';
import { sendApiError, sendInsufficientScope } from './api-error';
import { applyListQuery, parseListQuery, selectFields, type QuerySpec } from './list-query';

const GRANT_FIELDS: readonly (keyof GrantJson)[] = [
  'id',
  'ownerAccountId',
  'boundLockId',
  'contactId',
  'boundCardId',
  'state',
  'active',
  'validFrom',
  'validBefore',
  'timeRestrictionIcal',
  'boundLock',
];
const CONTACT_FIELDS: readonly (keyof ContactJson)[] = [
  'id',
  'ownerAccountId',
  'email',
  'ipId',
  'ipUserId',
];
const CARD_FIELDS: readonly (keyof BoundCardJson)[] = ['id', 'ownerAccountId', 'title'];
const LOG_FIELDS: readonly (keyof LogEntryJson)[] = [
  'id',
  'entryNo',
  'boundLockId',
  'lockTimestamp',
  'receivedAt',
  'logType',
  'command',
  'contactId',
  'boundCardId',
];

interface AccessRoute {
  scope: string;
  spec: QuerySpec;
  /** The field the malformed-item fault breaks: one the app validates. */
  breaks: string;
}

const ROUTES: Record<'grants' | 'contacts' | 'boundcards' | 'logentries', AccessRoute> = {
  grants: {
    scope: 'read:grants',
    breaks: 'validFrom',
    spec: {
      list: true,
      filterFields: {
        id: 'guid',
        boundLockId: 'guid',
        contactId: 'guid',
        boundCardId: 'guid',
        state: 'string',
        active: 'boolean',
        validFrom: 'datetime',
        validBefore: 'datetime',
      },
      selectFields: GRANT_FIELDS,
      expandable: [],
      orderFields: ['id', 'validFrom', 'validBefore', 'state'],
    },
  },
  contacts: {
    scope: 'read:contacts',
    breaks: 'email',
    spec: {
      list: true,
      filterFields: { id: 'guid', email: 'string' },
      selectFields: CONTACT_FIELDS,
      expandable: [],
      orderFields: ['id', 'email'],
    },
  },
  // Assumed to need read:core:entities (shared/tapkey-api.md): cards are core entities like locks.
  boundcards: {
    scope: 'read:core:entities',
    breaks: 'title',
    spec: {
      list: true,
      filterFields: { id: 'guid', title: 'string' },
      selectFields: CARD_FIELDS,
      expandable: [],
      orderFields: ['id', 'title'],
    },
  },
  logentries: {
    scope: 'read:logs',
    breaks: 'lockTimestamp',
    spec: {
      list: true,
      filterFields: {
        id: 'guid',
        entryNo: 'number',
        lockTimestamp: 'datetime',
        receivedAt: 'datetime',
        logType: 'string',
        command: 'string',
        contactId: 'guid',
        boundCardId: 'guid',
      },
      selectFields: LOG_FIELDS,
      expandable: [],
      orderFields: ['lockTimestamp', 'entryNo', 'receivedAt'],
      naturalOrder: 'lockTimestamp desc',
    },
  },
};

/** True for the paths this module serves: /Owners/{id}/Grants|Contacts|BoundCards and …/BoundLocks/{id}/LogEntries. */
export function isAccessPath(lower: string[]): boolean {
  if (lower.length === 3)
    return lower[2] === 'grants' || lower[2] === 'contacts' || lower[2] === 'boundcards';
  return lower.length === 5 && lower[2] === 'boundlocks' && lower[4] === 'logentries';
}

/** Serves the grants, contacts, bound cards and log entries lists, with the same OData options as the other lists. */
export function handleAccessApi(
  data: SandboxData,
  res: ServerResponse,
  url: URL,
  segments: string[],
  auth: { accountId: string; scopes: Set<string> },
  malformItem: boolean,
): void {
  const kind = (
    segments.length === 5 ? 'logentries' : (segments[2] as string).toLowerCase()
  ) as keyof typeof ROUTES;
  const route = ROUTES[kind];
  if (!auth.scopes.has(route.scope)) {
    sendInsufficientScope(res, route.scope);
    return;
  }
  const query = parseListQuery(url.searchParams, route.spec);
  if ('error' in query) {
    sendApiError(res, 400, 'BadRequest', query.error);
    return;
  }
  // Another user's owner account answers exactly like a missing one (404), so ids cannot be probed.
  const owner = data.ownerAccountFor(auth.accountId, segments[1] as string);
  if (!owner) {
    sendApiError(res, 404, 'NotFound', 'The owner account was not found.');
    return;
  }
  let items: readonly object[];
  if (kind === 'logentries') {
    const lock = data.boundLock(owner.id, segments[3] as string);
    if (!lock) {
      sendApiError(res, 404, 'NotFound', 'The bound lock was not found.');
      return;
    }
    items = data.access.logEntries(lock);
  } else if (kind === 'grants') items = data.access.grants(owner.id);
  else if (kind === 'contacts') items = data.access.contacts(owner.id);
  else items = data.access.boundCards(owner.id);
  const page = applyListQuery(
    items,
    query,
    (i) => selectFields(i, query.select),
    route.spec.naturalOrder,
  );
  sendJson(
    res,
    200,
    malformItem && page.length > 0 ? [{ ...page[0], [route.breaks]: 42 }, ...page.slice(1)] : page,
  );
}
