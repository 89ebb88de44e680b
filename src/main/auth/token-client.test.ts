// The token client against a plain local HTTP server for answers the sandbox does not produce: HTML error pages
// from a proxy, a 429 with Retry-After, and discovery documents that must be refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFailure } from '../errors';
import { captureLogForTest } from './test-log.fixture';
import { discover, parseDiscovery } from './discovery';
import { createAuthHttp } from './http';
import { TokenClient } from './token-client';

let server: Server;
let base: string;
let answer: { status: number; type: string; body: string; headers?: Record<string, string> } = {
  status: 200,
  type: 'application/json',
  body: '{}',
};
let posts = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'POST') posts++;
    req.resume();
    res
      .writeHead(answer.status, { 'content-type': answer.type, ...answer.headers })
      .end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function refreshFailure(): Promise<{
  code: string;
  message: string;
  transient: boolean;
  fate: string;
  retryAfterSeconds?: number;
}> {
  const log = captureLogForTest();
  const client = new TokenClient(createAuthHttp({ timeoutMs: 2_000 }), log.logger);
  try {
    await client.refresh({
      tokenEndpoint: `${base}/connect/token`,
      clientId: 'app',
      refreshToken: 'rt-secret-value-123',
    });
  } catch (e) {
    if (!isFailure(e)) throw e;
    expect(log.text()).not.toContain('rt-secret-value-123');
    return {
      code: e.code,
      message: e.message,
      transient: (e as unknown as { transient: boolean }).transient,
      fate: (e as unknown as { fate: string }).fate,
      ...e.extra,
    };
  }
  throw new Error('expected a failure');
}

/** The failure a refresh ends in when the token endpoint answers `status` with `body` (JSON unless `type`). */
function failureFor(
  status: number,
  body: string,
  type = 'application/json',
  headers: Record<string, string> = {},
) {
  answer = { status, type, body, headers };
  return refreshFailure();
}

describe('token client error mapping', () => {
  it('never shows an HTML error page, and keeps the refresh token for it (transient)', async () => {
    const f = await failureFor(
      502,
      '<html><body><h1>502 Bad Gateway</h1>nginx</body></html>',
      'text/html',
    );
    expect(f).toMatchObject({ code: 'server', transient: true });
    expect(f.message).not.toMatch(/nginx|<h1>/);
    expect(await failureFor(200, '<html>captive portal login</html>', 'text/html')).toMatchObject({
      code: 'malformed-response',
      transient: true,
      fate: 'unknown',
    });
  });

  it('reads at most 1 MB of an answer: a huge token response is unreadable, a huge refusal still a refusal', async () => {
    expect(await failureFor(200, `{"access_token":"${'a'.repeat(2 ** 20)}"}`)).toMatchObject({
      code: 'malformed-response',
      fate: 'unknown',
    });
    expect(await failureFor(400, 'x'.repeat(2 ** 21))).toMatchObject({
      code: 'session-expired',
      fate: 'refused',
    });
  });

  it('logs why a body was not read (too large), in place of its length', async () => {
    const loggedFor = async (status: number) => {
      answer = { status, type: 'application/json', body: 'x'.repeat(2 ** 21) };
      const log = captureLogForTest();
      const client = new TokenClient(createAuthHttp({ timeoutMs: 2_000 }), log.logger);
      await client
        .refresh({ tokenEndpoint: `${base}/connect/token`, clientId: 'app', refreshToken: 'rt' })
        .catch(() => undefined);
      const { time: _time, ...line } = JSON.parse(log.text()) as Record<string, unknown>;
      return line;
    };
    expect(await loggedFor(200)).toEqual({
      level: 'warn',
      message: 'token response unreadable',
      purpose: 'refresh',
      status: 200,
      bodyUnreadable: 'too-large',
    });
    expect(await loggedFor(400)).toEqual({
      level: 'warn',
      message: 'token endpoint refused',
      purpose: 'refresh',
      status: 400,
      bodyUnreadable: 'too-large',
    });
  });

  it('honours Retry-After on 429 and does not retry the POST on its own', async () => {
    posts = 0;
    expect(
      await failureFor(429, '{"error":"slow_down"}', 'application/json', { 'retry-after': '12' }),
    ).toMatchObject({
      code: 'rate-limited',
      retryAfterSeconds: 12,
      transient: true,
    });
    expect(posts).toBe(1);
  });

  it('treats any 400 or 401 as a refusal, whatever the body: invalid_grant, none at all (Glewlwyd), or HTML', async () => {
    for (const body of [
      '{"error":"invalid_grant","error_description":"grant request is invalid"}',
      '',
      '<html>Bad Request</html>',
    ]) {
      expect(await failureFor(400, body), body).toMatchObject({
        code: 'session-expired',
        transient: false,
        fate: 'refused',
      });
    }
    expect(await failureFor(401, '{"error":"invalid_client"}')).toMatchObject({
      code: 'sign-in-failed',
      transient: false,
      fate: 'refused',
    });
  });

  it('refuses a token response that is not a Bearer token', async () => {
    expect(await failureFor(200, '{"access_token":"x","token_type":"mac"}')).toMatchObject({
      code: 'malformed-response',
    });
  });
});

describe('discovery', () => {
  const doc = (over: Record<string, unknown> = {}) => ({
    issuer: 'https://login.example',
    authorization_endpoint: 'https://login.example/connect/authorize',
    token_endpoint: 'https://login.example/connect/token',
    revocation_endpoint: 'https://login.example/connect/revocation',
    authorization_response_iss_parameter_supported: true,
    code_challenge_methods_supported: ['S256'],
    ...over,
  });

  it('reads endpoints, revocation and RFC 9207 support', () => {
    expect(parseDiscovery('https://login.example', doc())).toEqual({
      issuer: 'https://login.example',
      authorizationEndpoint: 'https://login.example/connect/authorize',
      tokenEndpoint: 'https://login.example/connect/token',
      revocationEndpoint: 'https://login.example/connect/revocation',
      issParameterSupported: true,
      fromDiscovery: true,
    });
  });

  it('refuses a document for another issuer, plain-http endpoints, or no S256, each with its own code', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (isFailure(e)) return e.code;
        throw e;
      }
      throw new Error('expected a failure');
    };
    expect(
      codeOf(() =>
        parseDiscovery('https://login.example', doc({ issuer: 'https://evil.example' })),
      ),
    ).toBe('issuer-mismatch');
    expect(
      codeOf(() =>
        parseDiscovery(
          'https://login.example',
          doc({ token_endpoint: 'http://login.example/connect/token' }),
        ),
      ),
    ).toBe('discovery-failed');
    expect(
      codeOf(() =>
        parseDiscovery(
          'https://login.example',
          doc({ code_challenge_methods_supported: ['plain'] }),
        ),
      ),
    ).toBe('pkce-unsupported');
  });

  it('refuses an unusable document instead of guessing endpoints', async () => {
    answer = { status: 200, type: 'text/html', body: '<html>not json</html>' };
    const log = captureLogForTest();
    const e = await discover(createAuthHttp({ timeoutMs: 2_000 }), base, log.logger).catch(
      (err: unknown) => err,
    );
    expect(isFailure(e, 'discovery-failed')).toBe(true);
    expect(log.text()).toContain('discovery refused');
    expect(log.text()).not.toContain('<html>');
  });
});
