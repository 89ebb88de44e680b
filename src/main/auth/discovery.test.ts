// Strict discovery, case by case, against a plain local HTTP server that answers whatever a case needs (the
// sandbox's real oidc-provider is in discovery.integration.test.ts): what a document must say, which failures
// are a reason to use pinned endpoints, and which never are.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../failure-of.fixture';
import { silentLogger } from '../log';
import { discover, KNOWN_ISSUERS, parseDiscovery, type PinnedIssuer } from './discovery';
import { createAuthHttp, NoAnswer } from './http';
import { captureLogForTest } from './test-log.fixture';

const ISSUER = 'https://login.example';
const doc = (over: Record<string, unknown> = {}) => ({
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  code_challenge_methods_supported: ['plain', 'S256'],
  ...over,
});
function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    const f = e as { code: string; message: string };
    return { code: f.code, message: f.message };
  }
  throw new Error('expected a failure');
}

describe('parseDiscovery', () => {
  it('returns the endpoints of a document naming exactly this issuer and offering S256', () => {
    expect(
      parseDiscovery(
        ISSUER,
        doc({
          revocation_endpoint: `${ISSUER}/revoke`,
          authorization_response_iss_parameter_supported: true,
        }),
      ),
    ).toStrictEqual({
      issuer: ISSUER,
      authorizationEndpoint: `${ISSUER}/authorize`,
      tokenEndpoint: `${ISSUER}/token`,
      revocationEndpoint: `${ISSUER}/revoke`,
      issParameterSupported: true,
      fromDiscovery: true,
    });
    // No revocation endpoint advertised: none is assumed. No RFC 9207 flag, or false: iss is not required.
    expect(parseDiscovery(ISSUER, doc())).toStrictEqual({
      issuer: ISSUER,
      authorizationEndpoint: `${ISSUER}/authorize`,
      tokenEndpoint: `${ISSUER}/token`,
      issParameterSupported: false,
      fromDiscovery: true,
    });
    expect(
      parseDiscovery(ISSUER, doc({ authorization_response_iss_parameter_supported: false }))
        .issParameterSupported,
    ).toBe(false);
  });

  it('refuses another issuer, character for character, in one message naming both', () => {
    for (const other of [
      `${ISSUER}/`,
      'https://LOGIN.example',
      'http://login.example',
      'https://login.example.evil',
    ]) {
      expect(
        failure(() => parseDiscovery(ISSUER, doc({ issuer: other }))),
        other,
      ).toEqual({
        code: 'issuer-mismatch',
        message: `The sign-in server at ${ISSUER} says its address is ${other}; the two must be identical. If you trust it, enter ${other} as the authorization server in Settings.`,
      });
    }
  });

  it('refuses a server without PKCE S256', () => {
    const message = `The sign-in server ${ISSUER} does not offer PKCE with S256, which the app requires to sign in safely.`;
    for (const methods of [undefined, [], ['plain'], ['s256']]) {
      const body = doc({ code_challenge_methods_supported: methods });
      if (methods === undefined)
        delete (body as Record<string, unknown>).code_challenge_methods_supported;
      expect(
        failure(() => parseDiscovery(ISSUER, body)),
        String(methods),
      ).toEqual({ code: 'pkce-unsupported', message });
    }
  });

  it('refuses a document without the required fields', () => {
    for (const body of [
      null,
      'text',
      {},
      doc({ token_endpoint: undefined }),
      doc({ authorization_endpoint: 7 }),
      doc({ issuer: undefined }),
    ]) {
      expect(
        failure(() => parseDiscovery(ISSUER, body)),
        JSON.stringify(body),
      ).toEqual({
        code: 'discovery-failed',
        message: `The sign-in server ${ISSUER} sent no usable configuration (a required field is missing). Check the authorization server in Settings.`,
      });
    }
  });

  it('accepts https endpoints and plain http on loopback only, and names the endpoint it refuses', () => {
    const loopback = parseDiscovery(
      ISSUER,
      doc({
        authorization_endpoint: 'http://127.0.0.1:9/authorize',
        token_endpoint: 'http://[::1]:9/token',
      }),
    );
    expect(loopback).toMatchObject({
      authorizationEndpoint: 'http://127.0.0.1:9/authorize',
      tokenEndpoint: 'http://[::1]:9/token',
    });
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { authorization_endpoint: 'http://login.example/authorize' },
        'its authorization endpoint is not https',
      ],
      [{ token_endpoint: 'http://login.example/token' }, 'its token endpoint is not https'],
      [{ token_endpoint: 'ftp://127.0.0.1/token' }, 'its token endpoint is not https'],
      [{ token_endpoint: '/token' }, 'its token endpoint is not an address'],
      [{ authorization_endpoint: 'not a url' }, 'its authorization endpoint is not an address'],
    ];
    for (const [over, why] of cases) {
      expect(
        failure(() => parseDiscovery(ISSUER, doc(over))),
        why,
      ).toEqual({
        code: 'discovery-failed',
        message: `The sign-in server ${ISSUER} sent no usable configuration (${why}). Check the authorization server in Settings.`,
      });
    }
  });

  it('leaves out a revocation endpoint that is not https or not an address (sign-out still forgets locally)', () => {
    for (const revocation_endpoint of ['http://login.example/revoke', 'not a url', '']) {
      const m = parseDiscovery(ISSUER, doc({ revocation_endpoint }));
      expect('revocationEndpoint' in m, revocation_endpoint).toBe(false);
      expect(m.tokenEndpoint).toBe(`${ISSUER}/token`);
    }
  });
});

