import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FaultEngine } from './faults/fault-engine';
import { latencySchema } from './faults/fault-schema';
import { readBody } from './http/body';
import { sendJson } from './http/respond';
import type { StatsRecorder } from './stats';

export interface AdminContext {
  faults: FaultEngine;
  stats: StatsRecorder;
  expireAccessTokens(): void;
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
