import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FaultEngine } from './faults/fault-engine';
import { latencySchema } from './faults/fault-schema';
import { readBody } from './http/body';
import { sendJson } from './http/respond';
import type { StatsRecorder } from './stats';
import type { Sandbox } from './types';

export interface AdminContext {
  faults: FaultEngine;
  stats: StatsRecorder;
  expireAccessTokens(): void;
  sync: Sandbox['sync'];
  readers: Sandbox['data'];
}

const OWNER_READERS = {
  boundlocks: 'boundLocks',
  lockgroups: 'lockGroups',
  grants: 'grants',
  contacts: 'contacts',
  boundcards: 'boundCards',
  logentries: 'accountLogEntries',
} as const;

/**
 * The sandbox's state for journeys in another process, read without the API (so without the app's code):
 * `GET /__sandbox/data/owners/{id}/{boundLocks|lockGroups|grants|contacts|boundCards|logEntries}` and
 * `GET /__sandbox/data/locks/{id}/rcl`. Returns undefined for any other path.
 */
function readData(ctx: AdminContext, path: string): unknown {
  const parts = path.split('/').filter(Boolean).slice(2).map(decodeURIComponent);
  const [kind, id, what] = [parts[0]?.toLowerCase(), parts[1] ?? '', parts[2]?.toLowerCase()];
  if (parts.length !== 3) return undefined;
  if (kind === 'owners' && what !== undefined && Object.hasOwn(OWNER_READERS, what))
    return ctx.readers[OWNER_READERS[what as keyof typeof OWNER_READERS]](id);
  if (kind === 'locks' && what === 'rcl') return ctx.readers.revocationList(id);
  return undefined;
}

/** POST /__sandbox/sync/{locks|cards|owners}/{id}: that lock, card or whole account syncs. */
function syncFrom(ctx: AdminContext, path: string): boolean | undefined {
  const m = /^\/__sandbox\/sync\/(locks|cards|owners)\/([^/]+)$/i.exec(path);
  if (!m) return undefined;
  const id = decodeURIComponent(m[2] as string);
  const kind = (m[1] as string).toLowerCase();
  return kind === 'locks'
    ? ctx.sync.lock(id)
    : kind === 'cards'
      ? ctx.sync.card(id)
      : ctx.sync.ownerAccount(id);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text ? JSON.parse(text) : {};
}

/**
 * The control surface for tests in other processes (e.g. the app under Playwright):
 * fault rules, latency, stats and token expiry, on the sandbox's own loopback port.
 */
export async function handleAdmin(
  ctx: AdminContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const route = `${req.method} ${path.replace(/\/+$/, '')}`;
  try {
    if (route === 'POST /__sandbox/faults') {
      sendJson(res, 201, { id: ctx.faults.addRule(await readJson(req)) });
    } else if (route === 'GET /__sandbox/faults') {
      sendJson(res, 200, ctx.faults.list());
    } else if (route === 'DELETE /__sandbox/faults') {
      ctx.faults.clear();
      res.writeHead(204).end();
    } else if (req.method === 'DELETE' && path.startsWith('/__sandbox/faults/')) {
      const removed = ctx.faults.remove(
        decodeURIComponent(path.slice('/__sandbox/faults/'.length)),
      );
      if (removed) res.writeHead(204).end();
      else
        sendJson(res, 404, { error: 'not_found', error_description: 'No fault rule has this id.' });
    } else if (route === 'POST /__sandbox/latency') {
      const body = latencySchema.parse(await readJson(req));
      ctx.faults.setLatency(body.latencyMs, body.jitterMs);
      res.writeHead(204).end();
    } else if (route === 'GET /__sandbox/stats') {
      sendJson(res, 200, ctx.stats.snapshot());
    } else if (route === 'POST /__sandbox/stats/reset') {
      ctx.stats.reset();
      res.writeHead(204).end();
    } else if (req.method === 'POST' && path.toLowerCase().startsWith('/__sandbox/sync/')) {
      const synced = syncFrom(ctx, path);
      if (synced) res.writeHead(204).end();
      else
        sendJson(res, 404, {
          error: 'not_found',
          error_description: `Nothing to sync at ${path}.`,
        });
    } else if (req.method === 'GET' && path.toLowerCase().startsWith('/__sandbox/data/')) {
      const found = readData(ctx, path);
      if (found !== undefined) sendJson(res, 200, found);
      else sendJson(res, 404, { error: 'not_found', error_description: `No data at ${path}.` });
    } else if (route === 'POST /__sandbox/expire-access-tokens') {
      ctx.expireAccessTokens();
      res.writeHead(204).end();
    } else if (route === 'POST /__sandbox/gc') {
      // For benchmarks (node --expose-gc): a full collection between measured runs, so that the garbage of
      // serving one run is not collected in the middle of the next one's first request.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc)
        sendJson(res, 409, {
          error: 'unavailable',
          error_description: 'Start the sandbox with node --expose-gc.',
        });
      else {
        gc();
        res.writeHead(204).end();
      }
    } else {
      sendJson(res, 404, { error: 'not_found', error_description: `No admin route ${route}.` });
    }
  } catch (e) {
    const message = e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message;
    sendJson(res, 400, { error: 'invalid_request', error_description: message });
  }
}
