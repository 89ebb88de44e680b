// Run as its own process with --expose-gc: signs in, loads every account's locks, holds them, reports heap.
import type { BoundLocksPage } from '../src/shared/model';
import { signedInClient, startSandboxProcess } from './sandbox-process';

const [owners, locks] = process.argv.slice(2).map(Number) as [number, number];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const sandbox = await startSandboxProcess(['--owners', String(owners), '--locks', String(locks), '--seed', 'bench']);
try {
  const { client } = await signedInClient(sandbox);
  gc();
  const before = process.memoryUsage().heapUsed;
  const held: BoundLocksPage[] = [];
  const { accounts } = await client.listOwnerAccounts();
  await client.listAllBoundLocks(accounts, (_id, r) => {
    if (!r.ok) throw r.error;
    held.push(r.page);
  });
  gc();
  const after = process.memoryUsage().heapUsed;
  const count = held.reduce((n, p) => n + p.locks.length, 0);
  process.stdout.write(JSON.stringify({ owners, locksPerOwner: locks, locks: count, heapMB: Math.round(((after - before) / 2 ** 20) * 10) / 10, totalHeapMB: Math.round((after / 2 ** 20) * 10) / 10 }) + '\n');
} finally {
  await sandbox.close();
}
