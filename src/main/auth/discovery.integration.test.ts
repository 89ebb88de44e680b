// Strict discovery against the sandbox's real oidc-provider (and a plain HTTP server for documents the
// sandbox cannot produce): a document that contradicts the configured issuer or lacks PKCE S256 stops the
// sign-in before any browser opens; only an unreachable server of a known issuer falls back to pinned endpoints.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { freeLoopbackPort } from '../../../test/support/free-port';
import { createAppCore } from '../app-core';
import { isFailure } from '../errors';
import { failureOf } from '../failure-of.fixture';
import { memorySettingsStore } from '../settings/settings-store';
import { discover, KNOWN_ISSUERS, parseDiscovery, type PinnedIssuer } from './discovery';
import { createAuthHttp } from './http';
import { captureLogForTest } from './test-log.fixture';
import type { AuthorizationRequest, UserAgent } from './user-agent';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const s of sandboxes.splice(0)) await s.close();
});

async function sandboxWith(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const s = await startSandbox({ quiet: true, ...options });
  sandboxes.push(s);
  return s;
}

/** A user agent that records whether a sign-in page would have been shown; it never completes. */
function recordingAgent(): UserAgent & { calls: AuthorizationRequest[] } {
  const calls: AuthorizationRequest[] = [];
  return {
    mode: 'system-browser',
    calls,
    authorize: async (req) => {
      calls.push(req);
      throw new Error('the browser must not open');
    },
  };
}

/** Signs in through the real core's IPC handler with `issuer` configured; returns the failure and the agent. */
async function signInWith(issuer: string, clientId = 'tapkey-locks-desktop') {
  const agent = recordingAgent();
  const log = captureLogForTest();
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '0.0.0-test' },
    log: log.logger,
    settings: memorySettingsStore({
      clientId,
      issuer,
      apiBaseUrl: `${issuer}/api/v1/`,
      redirectUri: `http://127.0.0.1:${await freeLoopbackPort()}/callback`,
      signInMode: 'system-browser',
      accessData: false,
    }),
    userAgents: { 'system-browser': agent },
    http: { timeoutMs: 2_000 },
  });
  try {
    const failure = await failureOf(core.handlers['auth:sign-in']());
    return { failure, agent, state: core.session.state, log };
  } finally {
    await core.dispose();
  }
}

/** A port on 127.0.0.1 that refuses connections. */
const closedIssuer = async () => `http://127.0.0.1:${await freeLoopbackPort()}`;

let plain: Server;
let plainBase: string;
let plainDoc: () => { status: number; body: string } = () => ({ status: 404, body: '' });
beforeAll(async () => {
  plain = createServer((req, res) => {
    const a = plainDoc();
    res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
  });
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', () => resolve()));
  plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => plain.close(() => resolve()));
});

