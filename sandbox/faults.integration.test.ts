import { request } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens } from './http-sign-in';
import { startSandbox, type FaultRule, type Sandbox } from './index';
import { useSandbox } from '../test/support/sandbox';
import { apiGet, postForm, tokensFor } from './test-support';
import { withSandbox } from '../test/support/sandbox';

const sandbox = useSandbox();
let token: string;
let owner: string;

beforeAll(async () => {
  token = (await tokensFor(sandbox)).access_token;
  owner = sandbox.users[0]?.ownerAccountIds[0] as string;
});
afterEach(() => {
  sandbox.faults.clear();
  sandbox.faults.setLatency(0, 0);
});

/** Resolves with the socket error a raw request ends in (for dropped connections). */
function rawGetError(url: string): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 5_000 }, (res) =>
      reject(new Error(`unexpected response ${res.statusCode}`)),
    );
    req.on('error', resolve);
    req.on('timeout', () => reject(new Error('timed out instead of dropping')));
    req.end();
  });
}

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.issuer}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('status faults', () => {
  it('answer 429 with Retry-After and a Tapkey-like JSON body, then stop after `times`', async () => {
    sandbox.faults.add({
      target: 'api',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 7,
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await apiGet(sandbox, 'Owners', token);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toMatchObject({
        errorCode: 'TooManyRequests',
        message: expect.any(String),
      });
    }
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(200);
  });

  it.each([500, 502, 503, 504] as const)('answer %i on the API', async (status) => {
    sandbox.faults.add({ target: 'api', kind: 'status', status, times: 1 });
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(status);
  });

  it('match only paths matching pathPattern', async () => {
    sandbox.faults.add({
      target: 'api',
      kind: 'status',
      status: 500,
      pathPattern: `/owners/${owner}/boundlocks`,
    });
    expect((await apiGet(sandbox, `Owners/${owner}/BoundLocks`, token)).status).toBe(500);
    expect((await apiGet(sandbox, `Owners/${owner}`, token)).status).toBe(200);
    expect(
      (await apiGet(sandbox, `Owners/${sandbox.users[0]?.ownerAccountIds[1]}/BoundLocks`, token))
        .status,
    ).toBe(200);
  });

  it('use a custom body when given', async () => {
    sandbox.faults.add({
      target: 'api',
      kind: 'status',
      status: 500,
      body: { custom: true },
      times: 1,
    });
    expect(await (await apiGet(sandbox, 'Owners', token)).json()).toEqual({ custom: true });
  });

  it('hit the token endpoint with an OAuth-style body, counted in stats', async () => {
    const tokens = await tokensFor(sandbox);
    sandbox.stats.reset();
    sandbox.faults.add({
      target: 'token',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 2,
      times: 1,
    });
    const failed = await refreshTokens(
      sandbox.issuer,
      sandbox.clientId,
      tokens.refresh_token as string,
    );
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    expect(await failed.json()).toMatchObject({ error: 'temporarily_unavailable' });
    // The faulted request never reached the server, so the refresh token is still valid.
    expect(
      (await refreshTokens(sandbox.issuer, sandbox.clientId, tokens.refresh_token as string))
        .status,
    ).toBe(200);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(2);
  });

  it('hit discovery, authorize and revocation targets', async () => {
    sandbox.faults.add({ target: 'discovery', kind: 'status', status: 500, times: 1 });
    sandbox.faults.add({ target: 'authorize', kind: 'status', status: 502, times: 1 });
    sandbox.faults.add({ target: 'revocation', kind: 'status', status: 503, times: 1 });
    expect((await fetch(`${sandbox.issuer}/.well-known/openid-configuration`)).status).toBe(500);
    expect(
      (await fetch(`${sandbox.issuer}/connect/authorize?client_id=x`, { redirect: 'manual' }))
        .status,
    ).toBe(502);
    expect(
      (await postForm(sandbox, '/connect/revocation', { client_id: sandbox.clientId, token: 'x' }))
        .status,
    ).toBe(503);
    expect((await fetch(`${sandbox.issuer}/.well-known/openid-configuration`)).status).toBe(200);
  });

  it("target 'all' covers every route, and the disposer removes exactly its rule", async () => {
    const remove = sandbox.faults.add({ target: 'all', kind: 'status', status: 500 });
    expect((await fetch(`${sandbox.issuer}/connect/jwks`)).status).toBe(500);
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(500);
    remove();
    expect((await fetch(`${sandbox.issuer}/connect/jwks`)).status).toBe(200);
  });
});

describe('broken responses', () => {
  it('malformed-json sends a JSON content type with a body that does not parse', async () => {
    sandbox.faults.add({ target: 'api', kind: 'malformed-json', times: 1 });
    const res = await apiGet(sandbox, 'Owners', token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('drop destroys the socket without a response', async () => {
    sandbox.faults.add({ target: 'api', kind: 'drop', times: 1 });
    const error = await rawGetError(`${sandbox.apiBaseUrl}Owners`);
    expect(['ECONNRESET', 'socket hang up']).toContain(error.code ?? error.message);
    await expect(fetch(`${sandbox.apiBaseUrl}Owners`).then((r) => r.status)).resolves.toBe(401);
  });

  it('drop works on the token endpoint too (fetch rejects)', async () => {
    sandbox.faults.add({ target: 'token', kind: 'drop', times: 1 });
    await expect(refreshTokens(sandbox.issuer, sandbox.clientId, 'whatever')).rejects.toThrow();
  });

  it('slow-body sends the headers at once and completes the body only after delayMs', async () => {
    sandbox.faults.add({ target: 'api', kind: 'slow-body', delayMs: 400, times: 1 });
    const start = performance.now();
    const res = await apiGet(sandbox, `Owners/${owner}/BoundLocks`, token);
    const headersAt = performance.now() - start;
    const body = await res.json();
    const bodyAt = performance.now() - start;
    expect(body).toEqual(sandbox.data.boundLocks(owner));
    expect(bodyAt - headersAt).toBeGreaterThanOrEqual(350);
  });

  it('malformed-item breaks only the first item of a list', async () => {
    sandbox.faults.add({ target: 'api', kind: 'malformed-item', times: 1 });
    const body = (await (
      await apiGet(sandbox, `Owners/${owner}/BoundLocks`, token)
    ).json()) as Array<Record<string, unknown>>;
    const seeded = sandbox.data.boundLocks(owner);
    expect(body[0]).toEqual({ ...seeded[0], title: 42 });
    expect(body.slice(1)).toEqual(seeded.slice(1));
  });

  it('drop-mid-body sends the headers and part of the body, then loses the connection', async () => {
    sandbox.faults.add({ target: 'api', kind: 'drop-mid-body', times: 1 });
    const res = await apiGet(sandbox, `Owners/${owner}/BoundLocks`, token);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    // Used up: the next request is whole again.
    expect(await (await apiGet(sandbox, `Owners/${owner}/BoundLocks`, token)).json()).toEqual(
      sandbox.data.boundLocks(owner),
    );
  });

  it('slow-body also slows oidc-provider responses', async () => {
    sandbox.faults.add({ target: 'discovery', kind: 'slow-body', delayMs: 300, times: 1 });
    const start = performance.now();
    const res = await fetch(`${sandbox.issuer}/.well-known/openid-configuration`);
    expect(await res.json()).toMatchObject({ issuer: sandbox.issuer });
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
  });
});

describe('huge and endless bodies', () => {
  /** Reads a body chunk by chunk without keeping it: its size, its first and last bytes. */
  async function measure(res: Response, stopAfter = Infinity) {
    const reader = res.body!.getReader();
    let bytes = 0;
    let head = '';
    let tail = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      const text = Buffer.from(value).toString('latin1');
      if (head.length < 64) head += text.slice(0, 64 - head.length);
      tail = (tail + text).slice(-8);
      if (bytes >= stopAfter) {
        await reader.cancel();
        break;
      }
    }
    return { bytes, head, tail };
  }

  it('huge-body sends a JSON start, then exactly sizeBytes bytes, then the JSON end (it parses)', async () => {
    sandbox.faults.add({ target: 'token', kind: 'huge-body', sizeBytes: 1_000_000, times: 1 });
    const res = await postForm(sandbox, '/connect/token', { grant_type: 'refresh_token' });
    expect(res.status).toBe(200);
    const start = '{"token_type":"Bearer","access_token":"';
    expect(Number(res.headers.get('content-length'))).toBe(start.length + 1_000_000 + 2);
    const body = (await res.json()) as { access_token: string };
    expect(body.access_token).toMatch(/^a{1000000}$/);
  });

  it('huge-body streams: a body larger than a Node buffer can hold (5 GB) arrives chunk by chunk and the sandbox goes on serving', async () => {
    sandbox.faults.add({ target: 'api', kind: 'huge-body', sizeBytes: 5 * 1024 ** 3, times: 1 });
    const res = await apiGet(sandbox, 'Owners', token);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(5 * 1024 ** 3);
    const read = await measure(res, 8 * 1024 * 1024);
    expect(read.head).toMatch(/^\[\{"id":"a+$/);
    // The sandbox stopped writing and serves the next request as usual.
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(200);
  });

  it('huge-body defaults to 300 MB', async () => {
    sandbox.faults.add({ target: 'discovery', kind: 'huge-body', times: 1 });
    const res = await fetch(`${sandbox.issuer}/.well-known/openid-configuration`);
    expect(Number(res.headers.get('content-length'))).toBe(
      '{"issuer":"'.length + 300 * 1024 * 1024 + 2,
    );
    await res.body!.cancel();
  });

  it('endless-body never ends: chunked, still sending after 32 MB, and the sandbox goes on serving', async () => {
    sandbox.faults.add({ target: 'revocation', kind: 'endless-body', times: 1 });
    const res = await postForm(sandbox, '/connect/revocation', { token: 'x' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    const read = await measure(res, 32 * 1024 * 1024);
    expect(read.bytes).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    expect(read.head).toMatch(/^\{"data":"a+$/);
    expect(read.tail).toBe('aaaaaaaa');
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(200);
  });

  it('are accepted over HTTP and refused with a bad size', async () => {
    expect(
      (await admin('POST', 'faults', { target: 'api', kind: 'huge-body', sizeBytes: 10 })).status,
    ).toBe(201);
    expect(
      (await admin('POST', 'faults', { target: 'api', kind: 'huge-body', sizeBytes: -1 })).status,
    ).toBe(400);
    expect((await admin('POST', 'faults', { target: 'all', kind: 'endless-body' })).status).toBe(
      201,
    );
  });
});

describe('the server handles the request, then its answer is lost or late', () => {
  it('handle-then-drop on the token endpoint: the refresh token is rotated, and the client gets no answer', async () => {
    const tokens = await tokensFor(sandbox);
    const old = tokens.refresh_token as string;
    sandbox.stats.reset();
    sandbox.faults.add({ target: 'token', kind: 'handle-then-drop', times: 1 });
    await expect(refreshTokens(sandbox.issuer, sandbox.clientId, old)).rejects.toThrow();
    // Rotated: the old token is consumed, although the client never saw the new one.
    expect(await sandbox.isRefreshTokenActive(old)).toBe(false);
    expect(sandbox.stats.tokenRequests('refresh_token')).toBe(1);
  });

  it('handle-then-delay on the token endpoint: rotated at once, the answer arrives whole after delayMs', async () => {
    const tokens = await tokensFor(sandbox);
    const old = tokens.refresh_token as string;
    sandbox.faults.add({ target: 'token', kind: 'handle-then-delay', delayMs: 400, times: 1 });
    const answer = refreshTokens(sandbox.issuer, sandbox.clientId, old);
    await expect.poll(() => sandbox.isRefreshTokenActive(old), { interval: 20 }).toBe(false);
    let settled = false;
    void answer.finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    const res = await answer;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { refresh_token: string };
    expect(await sandbox.isRefreshTokenActive(body.refresh_token)).toBe(true);
  });

  it('handle-then-drop works on the API too, and a later request is answered', async () => {
    sandbox.faults.add({ target: 'api', kind: 'handle-then-drop', delayMs: 50, times: 1 });
    expect(await rawGetError(`${sandbox.apiBaseUrl}Owners`)).toBeTruthy();
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(200);
  });

  it('a status fault with emptyBody answers with no body at all (Glewlwyd: a dead refresh token, a refused revocation)', async () => {
    sandbox.faults.add({ target: 'revocation', kind: 'status', status: 401, emptyBody: true });
    const tokens = await tokensFor(sandbox);
    const res = await postForm(sandbox, '/connect/revocation', {
      client_id: sandbox.clientId,
      token: tokens.refresh_token as string,
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-length')).toBe('0');
    expect(await res.text()).toBe('');
    // Refused: the token was not revoked.
    expect(await sandbox.isRefreshTokenActive(tokens.refresh_token as string)).toBe(true);
  });

  it.each([
    { target: 'token', kind: 'handle-then-delay' },
    { target: 'api', kind: 'status', status: 400, emptyBody: true, body: {} },
  ])('refuses %j', (rule) => {
    expect(() => sandbox.faults.add(rule as FaultRule)).toThrow(/invalid fault rule/);
  });
});

describe('a server without revocation', () => {
  it('advertises no revocation endpoint and answers 404 there', async () => {
    await withSandbox({ revocation: false }, async (bare) => {
      const doc = (await (
        await fetch(`${bare.issuer}/.well-known/openid-configuration`)
      ).json()) as Record<string, unknown>;
      expect(doc).not.toHaveProperty('revocation_endpoint');
      expect(doc).toHaveProperty('token_endpoint');
      const res = await postForm(bare, '/connect/revocation', { token: 'x' });
      expect(res.status).toBe(404);
    });
  });
});

describe('latency', () => {
  it('latency rules delay the matching requests', async () => {
    sandbox.faults.add({ target: 'token', kind: 'latency', delayMs: 300, times: 1 });
    const start = performance.now();
    await postForm(sandbox, '/connect/token', {
      grant_type: 'refresh_token',
      client_id: sandbox.clientId,
      refresh_token: 'x',
    });
    expect(performance.now() - start).toBeGreaterThanOrEqual(250);
  });

  it('setLatency delays every API request by at least the latency', async () => {
    sandbox.faults.setLatency(200, 100);
    const start = performance.now();
    await Promise.all([apiGet(sandbox, 'Owners', token), apiGet(sandbox, 'Owners', token)]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
  });

  it('latency combines with a status fault', async () => {
    sandbox.faults.add({ target: 'api', kind: 'latency', delayMs: 200, times: 1 });
    sandbox.faults.add({ target: 'api', kind: 'status', status: 504, times: 1 });
    const start = performance.now();
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(504);
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
  });
});

describe('probability', () => {
  async function outcomes(s: Sandbox, t: string): Promise<number[]> {
    s.faults.add({ target: 'api', kind: 'status', status: 500, probability: 0.5 });
    const out: number[] = [];
    for (let i = 0; i < 24; i++) out.push((await apiGet(s, 'Owners', t)).status);
    s.faults.clear();
    return out;
  }

  it('fails about the given share, in a sequence that repeats with the same seed', async () => {
    const [a, b] = await Promise.all([
      startSandbox({ quiet: true, seed: 'p' }),
      startSandbox({ quiet: true, seed: 'p' }),
    ]);
    try {
      const first = await outcomes(a, (await tokensFor(a)).access_token);
      expect(first.filter((s) => s === 500).length).toBeGreaterThan(3);
      expect(first.filter((s) => s === 200).length).toBeGreaterThan(3);
      expect(await outcomes(b, (await tokensFor(b)).access_token)).toEqual(first);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('rule validation', () => {
  it.each([
    { target: 'api', kind: 'status' },
    { target: 'nowhere', kind: 'drop' },
    { target: 'api', kind: 'latency' },
    { target: 'api', kind: 'status', status: 418 },
    { target: 'api', kind: 'drop', pathPattern: '(' },
    { target: 'api', kind: 'drop', probability: 2 },
  ])('refuses %j', (rule) => {
    expect(() => sandbox.faults.add(rule as FaultRule)).toThrow(/invalid fault rule/);
  });
});

describe('admin endpoint', () => {
  it('adds, lists, removes and clears rules over HTTP', async () => {
    const added = await admin('POST', 'faults', {
      target: 'api',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 1,
    });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };
    expect(typeof id).toBe('string');
    const res = await apiGet(sandbox, 'Owners', token);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await (await admin('GET', 'faults')).json()).toEqual([
      expect.objectContaining({ id, remaining: null }),
    ]);

    expect((await admin('DELETE', `faults/${id}`)).status).toBe(204);
    expect((await admin('DELETE', `faults/${id}`)).status).toBe(404);
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(200);

    await admin('POST', 'faults', { target: 'api', kind: 'drop' });
    await admin('POST', 'faults', { target: 'token', kind: 'drop' });
    expect((await admin('DELETE', 'faults')).status).toBe(204);
    expect(await (await admin('GET', 'faults')).json()).toEqual([]);
    expect((await apiGet(sandbox, 'Owners', token)).status).toBe(200);
  });

  it('refuses invalid rules and bad JSON with 400', async () => {
    const bad = await admin('POST', 'faults', { target: 'api', kind: 'status' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request' });
    const notJson = await fetch(`${sandbox.issuer}/__sandbox/faults`, {
      method: 'POST',
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('sets latency over HTTP', async () => {
    expect((await admin('POST', 'latency', { latencyMs: 250 })).status).toBe(204);
    const start = performance.now();
    await apiGet(sandbox, 'Owners', token);
    expect(performance.now() - start).toBeGreaterThanOrEqual(240);
    expect((await admin('POST', 'latency', { latencyMs: -1 })).status).toBe(400);
  });

  it('reports and resets stats, and expires access tokens, over HTTP', async () => {
    await admin('POST', 'stats/reset');
    await apiGet(sandbox, 'Owners', token);
    expect(await (await admin('GET', 'stats')).json()).toMatchObject({
      apiRequests: 1,
      revocations: 0,
    });
    const tokens = await tokensFor(sandbox, 'bob');
    expect((await admin('POST', 'expire-access-tokens')).status).toBe(204);
    expect((await apiGet(sandbox, 'Owners', tokens.access_token)).status).toBe(401);
    token = (await tokensFor(sandbox)).access_token;
  });

  it('is never faulted itself', async () => {
    sandbox.faults.add({ target: 'all', kind: 'drop' });
    expect((await admin('GET', 'faults')).status).toBe(200);
  });
});
