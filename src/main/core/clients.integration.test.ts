// The clients of the core are built from the sign-in's own servers, never from the settings, and live for one
// sign-in. Real parts: the sandbox (as Tapkey), the OS keychain (gnome-keyring under `npm test`) holding a real
// sign-in, the whole core through its handlers and the CLI's facade; a second, recording server stands for an API
// the settings point at but the sign-in does not belong to.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storeHeadlessSignIn } from '../../../test/support/stored-sign-in';
import { ACCESS_SCOPES, DEFAULT_SCOPES } from '../../shared/scopes';
import { createAppCore, type AppCore } from '../app-core';
import { SESSION_ACCOUNT } from '../auth/stored-session';
import { createDispatcher } from '../ipc/dispatcher';
import { silentLogger } from '../log';
import { startLocalServer, type LocalServer } from '../tapkey/http/local-server.fixture';
import { CANCELLED_BY_SIGN_OUT } from '../messages';
import { createKeytarKeychain } from '../secrets/keytar-keychain';
import { type SettingsStore } from '../settings/settings-store';
import { sandboxSettings } from '../../../test/support/sandbox-settings';
import { useSandbox } from '../../../test/support/sandbox';

const sandbox = useSandbox({ owners: 1, locks: 2, grants: 6, logEntries: 20, seed: 'clients' });
let elsewhere: LocalServer;
let elsewhereApi: string;
const elsewhereRequests: string[] = [];
const keychain = createKeytarKeychain({ service: `tapkey-locks-clients-test-${randomUUID()}` });
const cores: AppCore[] = [];

beforeAll(async () => {
  elsewhere = await startLocalServer((req, res) => {
    elsewhereRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  elsewhereApi = `${elsewhere.origin}/api/v1/`;
});
afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose();
  await keychain.delete(SESSION_ACCOUNT).catch(() => {});
  sandbox.faults.setLatency(0);
  sandbox.stats.reset();
  elsewhereRequests.length = 0;
});
afterAll(async () => {
  await elsewhere.close();
});

/** Alice's sign-in with the access scopes, stored in the keychain as the app stores it. */
async function storeSignIn(): Promise<void> {
  const alice = sandbox.users[0]!;
  const scope = [...DEFAULT_SCOPES, ...ACCESS_SCOPES].join(' ');
  await storeHeadlessSignIn(keychain, sandbox, alice.username, alice.password, scope);
}

/** A core over the sandbox's servers, resumed from the keychain. */
async function startCore(): Promise<{ core: AppCore; settings: SettingsStore }> {
  const settings = sandboxSettings(sandbox, { accessData: true });
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks', version: '0.0.0-test' },
    log: silentLogger,
    settings,
    keychain,
    tapkey: { http: { maxAttempts: 1 } },
  });
  cores.push(core);
  await core.start();
  expect(core.session.state.status).toBe('signed-in');
  return { core, settings };
}

const owner = () => sandbox.users[0]!.ownerAccountIds[0]!;
const lock = () => sandbox.data.boundLocks(owner())[0]!.id;
const drain = async (items: AsyncIterable<unknown>) => {
  for await (const _ of items) {
    // Only the requests matter.
  }
};

describe('clients for the session', () => {
  it('send every request to the sign-in’s API, even after the settings name another without a server change being noticed', async () => {
    await storeSignIn();
    const { core, settings } = await startCore();
    // Written to the store directly, past the handler that would sign out on a server change.
    await settings.set({ ...settings.get(), apiBaseUrl: elsewhereApi });
    expect(settings.get().apiBaseUrl).toBe(elsewhereApi);

    const h = core.handlers;
    expect((await h['tapkey:list-owner-accounts']()).accounts.map((a) => a.id)).toEqual([owner()]);
    expect((await h['tapkey:list-bound-locks'](owner())).locks).toHaveLength(2);
    expect((await h['tapkey:get-bound-lock'](owner(), lock())).id).toBe(lock());
    await h['access:list-grants'](owner(), lock());
    await h['access:list-log-entries'](owner(), lock(), {});
    await core.commands.listGrants(owner());
    await drain(core.commands.streamLogEntries(owner(), lock(), {}));

    expect(elsewhereRequests).toEqual([]);
    // Every call reached the sign-in's API (how many requests each takes is the request layer's business).
    for (const path of [/\/Owners\?/, /\/BoundLocks\?/, /\/Grants\?/, /\/LogEntries\?/])
      expect(sandbox.stats.apiRequests(path), String(path)).toBeGreaterThan(0);
  });

  it('forget what they cached (contact and card names) when the sign-in ends', async () => {
    await storeSignIn();
    const { core } = await startCore();
    // Log entries name people by id only: their names are read once and kept (grants embed theirs).
    await core.handlers['access:list-log-entries'](owner(), lock(), {});
    const looked = sandbox.stats.apiRequests(/\/(Contacts|BoundCards)\?/);
    expect(looked).toBeGreaterThan(0);
    await core.handlers['access:list-log-entries'](owner(), lock(), {});
    expect(sandbox.stats.apiRequests(/\/(Contacts|BoundCards)\?/)).toBe(looked);

    await core.handlers['auth:sign-out']();
    await storeSignIn();
    await core.start();
    expect(core.session.state.status).toBe('signed-in');
    await core.handlers['access:list-log-entries'](owner(), lock(), {});
    expect(sandbox.stats.apiRequests(/\/(Contacts|BoundCards)\?/)).toBeGreaterThan(looked);
  });

  it('a sign-out cancels a call in flight, through the same guard for the window and the command line', async () => {
    await storeSignIn();
    const { core } = await startCore();
    const dispatch = createDispatcher(core.handlers, silentLogger);
    sandbox.faults.setLatency(1_000);
    const fromWindow = dispatch('tapkey:list-bound-locks', [owner()]);
    const fromCli = core.commands.listGrants(owner()).then(
      () => null,
      (e: unknown) => e,
    );
    while (sandbox.stats.apiRequests() < 2) await new Promise((r) => setTimeout(r, 10));
    await core.handlers['auth:sign-out']();
    expect(await fromWindow).toEqual({
      ok: false,
      error: { code: 'cancelled', message: CANCELLED_BY_SIGN_OUT },
    });
    expect(await fromCli).toMatchObject({ code: 'cancelled', message: CANCELLED_BY_SIGN_OUT });
  });

  it('without a sign-in there is no client to ask', async () => {
    const c = createAppCore({ appInfo: { name: 'Tapkey Locks', version: '0' }, log: silentLogger });
    cores.push(c);
    await expect(c.handlers['tapkey:list-owner-accounts']()).rejects.toMatchObject({
      code: 'not-signed-in',
    });
    await expect(c.commands.listGrants('o1')).rejects.toMatchObject({
      code: 'not-signed-in',
    });
  });
});