const docFor = (issuer: string, over: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/connect/authorize`,
  token_endpoint: `${issuer}/connect/token`,
  code_challenge_methods_supported: ['S256'],
  ...over,
});

describe('strict discovery', () => {
  it('refuses a discovery document naming another issuer, in one line naming both, before any browser opens', async () => {
    const sandbox = await sandboxWith({ issuerHost: 'localhost' });
    expect(sandbox.issuer).toBe(`http://localhost:${sandbox.port}`);
    const configured = `http://127.0.0.1:${sandbox.port}`;
    const { failure, agent, state } = await signInWith(configured);
    expect(failure.code).toBe('issuer-mismatch');
    expect(failure.message).toContain(configured);
    expect(failure.message).toContain(sandbox.issuer);
    expect(failure.message).not.toContain('\n');
    expect(agent.calls).toHaveLength(0);
    expect(state).toMatchObject({ status: 'error', code: 'issuer-mismatch' });
    // No endpoint was guessed either: nothing reached the token endpoint.
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('accepts the same server when configured with exactly the issuer it names', async () => {
    const sandbox = await sandboxWith();
    const m = await discover(
      createAuthHttp({ timeoutMs: 2_000 }),
      sandbox.issuer,
      captureLogForTest().logger,
    );
    expect(m).toMatchObject({
      issuer: sandbox.issuer,
      tokenEndpoint: `${sandbox.issuer}/connect/token`,
      revocationEndpoint: `${sandbox.issuer}/connect/revocation`,
      issParameterSupported: true,
      fromDiscovery: true,
    });
  });

  it('compares issuers exactly: a trailing slash or another case is a mismatch, not forgiven', () => {
    for (const configured of [
      'https://login.example/',
      'https://LOGIN.example',
      'https://login.example:443',
    ]) {
      const e = (() => {
        try {
          return parseDiscovery(configured, docFor('https://login.example'));
        } catch (err) {
          return err;
        }
      })();
      expect(isFailure(e, 'issuer-mismatch'), configured).toBe(true);
    }
  });

  it('refuses a document without PKCE S256 (plain only, or none advertised) before any browser opens', async () => {
    for (const methods of [['plain'], undefined, []]) {
      plainDoc = () => ({
        status: 200,
        body: JSON.stringify(docFor(plainBase, { code_challenge_methods_supported: methods })),
      });
      const { failure, agent } = await signInWith(plainBase);
      expect(failure.code, JSON.stringify(methods)).toBe('pkce-unsupported');
      expect(failure.message).toContain(plainBase);
      expect(agent.calls).toHaveLength(0);
    }
    // The same document with S256 is accepted, so it is S256 that was missing.
    plainDoc = () => ({ status: 200, body: JSON.stringify(docFor(plainBase)) });
    expect(
      await discover(createAuthHttp({ timeoutMs: 2_000 }), plainBase, captureLogForTest().logger),
    ).toMatchObject({
      issuer: plainBase,
      fromDiscovery: true,
    });
  });

  it('treats 404, non-JSON and invalid documents as errors, never as a reason to guess endpoints', async () => {
    const pinnedPlain: PinnedIssuer[] = [
      {
        ...KNOWN_ISSUERS[0]!,
        issuer: plainBase,
        authorizationEndpoint: `${plainBase}/pinned/authorize`,
      },
    ];
    const cases: Array<[string, { status: number; body: string }]> = [
      ['404', { status: 404, body: '{"error":"not_found"}' }],
      ['not JSON', { status: 200, body: '<html>captive portal</html>' }],
      [
        'no token endpoint',
        { status: 200, body: JSON.stringify({ ...docFor(plainBase), token_endpoint: undefined }) },
      ],
      [
        'plain-http endpoint',
        {
          status: 200,
          body: JSON.stringify(
            docFor(plainBase, { token_endpoint: 'http://login.example/connect/token' }),
          ),
        },
      ],
    ];
    for (const [name, answer] of cases) {
      plainDoc = () => answer;
      // Even for an issuer the app knows: only an unreachable server may fall back.
      const e = await discover(
        createAuthHttp({ timeoutMs: 2_000 }),
        plainBase,
        captureLogForTest().logger,
        undefined,
        {
          knownIssuers: pinnedPlain,
        },
      ).catch((err: unknown) => err);
      expect(isFailure(e, 'discovery-failed'), name).toBe(true);
    }
    plainDoc = () => ({ status: 404, body: '' });
    const { failure, agent } = await signInWith(plainBase);
    expect(failure.code).toBe('discovery-failed');
    expect(agent.calls).toHaveLength(0);
  });

  it('is an error when an unknown issuer is unreachable (refused connection, 503, dropped connection)', async () => {
    const closed = await closedIssuer();
    const refused = await signInWith(closed);
    expect(refused.failure.code).toBe('discovery-failed');
    expect(refused.failure.message).toContain(closed);
    expect(refused.agent.calls).toHaveLength(0);

    const sandbox = await sandboxWith();
    for (const rule of [{ kind: 'status', status: 503 }, { kind: 'drop' }] as const) {
      const off = sandbox.faults.add({ target: 'discovery', ...rule });
      const r = await signInWith(sandbox.issuer);
      off();
      expect(r.failure.code, rule.kind).toBe('discovery-failed');
      expect(r.agent.calls).toHaveLength(0);
    }
  });

  it('uses the pinned endpoints, revocation included, only for a known issuer whose discovery is unreachable', async () => {
    const closed = await closedIssuer();
    const table: PinnedIssuer[] = [
      {
        issuer: closed,
        authorizationEndpoint: `${closed}/connect/authorize`,
        tokenEndpoint: `${closed}/connect/token`,
        revocationEndpoint: `${closed}/connect/revocation`,
        issParameterSupported: false,
      },
    ];
    const log = captureLogForTest();
    const m = await discover(createAuthHttp({ timeoutMs: 2_000 }), closed, log.logger, undefined, {
      knownIssuers: table,
    });
    expect(m).toEqual({ ...table[0], fromDiscovery: false });
    expect(log.text()).toContain('pinned endpoints');

    // A 5xx counts as unreachable too.
    const sandbox = await sandboxWith();
    sandbox.faults.add({ target: 'discovery', kind: 'status', status: 502 });
    const sandboxTable: PinnedIssuer[] = [{ ...table[0]!, issuer: sandbox.issuer }];
    expect(
      await discover(createAuthHttp({ timeoutMs: 2_000 }), sandbox.issuer, log.logger, undefined, {
        knownIssuers: sandboxTable,
      }),
    ).toMatchObject({ issuer: sandbox.issuer, fromDiscovery: false });
    // The table is matched exactly: a spelling that is not in it gets no fallback.
    const other = `http://localhost:${new URL(closed).port}`;
    const e = await discover(createAuthHttp({ timeoutMs: 2_000 }), other, log.logger, undefined, {
      knownIssuers: table,
    }).catch((err: unknown) => err);
    expect(isFailure(e, 'discovery-failed')).toBe(true);
  });

  it('pins Tapkey production and sandbox with authorize, token and revocation endpoints', () => {
    expect(KNOWN_ISSUERS.map((k) => k.issuer)).toEqual([
      'https://login.tapkey.com',
      'https://login.sandbox.tapkey.io',
    ]);
    expect(KNOWN_ISSUERS[0]).toEqual({
      issuer: 'https://login.tapkey.com',
      authorizationEndpoint: 'https://login.tapkey.com/connect/authorize',
      tokenEndpoint: 'https://login.tapkey.com/connect/token',
      revocationEndpoint: 'https://login.tapkey.com/connect/revocation',
      issParameterSupported: false,
    });
    expect(KNOWN_ISSUERS[1]).toMatchObject({
      tokenEndpoint: 'https://login.sandbox.tapkey.io/connect/token',
      revocationEndpoint: 'https://login.sandbox.tapkey.io/connect/revocation',
    });
  });
});
