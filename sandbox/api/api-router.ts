import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { EXPANDABLE, expandBoundLock } from '../data/expand';
import type { SandboxData } from '../data/seed-data';
import type { BoundLockJson, OwnerAccountJson } from '../data/types';
import { sendJson } from '../http/respond';
import { sendApiError, sendInsufficientScope, sendInvalidToken } from './api-error';
import { handleAccessApi, isAccessPath } from './access-routes';
import { verifyBearer } from './bearer';
import { applyListQuery, parseListQuery, selectFields, type QuerySpec } from './list-query';

const OWNER_FIELDS: readonly (keyof OwnerAccountJson)[] = ['id', 'name', 'active'];
const LOCK_FIELDS: readonly (keyof BoundLockJson)[] = [
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
  'targetType',
  'rclSerialNo',
  'rclDate',
  'lastSeenRclSerialNo',
  'lastSeenRclUpdateDate',
  'supportedFeatures',
  'membershipStatistics',
  'healthStatuses',
];

const OWNER_QUERY: QuerySpec = {
  list: true,
  filterFields: { id: 'guid', name: 'string', active: 'boolean' },
  selectFields: OWNER_FIELDS,
  expandable: [],
};
const LOCK_QUERY: QuerySpec = {
  list: true,
  filterFields: {
    id: 'guid',
    ownerAccountId: 'guid',
    title: 'string',
    active: 'boolean',
    lockTypeId: 'string',
  },
  selectFields: LOCK_FIELDS,
  expandable: EXPANDABLE,
};

export interface ApiContext {
  provider: Provider;
  data: SandboxData;
  clientId: string;
  expiredJtis: ReadonlySet<string>;
  /** See SandboxOptions.maxTop. */
  maxTop?: number | undefined;
}

/**
 * Text a hostile or careless owner could put in a lock title or an account name: an OSC 8 hyperlink, clear screen,
 * a window title, a carriage return that rewrites the line, a right-to-left override, a NUL, and a tab and a
 * newline that fake a column and a row.
 */
export const HOSTILE_TEXT =
  'Front door\u001b]8;;https://attacker.example/\u0007click\u001b]8;;\u0007\u001b[2J\u001b]0;pwned\u0007\rSafe\u202eexe.txt\u0000\tFAKE\nforged row';

function withHostileText(item: object): object {
  return {
    ...item,
    ...('title' in item ? { title: HOSTILE_TEXT } : {}),
    ...('name' in item ? { name: HOSTILE_TEXT } : {}),
  };
}

/** Serves my.tapkey.com's /api/v1 subset: bearer check, scope check, per-user visibility, OData options. */
export async function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  faults: { malformItem?: boolean; hostileText?: boolean } = {},
): Promise<void> {
  // The malformed-item fault: one item of a list breaks Tapkey's shape (a title that is a number), the rest stay valid.
  // The hostile-text fault: the first item's title and name are valid strings full of terminal controls.
  const sendList = (items: object[]) =>
    sendJson(
      res,
      200,
      faults.malformItem && items.length > 0
        ? [{ ...items[0], title: 42 }, ...items.slice(1)]
        : faults.hostileText && items.length > 0
          ? [withHostileText(items[0]!), ...items.slice(1)]
          : items,
    );
  const auth = await verifyBearer(
    ctx.provider,
    req.headers.authorization,
    ctx.clientId,
    ctx.expiredJtis,
  );
  if (!auth.ok) {
    sendInvalidToken(res, auth.description);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendApiError(res, 405, 'MethodNotAllowed', 'The sandbox API is read-only.', { Allow: 'GET' });
    return;
  }
  // Paths are case-insensitive (Tapkey's samples use both spellings); ids keep their case for messages.
  const segments = url.pathname
    .slice('/api/v1'.length)
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  const lower = segments.map((s) => s.toLowerCase());
  if (lower[0] === 'owners' && isAccessPath(lower)) {
    if (!ctx.data.user(auth.accountId)) {
      sendInvalidToken(res, 'The access token belongs to an unknown user.');
      return;
    }
    handleAccessApi(ctx.data, res, url, segments, auth, faults.malformItem === true);
    return;
  }
  if (
    lower[0] !== 'owners' ||
    segments.length > 4 ||
    (segments.length > 2 && lower[2] !== 'boundlocks')
  ) {
    sendApiError(res, 404, 'NotFound', `No such API path: ${url.pathname}`);
    return;
  }
  const needed = segments.length <= 2 ? 'read:owneraccounts' : 'read:core:entities';
  if (!auth.scopes.has(needed)) {
    sendInsufficientScope(res, needed);
    return;
  }
  const user = ctx.data.user(auth.accountId);
  if (!user) {
    sendInvalidToken(res, 'The access token belongs to an unknown user.');
    return;
  }
  const isLockPath = segments.length > 2;
  const query = parseListQuery(url.searchParams, {
    ...(isLockPath ? LOCK_QUERY : OWNER_QUERY),
    list: segments.length % 2 === 1,
  });
  if ('error' in query) {
    sendApiError(res, 400, 'BadRequest', query.error);
    return;
  }
  if (ctx.maxTop !== undefined && query.top !== undefined && query.top > ctx.maxTop) {
    sendApiError(
      res,
      400,
      'BadRequest',
      `The limit of '${ctx.maxTop}' for Top query has been exceeded. The value from the incoming request is '${query.top}'.`,
    );
    return;
  }
  if (segments.length === 1) {
    sendList(applyListQuery(user.ownerAccounts, query, (o) => selectFields(o, query.select)));
    return;
  }
  // Another user's owner account answers exactly like a missing one (404), so ids cannot be probed.
  const owner = ctx.data.ownerAccountFor(user.username, segments[1] as string);
  if (!owner) {
    sendApiError(res, 404, 'NotFound', 'The owner account was not found.');
    return;
  }
  if (segments.length === 2) {
    sendJson(res, 200, selectFields(owner, query.select));
    return;
  }
  const project = (lock: BoundLockJson): object =>
    selectFields(expandBoundLock(lock, query.expand), query.select);
  if (segments.length === 3) {
    sendList(applyListQuery(ctx.data.boundLocks(owner.id), query, project));
    return;
  }
  const lock = ctx.data.boundLock(owner.id, segments[3] as string);
  if (!lock) {
    sendApiError(res, 404, 'NotFound', 'The bound lock was not found.');
    return;
  }
  sendJson(res, 200, project(lock));
}
