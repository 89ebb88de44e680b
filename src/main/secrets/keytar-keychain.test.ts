import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { splitUtf8 } from './chunking';
import { KeychainError } from './keychain';
import { lockedKeyringScript } from './locked-keyring.fixture';
import { createKeytarKeychain, type KeytarApi } from './keytar-keychain';
import { runJsonChild } from './json-child.fixture';

const probe = path.join(import.meta.dirname, 'keychain-probe.fixture.ts');
const WINDOWS_LIMIT = 2_560;

interface ProbeResult {
  get: { ok: boolean; value?: unknown; problem?: string; ms: number };
  set: { ok: boolean; problem?: string; ms: number };
  delete: { ok: boolean; problem?: string; ms: number };
}

const runProbe = (command: string, args: string[], env: NodeJS.ProcessEnv) => runJsonChild<ProbeResult>(command, args, env);

const tsxNode = ['--import', 'tsx', probe];

// These run against the real Secret Service that `npm test` starts (a private D-Bus + gnome-keyring).
describe('keytar keychain against a real Secret Service', () => {
  const service = `tapkey-locks-test-${randomUUID()}`;
  afterEach(async () => {
    for (const account of ['session', 'session#part1', 'session#part2', 'session#part3', 'session#part4', 'session#part5', 'session#part6']) {
      await keytar.deletePassword(service, account);
    }
  });

  it('round-trips a small value in one credential', async () => {
    const kc = createKeytarKeychain({ service });
    await kc.set('session', '{"v":1}');
    expect(await kc.get('session')).toBe('{"v":1}');
    expect(await keytar.getPassword(service, 'session#part1')).toBeNull();
  });

  it('splits values above the Windows 2,560-byte limit and joins them back exactly, multi-byte text included', async () => {
    const kc = createKeytarKeychain({ service });
    const big = JSON.stringify({ refreshToken: 'r'.repeat(6_000), note: 'Schlüssel 🔑'.repeat(50) });
    await kc.set('session', big);
    expect(await kc.get('session')).toBe(big);
    const manifest = await keytar.getPassword(service, 'session');
    expect(manifest).toMatch(/^tkchunks:v1:\d+:/);
    for (let i = 1; ; i++) {
      const part = await keytar.getPassword(service, `session#part${i}`);
      if (part === null) break;
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(WINDOWS_LIMIT);
    }
    // Shrinking the value removes the stale parts; deleting removes everything.
    await kc.set('session', 'small');
    expect(await kc.get('session')).toBe('small');
    expect(await keytar.getPassword(service, 'session#part1')).toBeNull();
    await kc.set('session', big);
    await kc.delete('session');
    expect(await kc.get('session')).toBeNull();
    expect(await keytar.getPassword(service, 'session#part1')).toBeNull();
  });

  it('reports a tampered or incomplete split entry as corrupt instead of returning garbage', async () => {
    const kc = createKeytarKeychain({ service });
    await kc.set('session', 'z'.repeat(5_000));
    await keytar.setPassword(service, 'session#part2', 'tampered');
    await expect(kc.get('session')).rejects.toMatchObject({ problem: 'corrupt' });
    await keytar.deletePassword(service, 'session#part2');
    await expect(kc.get('session')).rejects.toMatchObject({ problem: 'corrupt' });
  });
});

describe('keytar keychain when the keychain cannot be used', () => {
  it('fails fast as "unavailable" when there is no Secret Service (DBUS_SESSION_BUS_ADDRESS=disabled:)', async () => {
    const r = await runProbe(process.execPath, tsxNode, { DBUS_SESSION_BUS_ADDRESS: 'disabled:' });
    expect(r.get).toMatchObject({ ok: false, problem: 'unavailable' });
    expect(r.set).toMatchObject({ ok: false, problem: 'unavailable' });
    expect(r.delete).toMatchObject({ ok: false, problem: 'unavailable' });
    for (const step of [r.get, r.set, r.delete]) expect(step.ms).toBeLessThan(2_000);
  });

  it('fails fast as "locked" on a locked collection and never hangs on the unlock prompt', async () => {
    const dataHome = mkdtempSync(path.join(tmpdir(), 'tapkey-locked-keyring-'));
    try {
      const script = lockedKeyringScript([process.execPath, ...tsxNode]);
      const r = await runProbe('dbus-run-session', ['--', 'sh', '-c', script], { XDG_DATA_HOME: dataHome });
      expect(r.set, JSON.stringify(r)).toMatchObject({ ok: false, problem: 'locked' });
      // libsecret cannot tell "locked" from "absent" on read: the app then treats the user as signed out.
      expect(r.get).toMatchObject({ ok: true, value: null });
      for (const step of [r.get, r.set, r.delete]) expect(step.ms).toBeLessThan(3_000);
    } finally {
      rmSync(dataHome, { recursive: true, force: true });
    }
  });

  it('gives up after its timeout when the keychain never answers', async () => {
    const never = new Promise<never>(() => {});
    const hanging: KeytarApi = { getPassword: () => never, setPassword: () => never, deletePassword: () => never };
    const kc = createKeytarKeychain({ service: 'x', load: async () => hanging, timeoutMs: 150 });
    const t0 = Date.now();
    const err = await kc.get('session').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainError);
    expect((err as KeychainError).problem).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('reports a keytar that cannot load as unavailable', async () => {
    const kc = createKeytarKeychain({ service: 'x', load: () => Promise.reject(new Error('Cannot find module keytar.node')) });
    await expect(kc.set('a', 'b')).rejects.toMatchObject({ problem: 'unavailable' });
  });
});

describe('splitting', () => {
  it('never cuts a multi-byte character and keeps parts within the byte limit', () => {
    const value = 'aé🔑'.repeat(1_000);
    const parts = splitUtf8(value, 100);
    expect(parts.join('')).toBe(value);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(100);
  });
});
