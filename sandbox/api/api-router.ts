import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext, Handler } from './api-context';
import { sendApiError, sendInsufficientScope, sendInvalidToken } from './api-error';
import { verifyBearer } from './bearer';
import { READ } from './read-routes';
import { matchRoute, type RouteDef } from './route-table';
import { WRITE } from './write-routes';

export type { ApiContext } from './api-context';

/** Every route of the sandbox API (paths compare case-insensitively; ':x' captures an id). */
function routes(ctx: ApiContext): RouteDef<Handler>[] {
  const revoke =
    ctx.behaviour.revokeMethod === 'PUT' ? { PUT: WRITE.revokeGrant } : { POST: WRITE.revokeGrant };
  const o = ['owners', ':owner'];
  return [
    { pattern: ['owners'], methods: { GET: READ.owners } },
    { pattern: o, methods: { GET: READ.owner } },
    { pattern: [...o, 'boundlocks'], methods: { GET: READ.locks } },
    { pattern: [...o, 'boundlocks', ':lock'], methods: { GET: READ.lock } },
    { pattern: [...o, 'boundlocks', ':lock', 'logentries'], methods: { GET: READ.lockLog } },
    { pattern: [...o, 'logentries'], methods: { GET: READ.accountLog } },
    { pattern: [...o, 'lockgroups'], methods: { GET: READ.groups } },
    { pattern: [...o, 'lockgroups', ':group'], methods: { GET: READ.group } },
    { pattern: [...o, 'boundcards'], methods: { GET: READ.cards } },
    { pattern: [...o, 'boundcards', ':card'], methods: { GET: READ.card, PATCH: WRITE.patchCard } },
    { pattern: [...o, 'boundcards', ':card', 'grants'], methods: { GET: READ.cardGrants } },
    {
      pattern: [...o, 'boundcards', ':card', 'revokegrants'],
      methods: { POST: WRITE.revokeCardGrants },
    },
    { pattern: [...o, 'contacts'], methods: { GET: READ.contacts, PUT: WRITE.createContact } },
    {
      pattern: [...o, 'contacts', ':contact'],
      methods: { GET: READ.contact, PATCH: WRITE.patchContact },
    },
    {
      pattern: [...o, 'contacts', ':contact', 'revokegrants'],
      methods: { POST: WRITE.revokeContactGrants },
    },
    { pattern: [...o, 'grants'], methods: { GET: READ.grants, PUT: WRITE.createGrant } },
    { pattern: [...o, 'grants', ':grant', 'revoke'], methods: revoke },
    {
      pattern: [...o, 'grants', ':grant', 'deletefromcard'],
      methods: { POST: WRITE.deleteFromCard },
    },
  ] as RouteDef<Handler>[];
}

const routeCache = new WeakMap<ApiContext, RouteDef<Handler>[]>();

/**
 * Serves my.tapkey.com's /api/v1 subset: bearer check, route and method, scope check, per-user visibility of
 * owner accounts, then the route's handler (OData options, roles, writes).
 */
export async function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  faults: { malformItem?: boolean } = {},
): Promise<void> {
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
  const segments = url.pathname
    .slice('/api/v1'.length)
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
  let table = routeCache.get(ctx);
  if (!table) routeCache.set(ctx, (table = routes(ctx)));
  const match = matchRoute(table, segments);
  if (!match) {
    sendApiError(res, 404, 'NotFound', `No such API path: ${url.pathname}`);
    return;
  }
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const handler = match.route.methods[method as keyof RouteDef<Handler>['methods']];
  if (!handler) {
    const allow = Object.keys(match.route.methods).join(', ');
    sendApiError(res, 405, 'MethodNotAllowed', `This path takes ${allow} only.`, { Allow: allow });
    return;
  }
  if (!auth.scopes.has(handler.scope)) {
    sendInsufficientScope(res, handler.scope);
    return;
  }
  if (!ctx.data.user(auth.accountId)) {
    sendInvalidToken(res, 'The access token belongs to an unknown user.');
    return;
  }
  // Another user's owner account answers exactly like a missing one (404), so ids cannot be probed.
  const ownerId = match.params.owner;
  const owner =
    ownerId === undefined ? undefined : ctx.data.ownerAccountFor(auth.accountId, ownerId);
  if (ownerId !== undefined && !owner) {
    sendApiError(res, 404, 'NotFound', 'The owner account was not found.');
    return;
  }
  await handler.run({
    ctx,
    req,
    res,
    url,
    params: match.params,
    username: auth.accountId,
    scopes: auth.scopes,
    owner,
    malformItem: faults.malformItem === true,
  });
}
