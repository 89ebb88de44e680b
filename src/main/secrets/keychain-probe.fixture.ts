// Run in a child process by keytar-keychain.integration.test.ts, so it can face a keychain environment (no D-Bus, a locked
// collection) that the test process itself cannot switch to. Prints one JSON line with each call's outcome.
import { KeychainError } from './keychain';
import { createKeytarKeychain } from './keytar-keychain';

const kc = createKeytarKeychain({
  service: process.argv[2] ?? 'tapkey-locks-probe',
  timeoutMs: 5_000,
});
const out: Record<string, unknown> = {};
for (const [name, fn] of [
  ['get', () => kc.get('session')],
  ['set', () => kc.set('session', 'x'.repeat(5_000))],
  ['delete', () => kc.delete('session')],
] as const) {
  const t0 = Date.now();
  try {
    out[name] = { ok: true, value: await fn(), ms: Date.now() - t0 };
  } catch (e) {
    out[name] = {
      ok: false,
      problem: e instanceof KeychainError ? e.problem : 'other',
      message: String(e),
      ms: Date.now() - t0,
    };
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
