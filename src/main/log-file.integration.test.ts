// What reaches the log file on disk: redacted, and free of response bodies (from the sandbox's Tapkey API and
// from a token endpoint that explains its refusals at length). Rotation and modes: log-file.limits.test.ts.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../test/support/sandbox';
import { signedInTokenSource } from '../../test/support/test-token-source';
import { createAuthHttp } from './auth/http';
import { TokenClient } from './auth/token-client';
import { createLogger } from './log';
import { createLogFileSink } from './log-file';
import { useLogFiles } from './log-file.fixture';
import { createTapkeyClient } from './tapkey/client';

const logFile = useLogFiles();

/** A list's page request, not its twin (`$skip=1`, ids only). */
const PAGE_NOT_TWIN = '^(?!.*[?&]\\$skip=1&)';

describe('what reaches the log file', () => {
  const MARKER = 'BODY-TEXT-THAT-MUST-NOT-BE-LOGGED';
  const sandbox = useSandbox({ owners: 1, locks: 1, seed: 'log-file' });
  let oauth: Server;
  let oauthBase: string;
  beforeAll(async () => {
    oauth = createServer((req, res) => {
      req.resume();
      const revocation = req.url?.includes('revocation');
      res.writeHead(revocation ? 503 : 400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: revocation ? 'temporarily_unavailable' : 'invalid_grant',
          error_description: `${MARKER} refresh_token=rt-in-body-123456`,
        }),
      );
    });
    await new Promise<void>((resolve) => oauth.listen(0, '127.0.0.1', () => resolve()));
    oauthBase = `http://127.0.0.1:${(oauth.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => oauth.close(() => resolve())));

  it('holds status, error code and length of refused responses, never their bodies, and no secret', async () => {
    const file = logFile();
    const log = createLogger(createLogFileSink({ file }), 'debug');
    const alice = sandbox.users[0]!;
    const tokens = await signedInTokenSource(sandbox, alice.username, alice.password);
    const api = createTapkeyClient({
      apiBaseUrl: sandbox.apiBaseUrl,
      tokens,
      log,
      http: { maxAttempts: 1, retryBaseDelayMs: 1, timeoutMs: 2_000 },
    });
    // Each fault answers the list's page, not the twin that may go beside it (which proves the list's end and
    // is never reported on its own), so each refusal below is the one the client reports.
    sandbox.faults.add({
      target: 'api',
      pathPattern: PAGE_NOT_TWIN,
      kind: 'status',
      status: 404,
      body: { errorCode: 'NotFound', message: `${MARKER} in a Tapkey error` },
      times: 1,
    });
    await api.owners.listOwnerAccounts().catch(() => {});
    sandbox.faults.add({
      target: 'api',
      pathPattern: PAGE_NOT_TWIN,
      kind: 'status',
      status: 400,
      body: { errorCode: `${MARKER} as a code`, message: 'x' },
      times: 1,
    });
    await api.owners.listOwnerAccounts().catch(() => {});
    sandbox.faults.add({
      target: 'api',
      pathPattern: PAGE_NOT_TWIN,
      kind: 'malformed-json',
      times: 1,
    });
    await api.owners.listOwnerAccounts().catch(() => {});

    const client = new TokenClient(createAuthHttp({ timeoutMs: 2_000 }), log);
    await client
      .refresh({
        tokenEndpoint: `${oauthBase}/connect/token`,
        clientId: 'app',
        refreshToken: 'rt-sent-secret-0123456789',
      })
      .catch(() => {});
    expect(
      await client.revoke({
        revocationEndpoint: `${oauthBase}/connect/revocation`,
        clientId: 'app',
        token: 'rt-sent-secret-0123456789',
        hint: 'refresh_token',
      }),
    ).toBe('unreachable');
    log.info('redacted before writing', {
      refresh_token: 'rt-field-secret-0123456789',
      note: 'Bearer abc.def-123',
    });

    const text = readFileSync(file, 'utf8');
    const entries = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain('"title"');
    for (const secret of [
      'rt-in-body-123456',
      'rt-sent-secret-0123456789',
      'rt-field-secret-0123456789',
      'abc.def-123',
      tokens.current().accessToken,
    ])
      expect(text).not.toContain(secret);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: 'tapkey answered with an error',
          status: 404,
          errorCode: 'NotFound',
          bodyLength: expect.any(Number),
        }),
        expect.objectContaining({
          message: 'tapkey answered with an error',
          status: 400,
          errorCode: '[unreadable]',
        }),
        expect.objectContaining({
          message: 'tapkey sent a body that is not JSON',
          status: 200,
          bodyLength: expect.any(Number),
        }),
        expect.objectContaining({
          message: 'token endpoint refused',
          status: 400,
          error: 'invalid_grant',
          bodyLength: expect.any(Number),
        }),
        expect.objectContaining({
          message: 'revocation refused',
          status: 503,
          error: 'temporarily_unavailable',
          bodyLength: expect.any(Number),
        }),
      ]),
    );
    for (const e of entries) expect(Object.keys(e)).not.toEqual(expect.arrayContaining(['body']));
  });
});
