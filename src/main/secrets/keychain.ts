/** Why the OS keychain could not be used; each maps to a sentence the user can act on. */
export type KeychainProblem = 'unavailable' | 'locked' | 'denied' | 'timeout' | 'corrupt';

/** A keychain failure. Never carries the secret, only what went wrong. */
export class KeychainError extends Error {
  readonly problem: KeychainProblem;
  constructor(problem: KeychainProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeychainError';
    this.problem = problem;
  }
}

/** The port to the OS keychain: one secret string per account name. Implementations must never hang. */
export interface Keychain {
  /** Human description for logs, e.g. "Secret Service (keytar)". */
  readonly description: string;
  /** The stored value, or null when there is none (or it cannot be read without an unlock prompt). */
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** Removes the value; resolves when there was none. */
  delete(account: string): Promise<void>;
}

/** One short sentence telling the user why their sign-in will not be remembered. */
export function keychainProblemText(problem: KeychainProblem): string {
  switch (problem) {
    case 'locked':
      return 'Your system keychain is locked, so this sign-in will not be remembered after you quit. Unlock it and sign in again to stay signed in.';
    case 'denied':
      return 'Access to the system keychain was refused, so this sign-in will not be remembered after you quit.';
    case 'timeout':
      return 'The system keychain did not respond, so this sign-in will not be remembered after you quit.';
    case 'corrupt':
      return 'The saved sign-in could not be read and was replaced.';
    default:
      return 'No system keychain is available, so this sign-in will not be remembered after you quit.';
  }
}
