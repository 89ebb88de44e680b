import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import keytar from 'keytar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manifestFor, splitUtf8 } from './chunking';
import { KeychainError, type KeychainProblem } from './keychain';
import { lockedKeyringScript } from './locked-keyring.fixture';
import { classifyKeytarError, createKeytarKeychain, type KeytarApi } from './keytar-keychain';
import { runJsonChild } from './json-child.fixture';

const probe = path.join(import.meta.dirname, 'keychain-probe.fixture.ts');
const WINDOWS_LIMIT = 2_560;

interface ProbeResult {
  get: { ok: boolean; value?: unknown; problem?: string; ms: number };
  set: { ok: boolean; problem?: string; ms: number };
  delete: { ok: boolean; problem?: string; ms: number };
}

const runProbe = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
  runJsonChild<ProbeResult>(command, args, env);

const tsxNode = ['--import', 'tsx', probe];

// These run against the real Secret Service that `npm test` starts (a private D-Bus + gnome-keyring).
describe('keytar keychain against a real Secret Service', () => {
  const service = `tapkey-locks-test-${randomUUID()}`;
  afterEach(async () => {
    for (const account of [
      'session',
      'session#part1',
      'session#part2',
      'session#part3',
      'session#part4',
      'session#part5',
      'session#part6',
    ]) {
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
    const big = JSON.stringify({
      refreshToken: 'r'.repeat(6_000),
      note: 'Schlüssel 🔑'.repeat(50),
    });
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
      const r = await runProbe('dbus-run-session', ['--', 'sh', '-c', script], {
        XDG_DATA_HOME: dataHome,
      });
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
    const hanging: KeytarApi = {
      getPassword: () => never,
      setPassword: () => never,
      deletePassword: () => never,
    };
    const kc = createKeytarKeychain({ service: 'x', load: async () => hanging, timeoutMs: 150 });
    const t0 = Date.now();
    const err = await kc.get('session').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainError);
    expect((err as KeychainError).problem).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('reports a keytar that cannot load as unavailable', async () => {
    const kc = createKeytarKeychain({
      service: 'x',
      load: () => Promise.reject(new Error('Cannot find module keytar.node')),
    });
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

// The adapter's own logic (splitting, stale parts, checksums, error mapping) against an in-memory stand-in for
// keytar that records every call; the real Secret Service runs above.
function memoryKeytar() {
  const store = new Map<string, string>();
  const calls: string[] = [];
  const fail: { on?: string; error?: unknown } = {};
  const api: KeytarApi = {
    getPassword: async (service, account) => {
      calls.push(`get ${account}`);
      if (fail.on === `get ${account}`) throw fail.error;
      return store.get(`${service}/${account}`) ?? null;
    },
    setPassword: async (service, account, password) => {
      calls.push(`set ${account}`);
      if (fail.on === `set ${account}`) throw fail.error;
      store.set(`${service}/${account}`, password);
    },
    deletePassword: async (service, account) => {
      calls.push(`delete ${account}`);
      if (fail.on === `delete ${account}`) throw fail.error;
      return store.delete(`${service}/${account}`);
    },
  };
  const accounts = () => [...store.keys()].map((k) => k.slice('svc/'.length)).sort();
  return { api, store, calls, fail, accounts };
}

/** Awaits a keychain call that must fail as `problem`, with `message`. */
async function expectProblem(call: Promise<unknown>, problem: KeychainProblem, message: string) {
  expect(await call.catch((e: unknown) => e)).toMatchObject({ problem, message });
}

describe('keytar keychain adapter', () => {
  /** The adapter (4-byte parts) over a fresh in-memory keytar `m`. */
  const adapter = () => {
    const m = memoryKeytar();
    return {
      m,
      kc: createKeytarKeychain({ service: 'svc', load: async () => m.api, maxPartBytes: 4 }),
    };
  };

  it('describes itself with its service', () => {
    expect(createKeytarKeychain({ service: 'Tapkey Locks' }).description).toBe(
      'OS keychain (keytar, service "Tapkey Locks")',
    );
  });

  it('stores a small value as is, and reads null when there is none', async () => {
    const { m, kc } = adapter();
    expect(await kc.get('session')).toBeNull();
    await kc.set('session', 'abcd');
    expect(m.accounts()).toEqual(['session']);
    expect(await kc.get('session')).toBe('abcd');
  });

  it('writes the parts before the manifest, and removes the parts a shorter value no longer needs', async () => {
    const { m, kc } = adapter();
    await kc.set('session', 'abcdefghij');
    expect(m.calls.filter((c) => c.startsWith('set'))).toEqual([
      'set session#part1',
      'set session#part2',
      'set session#part3',
      'set session',
    ]);
    expect(m.store.get('svc/session')).toBe(manifestFor('abcdefghij', 3));
    expect(m.store.get('svc/session#part3')).toBe('ij');
    expect(await kc.get('session')).toBe('abcdefghij');
    await kc.set('session', 'abcdef');
    expect(m.accounts()).toEqual(['session', 'session#part1', 'session#part2']);
    expect(await kc.get('session')).toBe('abcdef');
    await kc.set('session', 'ab');
    expect(m.accounts()).toEqual(['session']);
    expect(await kc.get('session')).toBe('ab');
  });

  it('splits a small value that looks like a manifest, so it reads back as itself', async () => {
    const { kc } = adapter();
    const tricky = manifestFor('other', 1);
    await kc.set('session', tricky);
    expect(await kc.get('session')).toBe(tricky);
  });

  it('deletes the value and all its parts, and a plain value alone', async () => {
    const { m, kc } = adapter();
    await kc.set('session', 'abcdefghij');
    await kc.set('other', 'x');
    await kc.delete('session');
    expect(m.accounts()).toEqual(['other']);
    m.calls.length = 0;
    await kc.delete('other');
    expect(m.calls).toEqual(['get other', 'delete other']);
    await kc.delete('absent');
  });

  it('names the missing part, and refuses parts that do not match their checksum', async () => {
    const { m, kc } = adapter();
    await kc.set('session', 'abcdefghij');
    m.store.delete('svc/session#part2');
    await expectProblem(kc.get('session'), 'corrupt', 'keychain entry part 2 of 3 is missing');
    m.store.set('svc/session#part2', 'EFGH');
    await expectProblem(
      kc.get('session'),
      'corrupt',
      'keychain entry parts do not match their checksum',
    );
  });

  it('still writes and deletes when the old value cannot be read', async () => {
    const { m, kc } = adapter();
    Object.assign(m.fail, { on: 'get session', error: new Error('No such interface') });
    await kc.set('session', 'ab');
    await kc.delete('session');
    expect(m.accounts()).toEqual([]);
  });

  it('maps keytar failures to a problem, naming the operation, and keeps the cause', async () => {
    const { m, kc } = adapter();
    const cause = new Error('Cannot create an item in a locked collection');
    Object.assign(m.fail, { on: 'set session', error: cause });
    const e = await kc.set('session', 'ab').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(KeychainError);
    expect(e).toMatchObject({
      problem: 'locked',
      message: 'keychain write failed: Cannot create an item in a locked collection',
      cause,
    });
    Object.assign(m.fail, { on: 'get session', error: 'plain string failure' });
    await expectProblem(
      kc.get('session'),
      'unavailable',
      'keychain read failed: plain string failure',
    );
    Object.assign(m.fail, {
      on: 'delete session',
      error: new KeychainError('denied', 'already mapped'),
    });
    await expectProblem(kc.delete('session'), 'denied', 'already mapped');
  });

  it('names the operation that failed: a part read, a part write, the manifest write, a delete', async () => {
    const { m, kc } = adapter();
    await kc.set('session', 'abcdefghij');
    const failWith = async (on: string, run: () => Promise<unknown>) => {
      Object.assign(m.fail, { on, error: new Error('boom') });
      const e = await run().catch((err: unknown) => err);
      Object.assign(m.fail, { on: undefined });
      return (e as Error).message;
    };
    expect(await failWith('get session#part2', () => kc.get('session'))).toBe(
      'keychain read failed: boom',
    );
    expect(await failWith('set session#part1', () => kc.set('session', 'klmnopqrst'))).toBe(
      'keychain write failed: boom',
    );
    expect(await failWith('set session', () => kc.set('session', 'klmnopqrst'))).toBe(
      'keychain write failed: boom',
    );
    expect(await failWith('delete session#part3', () => kc.set('session', 'abcd'))).toBe(
      'keychain delete failed: boom',
    );
    await kc.set('session', 'abcdefghij');
    expect(await failWith('delete session', () => kc.delete('session'))).toBe(
      'keychain delete failed: boom',
    );
  });

  it('leaves no timer behind once a call is answered, so a command line process can exit at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { kc } = adapter();
      await kc.set('session', 'abcdefghij');
      expect(await kc.get('session')).toBe('abcdefghij');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the operation that timed out', async () => {
    const never = new Promise<never>(() => {});
    const kc = createKeytarKeychain({
      service: 'x',
      load: async () => ({
        getPassword: () => never,
        setPassword: () => never,
        deletePassword: () => never,
      }),
      timeoutMs: 50,
    });
    await expectProblem(kc.get('a'), 'timeout', 'keychain read timed out after 50 ms');
    // A write first reads the old value (to find stale parts); that read timing out does not stop the write.
    await expectProblem(kc.set('a', 'b'), 'timeout', 'keychain write timed out after 50 ms');
  });

  it('loads keytar once, and reports a load failure for every call', async () => {
    const m = memoryKeytar();
    let loads = 0;
    const kc = createKeytarKeychain({ service: 'svc', load: async () => (loads++, m.api) });
    await kc.set('a', 'b');
    await kc.get('a');
    expect(loads).toBe(1);
  });

  // libsecret, Keychain Services and Credential Manager say the same few things in their own words.
  it.each([
    ['Cannot create an item in a LOCKED collection', 'locked'],
    ['User canceled the operation.', 'denied'],
    ['The user name or passphrase you entered is not correct. Access DENIED', 'denied'],
    ['Prompt dismissed', 'denied'],
    ['Not allowed', 'denied'],
    ['User interaction is not allowed.', 'denied'],
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'unavailable'],
  ])('classifies %j as %s', (message, kind) => {
    expect(classifyKeytarError(message)).toBe(kind);
  });
});
