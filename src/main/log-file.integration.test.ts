// The log file on disk: capped and rotated, owner-only, redacted, and free of response bodies (from the
// sandbox's Tapkey API and from a token endpoint that explains its refusals at length).
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { signedInTokenSource } from '../../test/support/test-token-source';
import { createAuthHttp } from './auth/http';
import { TokenClient } from './auth/token-client';
import { createLogger } from './log';
import { createLogFileSink } from './log-file';
import { createTapkeyClient } from './tapkey/api-client';

const dirs: string[] = [];
function logFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tapkey-logs-'));
  dirs.push(dir);
  return path.join(dir, 'logs', 'main.log');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mode = (file: string) => statSync(file).mode & 0o777;
const linesOf = (file: string) =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

describe('log file', () => {
  it('rotates at the cap and keeps exactly the configured number of files, newest first', () => {
    const file = logFile();
    const sink = createLogFileSink({ file, maxBytes: 1000, files: 3 });
    // 100 lines of 100 bytes each (99 + newline): ten fill one file.
    for (let i = 0; i < 100; i++)
      sink(`{"n":"${String(i).padStart(3, '0')}","pad":"${'x'.repeat(79)}"}`);
    const names = readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    for (const name of names)
      expect(statSync(path.join(path.dirname(file), name)).size, name).toBeLessThanOrEqual(1000);
    const n = (f: string) => linesOf(f).map((l) => Number((JSON.parse(l) as { n: string }).n));
    expect(n(file)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99]);
    expect(n(`${file}.1`)).toEqual([80, 81, 82, 83, 84, 85, 86, 87, 88, 89]);
    expect(n(`${file}.2`)).toEqual([70, 71, 72, 73, 74, 75, 76, 77, 78, 79]);
  });

  it('continues the size count of an existing file across a restart, and replaces an oversized entry by a note', () => {
    const file = logFile();
    createLogFileSink({ file, maxBytes: 1000 })('x'.repeat(899));
    const again = createLogFileSink({ file, maxBytes: 1000 });
    again('y'.repeat(199));
    expect(linesOf(file)).toEqual(['y'.repeat(199)]);
    expect(linesOf(`${file}.1`)).toEqual(['x'.repeat(899)]);
    createLogFileSink({ file, maxBytes: 100 * 1024 })('z'.repeat(64 * 1024));
    const last = linesOf(file).at(-1)!;
    expect(JSON.parse(last)).toMatchObject({
      message: 'log entry too large; dropped',
      bytes: 64 * 1024 + 1,
    });
  });

  it('creates files with mode 0600 and makes existing ones (rotated ones too) owner-only', () => {
    const file = logFile();
    const sink = createLogFileSink({ file, maxBytes: 200 });
    sink('first');
    expect(mode(file)).toBe(0o600);
    for (let i = 0; i < 10; i++) sink('x'.repeat(50));
    expect(mode(`${file}.1`)).toBe(0o600);
    chmodSync(file, 0o644);
    chmodSync(`${file}.1`, 0o664);
    writeFileSync(`${file}.2`, 'old\n', { mode: 0o644 });
    chmodSync(`${file}.2`, 0o644);
    createLogFileSink({ file, maxBytes: 200 });
    for (const f of [file, `${file}.1`, `${file}.2`]) expect(mode(f), f).toBe(0o600);
  });
});

describe('what reaches the log file', () => {
  const MARKER = 'BODY-TEXT-THAT-MUST-NOT-BE-LOGGED';
  let sandbox: Sandbox;
  let oauth: Server;
  let oauthBase: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ quiet: true, owners: 1, locks: 1, seed: 'log-file' });
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
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => oauth.close(() => resolve()));
  });

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
    sandbox.faults.add({
      target: 'api',
      kind: 'status',
      status: 404,
      body: { errorCode: 'NotFound', message: `${MARKER} in a Tapkey error` },
      times: 1,
    });
    await api.listOwnerAccounts().catch(() => {});
    sandbox.faults.add({
      target: 'api',
      kind: 'status',
      status: 400,
      body: { errorCode: `${MARKER} as a code`, message: 'x' },
      times: 1,
    });
    await api.listOwnerAccounts().catch(() => {});
    sandbox.faults.add({ target: 'api', kind: 'malformed-json', times: 1 });
    await api.listOwnerAccounts().catch(() => {});

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
