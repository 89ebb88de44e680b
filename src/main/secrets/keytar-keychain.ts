import { KeychainError, type Keychain, type KeychainProblem } from './keychain';
import {
  manifestFor,
  MAX_PART_BYTES,
  needsSplitting,
  parseManifest,
  partAccount,
  splitUtf8,
  verifyJoined,
} from './chunking';

/** The keytar calls this adapter uses. `findCredentials` is deliberately absent: it crashes on locked collections. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** Options for the keytar keychain. */
export interface KeytarKeychainOptions {
  service: string;
  /** Loads keytar; lazy so a missing native module surfaces as "unavailable", not a crash at start-up. */
  load?: () => Promise<KeytarApi>;
  /** Upper bound for each keychain call; an unanswered unlock prompt must not hang sign-in (default 15 s). */
  timeoutMs?: number;
  maxPartBytes?: number;
}

/** Classifies a libsecret / Credential Manager / Keychain Services error message. */
export function classifyKeytarError(message: string): KeychainProblem {
  if (/locked/i.test(message)) return 'locked';
  if (/dismiss|denied|cancel|not allowed|user interaction/i.test(message)) return 'denied';
  return 'unavailable';
}

async function loadKeytar(): Promise<KeytarApi> {
  const mod = (await import('keytar')) as KeytarApi & { default?: KeytarApi };
  // Stryker disable next-line LogicalOperator: under vitest both objects carry all three functions, and child processes run without the mutant
  return mod.default ?? mod;
}

/** The OS keychain through keytar: every call bounded by a timeout, large values split into parts. */
export function createKeytarKeychain(options: KeytarKeychainOptions): Keychain {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxPartBytes = options.maxPartBytes ?? MAX_PART_BYTES;
  const { service } = options;
  let api: Promise<KeytarApi> | null = null;

  async function call<T>(what: string, fn: (k: KeytarApi) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new KeychainError('timeout', `keychain ${what} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      api ??= (options.load ?? loadKeytar)();
      const k = await Promise.race([api, timeout]);
      return await Promise.race([fn(k), timeout]);
    } catch (e) {
      if (e instanceof KeychainError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      throw new KeychainError(classifyKeytarError(message), `keychain ${what} failed: ${message}`, {
        cause: e,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async function deleteParts(account: string, from: number, to: number): Promise<void> {
    for (let i = from; i <= to; i++)
      await call('delete', (k) => k.deletePassword(service, partAccount(account, i)));
  }

  return {
    description: `OS keychain (keytar, service "${service}")`,
    async get(account) {
      const stored = await call('read', (k) => k.getPassword(service, account));
      // Stryker disable next-line ConditionalExpression: parseManifest(null) finds no manifest, so null is returned below all the same
      if (stored === null) return null;
      const manifest = parseManifest(stored);
      if (!manifest) return stored;
      let joined = '';
      for (let i = 1; i <= manifest.parts; i++) {
        const part = await call('read', (k) => k.getPassword(service, partAccount(account, i)));
        if (part === null)
          throw new KeychainError(
            'corrupt',
            `keychain entry part ${i} of ${manifest.parts} is missing`,
          );
        joined += part;
      }
      if (!verifyJoined(joined, manifest.sha256))
        throw new KeychainError('corrupt', 'keychain entry parts do not match their checksum');
      return joined;
    },
    async set(account, value) {
      // Stryker disable next-line StringLiteral,ArrowFunction: this read's failure is swallowed (no stale parts known), so its label and null-or-undefined never show
      const previous = await call('read', (k) => k.getPassword(service, account)).catch(() => null);
      const previousParts = previous ? (parseManifest(previous)?.parts ?? 0) : 0;
      if (!needsSplitting(value, maxPartBytes)) {
        await call('write', (k) => k.setPassword(service, account, value));
        await deleteParts(account, 1, previousParts);
        return;
      }
      const parts = splitUtf8(value, maxPartBytes);
      // Parts first, manifest last: a reader sees either the old complete value or the new one (checksum).
      for (const [i, part] of parts.entries())
        await call('write', (k) => k.setPassword(service, partAccount(account, i + 1), part));
      await call('write', (k) => k.setPassword(service, account, manifestFor(value, parts.length)));
      await deleteParts(account, parts.length + 1, previousParts);
    },
    async delete(account) {
      // Stryker disable next-line StringLiteral,ArrowFunction: as in set, this read's failure is swallowed
      const stored = await call('read', (k) => k.getPassword(service, account)).catch(() => null);
      const parts = stored ? (parseManifest(stored)?.parts ?? 0) : 0;
      await call('delete', (k) => k.deletePassword(service, account));
      await deleteParts(account, 1, parts);
    },
  };
}
