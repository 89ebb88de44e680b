// The real keychain (a private Secret Service under the test runners) as a test needs it to misbehave: another
// process acting between two reads, or a locked or vanished keyring refusing a read, a write or a delete.
import { KeychainError, type Keychain, type KeychainProblem } from '../secrets/keychain';

/** What a test asks of the keychain; each `fail*` is the error that operation rejects with. */
export interface KeychainFaults {
  /** Runs before the n-th read (counting from 1), on the real keychain. */
  beforeGet?: (n: number, real: Keychain) => Promise<void>;
  failGet?: unknown;
  failSet?: unknown;
  failDelete?: unknown;
}

/** `real` with `faults`: the operations not named work on the real keychain. */
export function withFaults(real: Keychain, faults: KeychainFaults): Keychain {
  let gets = 0;
  const fail = (error: unknown) => Promise.reject(error);
  return {
    description: real.description,
    get: async (a) => {
      gets += 1;
      await faults.beforeGet?.(gets, real);
      return faults.failGet ? fail(faults.failGet) : real.get(a);
    },
    set: (a, v) => (faults.failSet ? fail(faults.failSet) : real.set(a, v)),
    delete: (a) => (faults.failDelete ? fail(faults.failDelete) : real.delete(a)),
  };
}

/** A refused write as the keychain names it (`problem`), and one it does not name (reported as unavailable). */
export function writeFailures(problem: KeychainProblem) {
  return [
    [new KeychainError(problem, problem), problem],
    [new Error('dbus gone'), 'unavailable'],
  ] as const;
}
