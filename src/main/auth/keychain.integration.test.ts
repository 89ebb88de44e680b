// The session's behaviour when the keychain is absent, locked or holds a corrupt entry. Absent and locked run
// the real flow in a child process whose D-Bus environment is set up for it; corrupt uses the real keyring here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import keytar from 'keytar';
import { describe, expect, it } from 'vitest';
import { useRealCores } from '../../../test/support/use-real-cores';
import type { AuthState } from '../../shared/model';
import { parseStoredSession, SESSION_ACCOUNT } from './stored-session';
import { lockedKeyringScript } from '../secrets/locked-keyring.fixture';
import { runJsonChild } from '../secrets/json-child.fixture';
import { withSandbox } from '../../../test/support/sandbox';

const fixture = path.join(import.meta.dirname, 'keychain-sign-in.fixture.ts');

interface FixtureResult {
  signedIn: AuthState;
  apiStatus: number;
  stored: { ok: boolean; value?: string | null; problem?: string };
  afterRestart: AuthState;
  tokenInLog: boolean;
  log: string[];
}

const runFixture = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
  runJsonChild<FixtureResult>(command, args, env);
const tsx = ['--import', 'tsx', fixture];

describe('when the keychain cannot be used', () => {
  it('without a Secret Service (DBUS_SESSION_BUS_ADDRESS=disabled:): signs in for this run, says it will not be remembered, stores nothing', async () => {
    const r = await runFixture(process.execPath, tsx, { DBUS_SESSION_BUS_ADDRESS: 'disabled:' });
    expect(r.signedIn).toEqual({
      status: 'signed-in',
      remembered: false,
      notice:
        'No system keychain is available, so this sign-in will not be remembered after you quit.',
    });
    expect(r.apiStatus).toBe(200);
    expect(r.stored).toMatchObject({ ok: false, problem: 'unavailable' });
    expect(r.afterRestart).toMatchObject({
      status: 'signed-out',
      reason: expect.stringMatching(/keychain/),
    });
    expect(r.tokenInLog).toBe(false);
  }, 60_000);

  it('with a locked keychain: signs in for this run and says the keychain is locked, without hanging', async () => {
    const dataHome = mkdtempSync(path.join(tmpdir(), 'tapkey-locked-'));
    try {
      const script = lockedKeyringScript([process.execPath, ...tsx]);
      const t0 = Date.now();
      const r = await runFixture('dbus-run-session', ['--', 'sh', '-c', script], {
        XDG_DATA_HOME: dataHome,
      });
      expect(r.signedIn, JSON.stringify(r)).toMatchObject({
        status: 'signed-in',
        remembered: false,
        notice: expect.stringMatching(/locked/),
      });
      expect(r.apiStatus).toBe(200);
      // Nothing could be written, so the next run starts signed out.
      expect(r.stored).toEqual({ ok: true, value: null });
      expect(r.afterRestart.status).toBe('signed-out');
      expect(r.tokenInLog).toBe(false);
      expect(Date.now() - t0).toBeLessThan(30_000);
    } finally {
      rmSync(dataHome, { recursive: true, force: true });
    }
  }, 60_000);
});

// Against the real Secret Service that `npm test` provides.
describe('the stored sign-in in the real keychain', () => {
  const { sandbox, start } = useRealCores();

  for (const [name, write] of [
    [
      'unreadable JSON',
      (service: string) => keytar.setPassword(service, SESSION_ACCOUNT, '{"v":1,"refreshT'),
    ],
    [
      'a split entry with a missing part',
      (service: string) =>
        keytar.setPassword(service, SESSION_ACCOUNT, `tkchunks:v1:3:${'0'.repeat(64)}`),
    ],
  ] as const) {
    it(`treats ${name} as signed out, removes it, and replaces it at the next sign-in`, async () => {
      const rc = await start();
      await write(rc.keychainService);
      await rc.core.start();
      expect(rc.core.session.state).toEqual({ status: 'signed-out' });
      expect(await keytar.getPassword(rc.keychainService, SESSION_ACCOUNT)).toBeNull();
      expect(rc.log.text()).toMatch(/corrupt|unreadable/);

      expect(await rc.signIn('alice')).toEqual({ status: 'signed-in', remembered: true });
      expect(parseStoredSession((await rc.keychain.get(SESSION_ACCOUNT))!)).toMatchObject({
        issuer: sandbox.issuer,
      });
    });
  }

  it('leaves alone, and never uses, a stored sign-in that belongs to another server or client', async () => {
    const rc = await start();
    await rc.signIn('alice');
    await rc.core.dispose();
    const entry = await keytar.getPassword(rc.keychainService, SESSION_ACCOUNT);
    await withSandbox({}, async (other) => {
      const next = await start({ sandbox: other, keychainService: rc.keychainService });
      const refreshes = other.stats.tokenRequests('refresh_token');
      await next.core.start();
      expect(next.core.session.state).toEqual({ status: 'signed-out' });
      // The old server's refresh token was never sent to the new server.
      expect(other.stats.tokenRequests('refresh_token')).toBe(refreshes);
      // Not ours to delete: another process (or the CLI with other flags) may be using it.
      expect(await keytar.getPassword(rc.keychainService, SESSION_ACCOUNT)).toBe(entry);
      expect(next.core.session.storedElsewhere).toEqual({
        issuer: sandbox.issuer,
        clientId: sandbox.clientId,
        apiBaseUrl: sandbox.apiBaseUrl,
      });
    });
  });

  it('signs out when the server, client or API changes in Settings, but not when only the sign-in mode changes', async () => {
    const rc = await start();
    await rc.signIn('alice');
    const settings = await rc.core.handlers['settings:get']();
    await rc.core.handlers['settings:set']({ ...settings, signInMode: 'system-browser' });
    expect(rc.core.session.state.status).toBe('signed-in');

    const revocations = sandbox.stats.revocations();
    const saved = await rc.core.handlers['settings:set']({
      ...settings,
      clientId: 'another-client',
    });
    expect(saved.clientId).toBe('another-client');
    expect(rc.core.session.state).toEqual({ status: 'signed-out' });
    expect(sandbox.stats.revocations()).toBe(revocations + 1);
    expect(await rc.keychain.get(SESSION_ACCOUNT)).toBeNull();
    expect(await rc.core.handlers['app:get-info']()).toMatchObject({
      issuer: sandbox.issuer,
      sandbox: true,
    });
    await expect(
      rc.core.handlers['settings:set']({ ...settings, issuer: 'http://login.example' }),
    ).rejects.toMatchObject({
      code: 'invalid-settings',
    });
  });
});
