// Run as its own process with --expose-gc: signs in through the real core (its session, settings and IPC
// handlers, the sandbox in another process), loads every account's locks as the renderer asks for them,
// holds the results and reports the heap they take after a full collection.
import type { BoundLocksPage } from '../src/shared/model';
import { createAppCore } from '../src/main/app-core';
import type { UserAgent } from '../src/main/auth/user-agent';
import { createLogger } from '../src/main/log';
import { sandboxSettings } from '../test/support/sandbox-settings';
import { followSignInPages } from '../sandbox/http-sign-in';
import { startSandboxProcess } from './sandbox-process';

const [owners, locks] = process.argv.slice(2).map(Number) as [number, number];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const sandbox = await startSandboxProcess({ owners, locks, seed: 'bench' });
try {
  const user = sandbox.users[0]!;
  // The sign-in pages walked over plain HTTP instead of a window: the core cannot tell the difference.
  const agent: UserAgent = {
    mode: 'embedded',
    authorize: async (request) =>
      (
        await followSignInPages(request.url, {
          issuer: sandbox.issuer,
          redirectUri: request.redirectUri,
          username: user.username,
          password: user.password,
        })
      ).href,
  };
  const core = createAppCore({
    appInfo: { name: 'Tapkey Locks bench', version: '0' },
    log: createLogger(() => {}),
    settings: sandboxSettings(sandbox),
    userAgents: { embedded: agent },
  });
  const h = core.handlers;
  const state = await h['auth:sign-in']();
  if (state.status !== 'signed-in') throw new Error(`sign-in ended in ${JSON.stringify(state)}`);
  gc();
  const before = process.memoryUsage().heapUsed;
  const held: BoundLocksPage[] = [];
  const { accounts } = await h['tapkey:list-owner-accounts']();
  await Promise.all(
    accounts.map((a, i) =>
      h['tapkey:list-bound-locks'](a.id, i === 0 ? { priority: true } : undefined).then((page) =>
        held.push(page),
      ),
    ),
  );
  gc();
  const after = process.memoryUsage().heapUsed;
  const count = held.reduce((n, p) => n + p.locks.length, 0);
  if (count !== owners * locks) throw new Error(`held ${count} locks, expected ${owners * locks}`);
  process.stdout.write(
    JSON.stringify({
      owners,
      locksPerOwner: locks,
      locks: count,
      heapMB: Math.round(((after - before) / 2 ** 20) * 10) / 10,
      totalHeapMB: Math.round((after / 2 ** 20) * 10) / 10,
      bytesPerLock: Math.round((after - before) / count),
    }) + '\n',
  );
  await core.dispose();
} finally {
  await sandbox.close();
}