describe('pinned issuers', () => {
  it('are Tapkey production and Tapkey sandbox, with revocation and without RFC 9207', () => {
    expect(KNOWN_ISSUERS).toStrictEqual(
      ['https://login.tapkey.com', 'https://login.sandbox.tapkey.io'].map((issuer) => ({
        issuer,
        authorizationEndpoint: `${issuer}/connect/authorize`,
        tokenEndpoint: `${issuer}/connect/token`,
        revocationEndpoint: `${issuer}/connect/revocation`,
        issParameterSupported: false,
      })),
    );
  });
});

describe('discover', () => {
  // What the server answers next: a status and a body.
  let answer: { status: number; body: string } = { status: 200, body: '' };
  const paths: string[] = [];
  let server: Server;
  let base: string;
  // Retries would only slow the unreachable cases down; the decision under test comes after them.
  const http = createAuthHttp({ timeoutMs: 2_000, retryDelayMs: 1 });
  const pinnedFor = (issuer: string): PinnedIssuer => ({
    issuer,
    authorizationEndpoint: `${issuer}/a`,
    tokenEndpoint: `${issuer}/t`,
    revocationEndpoint: `${issuer}/r`,
    issParameterSupported: false,
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const valid = () =>
    JSON.stringify({
      ...doc(),
      issuer: base,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
    });

  it('reads the issuer’s own discovery document', async () => {
    answer = { status: 200, body: valid() };
    paths.length = 0;
    expect(await discover(http, base, silentLogger)).toMatchObject({
      issuer: base,
      tokenEndpoint: `${base}/token`,
      fromDiscovery: true,
    });
    expect(paths).toEqual(['/.well-known/openid-configuration']);
  });

  it('uses a known issuer’s document too: pinned endpoints are only for an unreachable server', async () => {
    answer = { status: 200, body: valid() };
    expect(
      await discover(http, base, silentLogger, undefined, { knownIssuers: [pinnedFor(base)] }),
    ).toMatchObject({
      tokenEndpoint: `${base}/token`,
      fromDiscovery: true,
    });
  });

  it('never guesses after a 404, a 499 or a body that is not JSON, even for a known issuer, and logs the refusal', async () => {
    const cases: Array<[number, string, string]> = [
      [404, '{}', 'HTTP 404'],
      [499, '{}', 'HTTP 499'],
      [200, '<html>', 'not JSON'],
    ];
    for (const [status, body, why] of cases) {
      answer = { status, body };
      const log = captureLogForTest();
      expect(
        await failureOf(
          discover(http, base, log.logger, undefined, { knownIssuers: [pinnedFor(base)] }),
        ),
        why,
      ).toEqual({
        code: 'discovery-failed',
        message: `The sign-in server ${base} sent no usable configuration (${why}). Check the authorization server in Settings.`,
      });
      expect(JSON.parse(log.text()), why).toMatchObject({
        level: 'warn',
        message: 'discovery refused',
        issuer: base,
        errorCode: 'discovery-failed',
      });
    }
  });

  it('keeps the underlying error as the cause: a body that is not JSON, an endpoint that is not an address, a cancelled request', async () => {
    answer = { status: 200, body: '<html>' };
    expect(
      (await discover(http, base, silentLogger).catch((e: unknown) => e)) as Error,
    ).toMatchObject({
      code: 'discovery-failed',
      cause: expect.any(SyntaxError),
    });
    expect(() => parseDiscovery(ISSUER, doc({ token_endpoint: '/token' }))).toThrow(
      expect.objectContaining({ code: 'discovery-failed', cause: expect.any(TypeError) }),
    );
    const controller = new AbortController();
    controller.abort();
    expect(
      (await discover(http, base, silentLogger, controller.signal).catch(
        (e: unknown) => e,
      )) as Error,
    ).toMatchObject({
      code: 'cancelled',
      cause: expect.anything(),
    });
  });

  it('passes on a contradicting document’s refusal, not a fallback', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({ ...JSON.parse(valid()), issuer: 'http://localhost:1' }),
    };
    expect(
      (
        await failureOf(
          discover(http, base, silentLogger, undefined, { knownIssuers: [pinnedFor(base)] }),
        )
      ).code,
    ).toBe('issuer-mismatch');
  });

  it('falls back to the pinned endpoints of a known issuer on a 5xx, and says so in the log', async () => {
    answer = { status: 500, body: 'down' };
    const log = captureLogForTest();
    expect(
      await discover(http, base, log.logger, undefined, {
        knownIssuers: [pinnedFor('https://other.example'), pinnedFor(base)],
      }),
    ).toStrictEqual({
      ...pinnedFor(base),
      fromDiscovery: false,
    });
    expect(JSON.parse(log.text())).toMatchObject({
      level: 'warn',
      message: 'discovery unreachable; using the pinned endpoints',
      issuer: base,
      reason: 'HTTP 500',
    });
    answer = { status: 503, body: 'down' };
    expect(
      (await discover(http, base, silentLogger, undefined, { knownIssuers: [pinnedFor(base)] }))
        .fromDiscovery,
    ).toBe(false);
  });

  it('refuses an unreachable server whose endpoints the app does not know, naming the cause', async () => {
    answer = { status: 500, body: 'down' };
    const log = captureLogForTest();
    expect(
      await failureOf(
        discover(http, base, log.logger, undefined, {
          knownIssuers: [pinnedFor('https://other.example')],
        }),
      ),
    ).toEqual({
      code: 'discovery-failed',
      message: `Could not reach the sign-in server ${base} (HTTP 500). Check your connection and the authorization server in Settings.`,
    });
    expect(JSON.parse(log.text())).toMatchObject({
      level: 'warn',
      message: 'discovery unreachable',
      issuer: base,
      reason: 'HTTP 500',
    });
    // Not in the default table either.
    expect((await failureOf(discover(http, base, silentLogger))).code).toBe('discovery-failed');
  });

  it('treats a refused connection as unreachable: pinned endpoints for a known issuer, an error naming the cause otherwise', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(
      await discover(http, gone, silentLogger, undefined, { knownIssuers: [pinnedFor(gone)] }),
    ).toStrictEqual({
      ...pinnedFor(gone),
      fromDiscovery: false,
    });
    expect(await failureOf(discover(http, gone, silentLogger))).toEqual({
      code: 'discovery-failed',
      message: `Could not reach the sign-in server ${gone} (connection refused). Check your connection and the authorization server in Settings.`,
    });
  });

  it('uses the pinned Tapkey endpoints by default when Tapkey cannot be reached', async () => {
    // An HTTP client that cannot reach anything, without touching the network.
    const offline = {
      get: () =>
        Promise.reject(new NoAnswer('not-found', false, { cause: new Error('ENOTFOUND') })),
    } as unknown as typeof http;
    expect(await discover(offline, 'https://login.tapkey.com', silentLogger)).toStrictEqual({
      ...KNOWN_ISSUERS[0],
      fromDiscovery: false,
    });
    const log = captureLogForTest();
    expect(
      (await failureOf(discover(offline, 'https://login.example', log.logger))).message,
    ).toContain('(name not found)');
    // Anything other than a transport error is named generically, never by its text.
    const broken = {
      get: () => Promise.reject(new TypeError('secret-ish detail')),
    } as unknown as typeof http;
    expect((await failureOf(discover(broken, 'https://login.example', silentLogger))).message).toBe(
      'Could not reach the sign-in server https://login.example (error). Check your connection and the authorization server in Settings.',
    );
  });

  it('stops with cancelled when the attempt is aborted, and sends nothing', async () => {
    answer = { status: 200, body: valid() };
    paths.length = 0;
    const controller = new AbortController();
    controller.abort();
    expect(await failureOf(discover(http, base, silentLogger, controller.signal))).toEqual({
      code: 'cancelled',
      message: 'The request was cancelled.',
    });
    expect(paths).toEqual([]);
  });
});
