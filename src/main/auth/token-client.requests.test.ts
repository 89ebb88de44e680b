// What the token client sends and reads, against a plain local HTTP server that records each request: the exact
// form of each grant (RFC 6749 §4.1.3, §6; RFC 7636 §4.5; RFC 7009 §2.1), how a token response is read, and
// that every token it receives is redacted from the log from then on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isFailure } from '../errors';
import { createAuthHttp } from './http';
import { captureLogForTest } from './test-log.fixture';
import { TokenClient } from './token-client';
import { TokenEndpointError } from './token-errors';

let server: Server;
let base: string;
let answer: { status: number; body: string; stall?: boolean; delayMs?: number };
let received: Array<{ url: string; form: Record<string, string> }>;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ url: req.url!, form: Object.fromEntries(new URLSearchParams(body)) });
      const { status, body: text, stall, delayMs = 0 } = answer;
      if (!stall)
        setTimeout(
          () => res.writeHead(status, { 'content-type': 'application/json' }).end(text),
          delayMs,
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received = [];
  answer = { status: 200, body: '{}' };
});

const tokens = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    access_token: 'access-token-value-1',
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: 'refresh-token-value-1',
    scope: 'a b',
    ...over,
  });

function client() {
  const log = captureLogForTest();
  return { log, tc: new TokenClient(createAuthHttp({ timeoutMs: 2_000 }), log.logger) };
}

async function failureOf(p: Promise<unknown>): Promise<TokenEndpointError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isFailure(e)) throw new Error(`expected an AppFailure, got ${String(e)}`);
  return e as TokenEndpointError;
}

describe('token client requests', () => {
  it('exchanges a code with the verifier and no secret, and reads every field of the answer', async () => {
    answer = { status: 200, body: tokens({ id_token: 'id-token-value-1' }) };
    const { tc } = client();
    const t = await tc.exchangeCode({
      tokenEndpoint: `${base}/connect/token`,
      clientId: 'app',
      code: 'the-code',
      redirectUri: 'http://127.0.0.1:8111/cb',
      verifier: 'the-verifier',
    });
    expect(received).toEqual([
      {
        url: '/connect/token',
        form: {
          grant_type: 'authorization_code',
          client_id: 'app',
          code: 'the-code',
          redirect_uri: 'http://127.0.0.1:8111/cb',
          code_verifier: 'the-verifier',
        },
      },
    ]);
    expect(t).toEqual({
      accessToken: 'access-token-value-1',
      expiresIn: 3600,
      refreshToken: 'refresh-token-value-1',
      scope: 'a b',
      idToken: 'id-token-value-1',
    });
  });

  it('refreshes with the refresh token and client id only, and reads a minimal answer', async () => {
    answer = { status: 200, body: JSON.stringify({ access_token: 'a2', token_type: 'bearer' }) };
    const { tc } = client();
    const t = await tc.refresh({ tokenEndpoint: `${base}/t`, clientId: 'app', refreshToken: 'rt' });
    expect(received).toEqual([
      { url: '/t', form: { grant_type: 'refresh_token', client_id: 'app', refresh_token: 'rt' } },
    ]);
    expect(t).toEqual({
      accessToken: 'a2',
      expiresIn: undefined,
      refreshToken: undefined,
      scope: undefined,
      idToken: undefined,
    });
  });

  it('reads expires_in sent as a string, and refuses an empty access token, a zero lifetime or an empty refresh token', async () => {
    answer = { status: 200, body: tokens({ expires_in: '120' }) };
    const { tc, log } = client();
    expect(
      (await tc.refresh({ tokenEndpoint: `${base}/t`, clientId: 'app', refreshToken: 'rt' }))
        .expiresIn,
    ).toBe(120);
    for (const over of [
      { access_token: '' },
      { expires_in: 0 },
      { refresh_token: '' },
      { token_type: 'mac' },
    ]) {
      answer = { status: 200, body: tokens(over) };
      const f = await failureOf(
        tc.refresh({ tokenEndpoint: `${base}/t`, clientId: 'app', refreshToken: 'rt' }),
      );
      expect(f.code, JSON.stringify(over)).toBe('malformed-response');
      expect(f.fate).toBe('unknown');
    }
    // The log says which field was wrong, so a support request can be answered.
    expect(log.text()).toContain('token_type: token_type must be Bearer');
    expect(JSON.parse(log.text().split('\n').at(-1)!)).toMatchObject({
      level: 'warn',
      message: 'token response unreadable',
      purpose: 'refresh',
      status: 200,
    });
  });

  it('reads the OAuth error of a refusal, and logs the refusal without the request secrets', async () => {
    answer = {
      status: 400,
      body: JSON.stringify({
        error: 'invalid_grant',
        error_description: 'grant request is invalid',
      }),
    };
    const { tc, log } = client();
    const f = await failureOf(
      tc.refresh({
        tokenEndpoint: `${base}/t`,
        clientId: 'app',
        refreshToken: 'refresh-secret-123',
      }),
    );
    expect(f).toMatchObject({
      code: 'session-expired',
      oauthError: 'invalid_grant',
      transient: false,
      fate: 'refused',
    });
    const line = JSON.parse(log.text()) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'warn',
      message: 'token endpoint refused',
      purpose: 'refresh',
      status: 400,
      error: 'invalid_grant',
    });
    const long = client();
    answer = { status: 502, body: 'y'.repeat(1_000) };
    await failureOf(
      long.tc.refresh({ tokenEndpoint: `${base}/t`, clientId: 'app', refreshToken: 'rt' }),
    );
    // Only the body's length reaches the log, never its text.
    expect(JSON.parse(long.log.text())).toMatchObject({ status: 502, bodyLength: 1_000 });
    expect(long.log.text()).not.toContain('yyyy');
    expect(log.text()).not.toContain('refresh-secret-123');
    // An error field that is not a short string is not trusted as an OAuth error; the 400 still refuses.
    for (const body of [
      JSON.stringify({ error: '' }),
      JSON.stringify({ error: 'e'.repeat(201) }),
      'not json',
    ]) {
      answer = { status: 400, body };
      const refused = await failureOf(
        tc.exchangeCode({
          tokenEndpoint: `${base}/t`,
          clientId: 'app',
          code: 'c',
          redirectUri: 'r',
          verifier: 'v',
        }),
      );
      expect(refused, body).toMatchObject({ fate: 'refused', oauthError: undefined });
      expect(refused.message, body).toContain('(HTTP 400)');
    }
  });

  it('logs a transport failure with its purpose and code, and honours a cancelled signal', async () => {
    answer = { status: 200, body: '{}', stall: true };
    const { tc, log } = client();
    const controller = new AbortController();
    const pending = failureOf(
      tc.exchangeCode(
        { tokenEndpoint: `${base}/t`, clientId: 'app', code: 'c', redirectUri: 'r', verifier: 'v' },
        controller.signal,
      ),
    );
    setTimeout(() => controller.abort(), 50);
    expect((await pending).code).toBe('cancelled');
    expect(JSON.parse(log.text())).toMatchObject({
      level: 'warn',
      message: 'token request failed',
      purpose: 'exchange',
      errorCode: 'cancelled',
      fate: 'unknown',
    });
  });

  it('waits for a token answer past the limit for other requests: a refresh sent is not abandoned', async () => {
    answer = { status: 200, body: tokens(), delayMs: 300 };
    const log = captureLogForTest();
    const tc = new TokenClient(
      createAuthHttp({ timeoutMs: 100, tokenTimeoutMs: 10_000 }),
      log.logger,
    );
    const t = await tc.refresh({ tokenEndpoint: `${base}/t`, clientId: 'app', refreshToken: 'rt' });
    expect(t.refreshToken).toBe('refresh-token-value-1');
    const code = await tc.exchangeCode({
      tokenEndpoint: `${base}/t`,
      clientId: 'app',
      code: 'c',
      redirectUri: 'r',
      verifier: 'v',
    });
    expect(code.accessToken).toBe('access-token-value-1');
    // Revocation keeps the shorter limit.
    answer = { status: 200, body: '', delayMs: 300 };
    expect(
      await tc.revoke({
        revocationEndpoint: `${base}/r`,
        clientId: 'app',
        token: 'x',
        hint: 'refresh_token',
      }),
    ).toBe('unreachable');
  });

  it('redacts every token it received from all later log lines', async () => {
    answer = { status: 200, body: tokens({ id_token: 'id-token-value-1' }) };
    const { tc, log } = client();
    await tc.refresh({ tokenEndpoint: `${base}/t`, clientId: 'app', refreshToken: 'rt' });
    log.logger.info('echo access-token-value-1 refresh-token-value-1 id-token-value-1');
    expect(log.text()).not.toMatch(/access-token-value-1|refresh-token-value-1|id-token-value-1/);
  });
});

