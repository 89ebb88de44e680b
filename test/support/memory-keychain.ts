import type { Keychain } from '../../src/main/secrets/keychain';

/**
 * A keychain held in memory, for benchmarks and scripts: the real session code runs unchanged, and nothing is
 * read from or written to the machine's keyring.
 */
export function memoryKeychain(description = 'memory'): Keychain {
  const values = new Map<string, string>();
  return {
    description,
    get: async (account) => values.get(account) ?? null,
    set: async (account, value) => void values.set(account, value),
    delete: async (account) => void values.delete(account),
  };
}
