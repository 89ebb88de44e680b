import type { Logger } from '../log';
import { KeychainError, type Keychain, type KeychainProblem } from '../secrets/keychain';
import {
  parseStoredSession,
  serializeSession,
  SESSION_ACCOUNT,
  type StoredSession,
} from './stored-session';

/** What reading the keychain entry found. */
export type StoreRead =
  | { kind: 'none' }
  | { kind: 'found'; session: StoredSession }
  | { kind: 'unreadable' }
  | { kind: 'unavailable'; problem: KeychainProblem; error: unknown };

/** The stored session in the OS keychain: one entry, shared by the app and the CLI. */
export class TokenStore {
  constructor(
    private readonly keychain: Keychain,
    private readonly log: Logger,
  ) {}

  /** Reads the entry; its tokens are registered as log secrets before anyone can log them. */
  async read(): Promise<StoreRead> {
    let text: string | null;
    try {
      text = await this.keychain.get(SESSION_ACCOUNT);
    } catch (e) {
      if (e instanceof KeychainError && e.problem === 'corrupt') return { kind: 'unreadable' };
      return {
        kind: 'unavailable',
        problem: e instanceof KeychainError ? e.problem : 'unavailable',
        error: e,
      };
    }
    if (text === null) return { kind: 'none' };
    const session = parseStoredSession(text);
    if (!session) return { kind: 'unreadable' };
    this.log.addSecret(session.refreshToken);
    // Stryker disable next-line ConditionalExpression: with `true` a null access token reaches addSecret, which ignores empty values, so nothing changes
    if (session.accessToken) this.log.addSecret(session.accessToken);
    return { kind: 'found', session };
  }

  /** Writes the entry; throws KeychainError when the keychain cannot take it. */
  async write(session: StoredSession): Promise<void> {
    await this.keychain.set(SESSION_ACCOUNT, serializeSession(session));
  }

  /** Removes the entry; throws when the keychain refused (the caller decides what that means). */
  async remove(): Promise<void> {
    await this.keychain.delete(SESSION_ACCOUNT);
  }
}
