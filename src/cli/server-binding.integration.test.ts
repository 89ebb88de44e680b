// A sign-in is bound to the servers it was made with: its tokens go to the stored API base URL only, and a CLI
// told to use other servers says so, exits non-zero, sends nothing anywhere and leaves the sign-in alone.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeHeadlessSignIn } from '../../test/support/stored-sign-in';
import { testSessionFiles } from '../../test/support/test-session-files';
import { createAppCore } from '../main/app-core';
import { SESSION_ACCOUNT } from '../main/auth/stored-session';
import { silentLogger } from '../main/log';
import { createKeytarKeychain } from '../main/secrets/keytar-keychain';
import { sandboxSettings } from '../../test/support/sandbox-settings';
import { useSandbox } from '../../test/support/sandbox';
import { runCli } from '../../test/support/cli-process';

const service = `tapkey-locks-binding-test-${randomUUID()}`;
const keychain = createKeytarKeychain({ service });
const sandbox = useSandbox({ owners: 2, locks: 1, seed: 'binding' });
let other: Server;
let otherUrl: string;
const otherRequests: string[] = [];
let entry: string | null;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(sandbox, service, args, env);

beforeAll(async () => {
  // Another server that records whatever reaches it (it must be nothing).
  other = createServer((req, res) => {
    otherRequests.push(
      `${req.method} ${req.url} ${req.headers.authorization ? 'with authorization' : ''}`,
    );
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  const alice = sandbox.users[0]!;
  await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password);
  entry = await keychain.get(SESSION_ACCOUNT);
}, 60_000);

afterAll(async () => {
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
  await new Promise<void>((resolve) => other?.close(() => resolve()));
});

describe('a stored sign-in used with other servers', () => {
  const cases: Array<[string, string[], NodeJS.ProcessEnv, () => string]> = [
    [
      '--api-base-url',
      ['owners', '--json', '--api-base-url', 'OTHER/api/v1/'],
      {},
      () =>
        `${sandbox.issuer} (API ${sandbox.apiBaseUrl}); run \`tapkey-locks login\` to use ${sandbox.issuer} (API ${otherUrl}/api/v1/)`,
    ],
    [
      'TAPKEY_API_BASE_URL',
      ['locks', '--json'],
      { TAPKEY_API_BASE_URL: 'OTHER/api/v1/' },
      () =>
        `${sandbox.issuer} (API ${sandbox.apiBaseUrl}); run \`tapkey-locks login\` to use ${sandbox.issuer} (API ${otherUrl}/api/v1/)`,
    ],
    [
      '--issuer',
      ['owners', '--issuer', 'OTHER', '--api-base-url', 'OTHER/api/v1/'],
      {},
      () =>
        `${sandbox.issuer} (API ${sandbox.apiBaseUrl}); run \`tapkey-locks login\` to use ${otherUrl} (API ${otherUrl}/api/v1/)`,
    ],
    [
      '--client-id',
      ['status', '--client-id', 'another-client'],
      {},
      () =>
        `${sandbox.issuer} (client ${sandbox.clientId}); run \`tapkey-locks login\` to use ${sandbox.issuer} (client another-client)`,
    ],
    [
      'logout with --api-base-url',
      ['logout', '--api-base-url', 'OTHER/api/v1/'],
      {},
      () =>
        `${sandbox.issuer} (API ${sandbox.apiBaseUrl}); run \`tapkey-locks login\` to use ${sandbox.issuer} (API ${otherUrl}/api/v1/)`,
    ],
  ];
  for (const [name, args, env, message] of cases) {
    it(`${name}: says where it is signed in, exits non-zero, sends nothing, and keeps the sign-in`, async () => {
      sandbox.stats.reset();
      const withOther = (v: string) => v.replace('OTHER', otherUrl);
      const r = await cli(
        args.map(withOther),
        Object.fromEntries(Object.entries(env).map(([k, v]) => [k, withOther(v ?? '')])),
      );
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr: `tapkey-locks: signed in to ${message()}\n`,
      });
      expect(otherRequests).toEqual([]);
      expect(sandbox.stats.tokenRequests()).toBe(0);
      expect(sandbox.stats.apiRequests()).toBe(0);
      expect(sandbox.stats.revocations()).toBe(0);
      expect(await keychain.get(SESSION_ACCOUNT)).toBe(entry);
    });
  }

  it('with its own servers the same sign-in works (and still needs no token request)', async () => {
    sandbox.stats.reset();
    const r = await cli(['owners', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).accounts).toHaveLength(2);
    expect(sandbox.stats.tokenRequests()).toBe(0);
  });

  it('in the app, a token goes to the API stored with the sign-in even when the settings change underneath', async () => {
    const settings = sandboxSettings(sandbox);
    const core = createAppCore({
      appInfo: { name: 'Tapkey Locks', version: '0' },
      log: silentLogger,
      settings,
      keychain,
      sessionFiles: testSessionFiles(service),
    });
    try {
      await core.start();
      expect(core.session.state.status).toBe('signed-in');
      // As an edited settings.json read behind the session's back would (the Settings screen signs out instead).
      await settings.set({ ...settings.get(), apiBaseUrl: `${otherUrl}/api/v1/` });
      sandbox.stats.reset();
      const list = await core.handlers['tapkey:list-owner-accounts']();
      expect(list.accounts).toHaveLength(2);
      // The page and the request that proves the list's end, both to the stored API.
      expect(sandbox.stats.apiRequests(/\/Owners/)).toBe(2);
      expect(otherRequests).toEqual([]);
    } finally {
      await core.dispose();
    }
  });
});
