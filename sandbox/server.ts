import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { handleAdmin, type AdminContext } from './admin';
import { handleApi, type ApiContext } from './api/api-router';
import { sendApiError } from './api/api-error';
import { handleInteraction, isInteractionPath } from './auth/interactions';
import { keepOfflineAccess } from './auth/offline-access';
import { invalidScopeRedirect, type ScopeCheckContext } from './auth/scope-check';
import type { SandboxData } from './data/seed-data';
import { answerWithFault, holdAnswer, slowDownBody } from './faults/apply-fault';
import { classifyPath, type FaultEngine } from './faults/fault-engine';
import { readForm } from './http/body';
import { sendJson } from './http/respond';
import type { StatsRecorder } from './stats';
import type { Timers } from './timers';

export interface ServerContext extends ApiContext, AdminContext {
  provider: Provider;
  data: SandboxData;
  faults: FaultEngine;
  stats: StatsRecorder;
  timers: Timers;
  scopeCheck: ScopeCheckContext;
  log(message: string): void;
}

/** The one request handler: admin routes, then faults, then the API, the sign-in pages or oidc-provider. */
export function createRequestHandler(
  ctx: ServerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  // Counts token requests that reach oidc-provider, after it parsed the body (faulted ones are counted below).
  ctx.provider.use(async (koa, next) => {
    await next();
    if (koa.method === 'POST' && koa.path === '/connect/token') {
      ctx.stats.recordToken(String(koa.oidc?.body?.grant_type ?? ''));
    }
  });
  // oidc-provider turns its own failures into 500 responses; surface the cause instead of losing it.
  ctx.provider.on('server_error', (_koa, error) =>
    ctx.log(`sandbox: oidc-provider error: ${(error as Error)?.stack ?? String(error)}`),
  );
  // Koa composes its middleware when callback() is called, so this must come after use().
  const oidc = ctx.provider.callback();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/__sandbox/')) {
      await handleAdmin(ctx, req, res, path);
      return;
    }
    const target = classifyPath(path);
    const pathAndQuery = `${path}${url.search}`;
    if (target === 'api') ctx.stats.recordApi(pathAndQuery, req.method);
    if (target === 'revocation' && req.method === 'POST') ctx.stats.recordRevocation();

    const decision = ctx.faults.decide(target, pathAndQuery);
    if (decision.delayMs > 0) await ctx.timers.sleep(decision.delayMs);
    if (decision.terminal) {
      if (target === 'token' && req.method === 'POST')
        ctx.stats.recordToken((await readForm(req)).get('grant_type') ?? '');
      await answerWithFault(res, target, decision.terminal);
      return;
    }
    if (decision.afterHandling)
      holdAnswer(res, decision.afterHandling.finish, decision.afterHandling.delayMs, (fn, ms) =>
        ctx.timers.later(fn, ms),
      );
    else if (decision.dropMidBody)
      slowDownBody(res, decision.slowBodyMs ?? 0, (fn, ms) => ctx.timers.later(fn, ms), 'drop');
    else if (decision.slowBodyMs !== undefined)
      slowDownBody(res, decision.slowBodyMs, (fn, ms) => ctx.timers.later(fn, ms));

    if (target === 'api') {
      await handleApi(ctx, req, res, url, { malformItem: decision.malformItem === true });
    } else if (isInteractionPath(path)) {
      await handleInteraction(ctx.provider, ctx.data, req, res, path);
    } else {
      if (path === '/connect/authorize' && req.method === 'GET') {
        const refused = invalidScopeRedirect(req.url ?? path, ctx.scopeCheck);
        if (refused) {
          res.writeHead(302, { Location: refused, 'Cache-Control': 'no-store' }).end();
          return;
        }
        req.url = keepOfflineAccess(req.url ?? path);
      }
      await oidc(req, res);
    }
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      ctx.log(`sandbox: request failed: ${(error as Error).stack ?? String(error)}`);
      if (res.headersSent) res.destroy();
      else if (req.url?.toLowerCase().startsWith('/api/'))
        sendApiError(res, 500, 'InternalServerError', 'The sandbox failed.');
      else sendJson(res, 500, { error: 'server_error', error_description: 'The sandbox failed.' });
    });
  };
}