describe('token revocation', () => {
  const revoke = (tc: TokenClient, signal?: AbortSignal) =>
    tc.revoke(
      {
        revocationEndpoint: `${base}/revoke`,
        clientId: 'app',
        token: 'refresh-secret-456',
        hint: 'refresh_token',
      },
      signal,
    );

  it('sends token, hint and client id, and reports revoked only on 200', async () => {
    const { tc, log } = client();
    expect(await revoke(tc)).toBe('revoked');
    expect(received).toEqual([
      {
        url: '/revoke',
        form: { token: 'refresh-secret-456', token_type_hint: 'refresh_token', client_id: 'app' },
      },
    ]);
    expect(log.text()).toBe('');
  });

  it('reports a 4xx as refused and a 5xx as unreachable, logging status, error code and length, never the body or the token', async () => {
    answer = { status: 400, body: JSON.stringify({ error: 'unsupported_token_type' }) };
    const { tc, log } = client();
    expect(await revoke(tc)).toBe('refused');
    expect(JSON.parse(log.text())).toMatchObject({
      level: 'warn',
      message: 'revocation refused',
      status: 400,
      error: 'unsupported_token_type',
      bodyLength: 34,
    });
    expect(log.text()).not.toContain('refresh-secret-456');
    const long = client();
    answer = { status: 503, body: 'x'.repeat(1_000) };
    expect(await revoke(long.tc)).toBe('unreachable');
    expect(JSON.parse(long.log.text())).toMatchObject({ status: 503, bodyLength: 1_000 });
    expect(long.log.text()).not.toContain('xxxx');
  });

  it('only a 200 is revoked; a 500 is unreachable like any 5xx; another 2xx or a 499 is refused', async () => {
    for (const [status, outcome] of [
      [500, 'unreachable'],
      [499, 'refused'],
      [204, 'refused'],
    ] as const) {
      answer = { status, body: '' };
      expect(await revoke(client().tc), String(status)).toBe(outcome);
    }
  });

  it('reports unreachable without throwing when the request fails or is cancelled', async () => {
    answer = { status: 200, body: '{}', stall: true };
    const { tc, log } = client();
    const controller = new AbortController();
    const pending = revoke(tc, controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBe('unreachable');
    // Cancelled by the signal, not ended by the client's own time limit.
    expect(JSON.parse(log.text())).toMatchObject({
      level: 'warn',
      message: 'revocation failed',
      error: { name: 'NoAnswer', message: 'no answer (cancelled)' },
    });
  });
});
