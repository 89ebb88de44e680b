// The system-browser user agent with its real loopback listener: the "browser" here is a function that, like
// the OS browser after the user signs in, requests the redirect URI with this attempt's state.
import { createHook } from 'node:async_hooks';
import { getEventListeners } from 'node:events';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { freeLoopbackPort } from '../../../test/support/free-port';
import { describe, expect, it } from 'vitest';
import { failureOf } from '../failure-of.fixture';
import { silentLogger } from '../log';
import { createSystemBrowserAgent, type OpenExternal } from './system-browser-agent';
import { captureLogForTest } from './test-log.fixture';
import type { AuthorizationRequest } from './user-agent';

const STATE = 'S'.repeat(43);

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

async function attempt(
  over: Partial<AuthorizationRequest> = {},
): Promise<AuthorizationRequest & { port: number }> {
  const port = await freeLoopbackPort();
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  const url = `https://login.example/connect/authorize?${new URLSearchParams({ client_id: 'app', redirect_uri: redirectUri, state: STATE })}`;
  return {
    url,
    redirectUri,
    allowedOrigins: ['https://login.example'],
    timeoutMs: 60_000,
    signal: new AbortController().signal,
    port,
    ...over,
  };
}

/** A browser that, once opened, returns to the app with `query` plus the state of the URL it was given. */
function browserReturning(query: string, opened: string[] = []): OpenExternal {
  return async (url) => {
    opened.push(url);
    const u = new URL(url);
    const status = await get(
      `${u.searchParams.get('redirect_uri')}?${query}&state=${u.searchParams.get('state')}`,
    );
    expect(status).toBe(200);
  };
}

describe('system-browser user agent', () => {
  it('opens the authorization URL in the browser, returns the callback URL, stops listening and leaves no abort listener', async () => {
    const opened: string[] = [];
    const agent = createSystemBrowserAgent({
      openExternal: browserReturning('code=c', opened),
      log: silentLogger,
    });
    expect(agent.mode).toBe('system-browser');
    const req = await attempt({ timeoutMs: 61_234 });
    // The attempt's own timer (recognised by its delay) if still pending afterwards: async_hooks sees it end.
    const pending = new Set<number>();
    const hook = createHook({
      init: (id, type, _trigger, resource) =>
        void (
          type === 'Timeout' &&
          (resource as { _idleTimeout?: number })._idleTimeout === req.timeoutMs &&
          pending.add(id)
        ),
      destroy: (id) => void pending.delete(id),
    }).enable();
    try {
      expect(await agent.authorize(req)).toBe(`${req.redirectUri}?code=c&state=${STATE}`);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      hook.disable();
    }
    // The sign-in timer is cleared, so a finished attempt keeps nothing alive (a CLI process could not exit).
    expect(pending.size).toBe(0);
    expect(opened).toEqual([req.url]);
    expect(await listening(req.port)).toBe(false);
    expect(getEventListeners(req.signal, 'abort')).toHaveLength(0);
  });

  it('keeps waiting after the browser opened until the callback arrives', async () => {
    let arrive: () => Promise<number> = () => Promise.resolve(0);
    const req = await attempt();
    const agent = createSystemBrowserAgent({
      openExternal: async () => {
        arrive = () => get(`${req.redirectUri}?code=later&state=${STATE}`);
      },
      log: silentLogger,
    });
    const result = agent.authorize(req);
    await expect.poll(() => listening(req.port)).toBe(true);
    expect(await arrive()).toBe(200);
    expect(await result).toBe(`${req.redirectUri}?code=later&state=${STATE}`);
  });

  it('does nothing for an attempt cancelled before it started', async () => {
    const opened: string[] = [];
    const controller = new AbortController();
    controller.abort();
    const req = await attempt({ signal: controller.signal });
    const agent = createSystemBrowserAgent({
      openExternal: browserReturning('code=c', opened),
      log: silentLogger,
    });
    expect(await failureOf(agent.authorize(req))).toEqual({
      code: 'sign-in-cancelled',
      message: 'Sign-in was cancelled.',
    });
    expect(opened).toEqual([]);
  });

  it('refuses a request without state before listening or opening anything', async () => {
    const opened: string[] = [];
    const req = await attempt();
    const agent = createSystemBrowserAgent({
      openExternal: browserReturning('code=c', opened),
      log: silentLogger,
    });
    const url = new URL(req.url);
    url.searchParams.delete('state');
    expect(await failureOf(agent.authorize({ ...req, url: url.toString() }))).toEqual({
      code: 'sign-in-failed',
      message:
        'The sign-in request has no state, so its answer could not be told apart. Please try again.',
    });
    expect(opened).toEqual([]);
  });

  it('reports a busy port before a browser tab opens for nothing', async () => {
    const opened: string[] = [];
    const req = await attempt();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(req.port, '127.0.0.1', () => resolve()));
    try {
      const agent = createSystemBrowserAgent({
        openExternal: browserReturning('code=c', opened),
        log: silentLogger,
      });
      const f = await failureOf(agent.authorize(req));
      expect(f.code).toBe('sign-in-failed');
      expect(f.message).toContain(`Port ${req.port}`);
      expect(opened).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('stops with sign-in-timeout when no answer comes, and stops listening', async () => {
    const req = await attempt({ timeoutMs: 50 });
    const agent = createSystemBrowserAgent({ openExternal: async () => {}, log: silentLogger });
    expect(await failureOf(agent.authorize(req))).toEqual({
      code: 'sign-in-timeout',
      message: 'Sign-in took too long and was stopped. Please try again.',
    });
    expect(await listening(req.port)).toBe(false);
  });

  it('stops with sign-in-cancelled when the app aborts while waiting, and stops listening', async () => {
    const controller = new AbortController();
    const req = await attempt({ signal: controller.signal });
    const agent = createSystemBrowserAgent({
      openExternal: async () => controller.abort(),
      log: silentLogger,
    });
    expect(await failureOf(agent.authorize(req))).toEqual({
      code: 'sign-in-cancelled',
      message: 'Sign-in was cancelled.',
    });
    expect(await listening(req.port)).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('says so when the browser cannot be opened, logs why, and stops listening', async () => {
    const log = captureLogForTest();
    const req = await attempt();
    const agent = createSystemBrowserAgent({
      openExternal: async () => {
        throw new Error('no handler for https');
      },
      log: log.logger,
    });
    expect(await failureOf(agent.authorize(req))).toEqual({
      code: 'sign-in-failed',
      message: 'The app could not open your web browser. Check that a default browser is set.',
    });
    expect(await listening(req.port)).toBe(false);
    expect(log.text()).toContain('"message":"could not open the browser"');
    expect(log.text()).toContain('no handler for https');
  });
});
